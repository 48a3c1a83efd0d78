package dev.switchboard.api.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads a file of PEM certificates ({@code -----BEGIN CERTIFICATE-----} blocks, as a private
 * certificate authority hands them out), for {@link HubSettings#upstreamCa()}. The JDK's
 * {@link CertificateFactory} does the parsing; this class only turns its failures into sentences
 * that name the setting, the file and the fix.
 */
public final class PemCertificates {

    private PemCertificates() {
    }

    /**
     * The certificates in {@code file}, in order.
     *
     * @param key the setting the file was given for, named in every error
     * @throws IllegalArgumentException if the file cannot be read or holds no certificate
     */
    public static List<X509Certificate> read(Path file, HubSettingKey key) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(key.key() + " " + file + " cannot be read (" + e.getMessage()
                    + "): give the path of a PEM file of CA certificates the server can read", e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(key.key() + " " + file + " is not a PEM certificate file (" + e.getMessage()
                    + "): give the CA's certificates as -----BEGIN CERTIFICATE----- blocks", e);
        }
        List<X509Certificate> x509 = new ArrayList<>();
        for (Certificate certificate : certificates) {
            if (certificate instanceof X509Certificate c) {
                x509.add(c);
            }
        }
        if (x509.isEmpty()) {
            throw new IllegalArgumentException(key.key() + " " + file + " holds no certificate: give the CA's certificates"
                    + " as -----BEGIN CERTIFICATE----- blocks");
        }
        return List.copyOf(x509);
    }
}
