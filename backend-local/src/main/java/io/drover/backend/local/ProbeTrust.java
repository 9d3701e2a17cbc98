package io.drover.backend.local;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS trust of HTTPS probes: like the kubelet's, they do not verify the instance's certificate
 * or host name (instances commonly serve self-signed certificates in development). Used only for
 * probes, which only connect to the instances' ports on the loopback address; never for anything
 * else.
 */
final class ProbeTrust extends X509ExtendedTrustManager {
    private ProbeTrust() {}

    /** An SSL context that accepts any server certificate, for probes only. */
    static SSLContext probeContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new ProbeTrust()}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS available for HTTPS probes", e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // probes are clients only
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // not verified, as with the kubelet's HTTPS probes
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // probes are clients only
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // not verified, as with the kubelet's HTTPS probes
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // probes are clients only
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        // not verified, as with the kubelet's HTTPS probes
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
