package dev.switchboard.api.spi.support;

import dev.switchboard.api.spi.UpstreamRequest;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS a transport uses toward an upstream that names its own trusted certificates
 * ({@link UpstreamRequest#trustedCertificates()}, a private CA): an {@link SSLContext} that
 * trusts those certificates and nothing else, and its trust manager (OkHttp wants both). Host
 * names are still checked by the transport, exactly as with the JVM's default trust store.
 *
 * @param context      the context to make sockets with
 * @param trustManager the context's trust manager
 */
public record UpstreamTls(SSLContext context, X509TrustManager trustManager) {

    /** The TLS for {@code request}, or empty when it trusts the JVM's default trust store. */
    public static Optional<UpstreamTls> forRequest(UpstreamRequest request) {
        List<X509Certificate> trusted = request.trustedCertificates();
        return trusted.isEmpty() ? Optional.empty() : Optional.of(trusting(trusted));
    }

    /** A context that trusts {@code certificates} and nothing else. */
    public static UpstreamTls trusting(List<X509Certificate> certificates) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("upstream-ca-" + i, certificates.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            X509TrustManager manager = null;
            for (TrustManager candidate : factory.getTrustManagers()) {
                if (candidate instanceof X509TrustManager x509) {
                    manager = x509;
                }
            }
            if (manager == null) {
                throw new IllegalStateException("the JVM's " + factory.getAlgorithm() + " trust manager factory made no X.509 trust manager");
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {manager}, null);
            return new UpstreamTls(context, manager);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JVM cannot build a TLS context trusting the upstream's CA certificates: " + e, e);
        }
    }
}
