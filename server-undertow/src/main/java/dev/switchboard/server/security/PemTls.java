package dev.switchboard.server.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Builds the listener's {@link SSLContext} from PEM files, with the JDK alone: a certificate chain
 * ({@code BEGIN CERTIFICATE} blocks, the server's first) and a PKCS#8 private key
 * ({@code BEGIN PRIVATE KEY}, RSA or EC). Every failure names the file and what to do.
 */
public final class PemTls {

    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private PemTls() {
    }

    /**
     * The TLS context of these files.
     *
     * @throws IllegalArgumentException naming the file that cannot be read or understood, and the fix
     */
    public static SSLContext serverContext(SecurityConfig.TlsFiles files) {
        List<Certificate> chain = certificates(files.certificate());
        PrivateKey key = privateKey(files.key());
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("server", key, password, chain.toArray(new Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("the key in " + files.key() + " does not fit the certificate in "
                    + files.certificate() + " (" + e.getMessage() + "); give the key that belongs to the certificate", e);
        }
    }

    private static List<Certificate> certificates(Path file) {
        byte[] bytes = read(file, "--tls-cert");
        try {
            Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("no certificate in --tls-cert " + file
                        + ": give a PEM file with at least one -----BEGIN CERTIFICATE----- block");
            }
            return List.copyOf(chain);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("--tls-cert " + file + " is not a PEM certificate chain (" + e.getMessage()
                    + "); give the server's certificate, then its intermediates, as -----BEGIN CERTIFICATE----- blocks", e);
        }
    }

    private static PrivateKey privateKey(Path file) {
        String text = new String(read(file, "--tls-key"), StandardCharsets.US_ASCII);
        Matcher pem = PKCS8.matcher(text);
        if (!pem.find()) {
            throw new IllegalArgumentException("--tls-key " + file + " holds no PKCS#8 private key: give a file with a "
                    + "-----BEGIN PRIVATE KEY----- block (convert another form with 'openssl pkcs8 -topk8 -nocrypt -in KEY')");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.group(1));
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException e) {
                // Not this algorithm; try the next.
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(algorithm + " keys are not supported by this JVM", e);
            }
        }
        throw new IllegalArgumentException("--tls-key " + file + " is neither an RSA nor an EC private key: give one of those");
    }

    private static byte[] read(Path file, String option) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + option + " " + file + " (" + e.getMessage()
                    + "): give a readable PEM file", e);
        }
    }
}
