package dev.switchboard.transport.websocket;

import java.io.InputStream;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The test origin's TLS identity: a certificate for {@code localhost} only, which the test JVM
 * trusts through its default trust store (see the module's surefire configuration).
 */
final class OriginTls {

    private OriginTls() {
    }

    static SSLContext context() throws Exception {
        char[] password = "changeit".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = OriginTls.class.getResourceAsStream("/tls/origin-keystore.p12")) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
