package dev.switchboard.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate made for one test with the JDK's own keytool, written as the PEM
 * files a server reads ({@code cert.pem}, {@code key.pem}), plus a server context that presents it
 * and a client context that trusts it. The certificate is its own CA: trusting it is what a
 * private CA's bundle does.
 */
public final class TestCertificate {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final Path certificate;
    private final Path key;
    private final KeyStore store;

    private TestCertificate(Path certificate, Path key, KeyStore store) {
        this.certificate = certificate;
        this.key = key;
        this.store = store;
    }

    /** A certificate for {@code subjectAltName} (keytool syntax, e.g. {@code ip:127.0.0.1} or {@code dns:other.example}). */
    public static TestCertificate create(Path dir, String subjectAltName) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=switchboard-test", "-ext", "SAN=" + subjectAltName,
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + new String(process.getInputStream().readAllBytes()));
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        Certificate cert = store.getCertificate("server");
        PrivateKey privateKey = (PrivateKey) store.getKey("server", PASSWORD);
        Path certFile = Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", cert.getEncoded()));
        Path keyFile = Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", privateKey.getEncoded()));
        return new TestCertificate(certFile, keyFile, store);
    }

    /** The PEM certificate file. */
    public Path certificate() {
        return certificate;
    }

    /** The PEM PKCS#8 key file. */
    public Path key() {
        return key;
    }

    /** A server TLS context that presents this certificate: for a test origin behind https or wss. */
    public SSLContext serverContext() throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** A client TLS context that trusts this certificate and nothing else. */
    public SSLContext trustingClient() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", store.getCertificate("server"));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static String pem(String type, byte[] der) throws IOException {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
