package io.drover.backend.nomad;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach a Nomad agent, by Nomad's own conventions: {@code NOMAD_ADDR} (default
 * {@code http://127.0.0.1:4646}), {@code NOMAD_TOKEN} (sent as {@code X-Nomad-Token}),
 * {@code NOMAD_NAMESPACE} (the default namespace, else {@code default}), {@code NOMAD_REGION},
 * {@code NOMAD_CACERT}, {@code NOMAD_CLIENT_CERT}, {@code NOMAD_CLIENT_KEY} (PEM files) and
 * {@code NOMAD_SKIP_VERIFY}. Immutable and thread-safe; {@link #toString()} never shows the token.
 *
 * @param address the agent's HTTP API address, {@code http://} or {@code https://}
 * @param token the ACL token's secret ID, or null
 * @param namespace the namespace used when a spec names none
 * @param region the region sent with every request, or null (the agent's own)
 * @param caCert a PEM file of the CA that signed the agent's certificate, or null
 * @param clientCert a PEM client certificate for mutual TLS, or null
 * @param clientKey the PEM private key of {@code clientCert}, or null
 * @param skipVerify whether to accept any server certificate (tests only)
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for a non-streaming answer
 */
public record NomadConfig(URI address, String token, String namespace, String region, String caCert,
        String clientCert, String clientKey, boolean skipVerify, Duration connectTimeout, Duration requestTimeout) {

    /** The address Nomad's CLI uses when NOMAD_ADDR is unset. */
    public static final String DEFAULT_ADDRESS = "http://127.0.0.1:4646";
    /** Nomad's default namespace. */
    public static final String DEFAULT_NAMESPACE = "default";

    public NomadConfig {
        Objects.requireNonNull(address, "address");
        String scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || address.getHost() == null) {
            throw new IllegalArgumentException("NOMAD_ADDR must be an http:// or https:// URL with a host, not '" + address + "'");
        }
        if ((clientCert == null) != (clientKey == null)) {
            throw new IllegalArgumentException("NOMAD_CLIENT_CERT and NOMAD_CLIENT_KEY must be set together");
        }
        token = blankToNull(token);
        namespace = blankToNull(namespace) == null ? DEFAULT_NAMESPACE : namespace;
        region = blankToNull(region);
        if (connectTimeout == null) connectTimeout = Duration.ofSeconds(10);
        if (requestTimeout == null) requestTimeout = Duration.ofSeconds(60);
    }

    /** The configuration the process environment describes. */
    public static NomadConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** The configuration {@code env} describes (the NOMAD_* variables; NOMAD_ADDR may be missing). */
    public static NomadConfig fromEnvironment(Map<String, String> env) {
        String addr = blankToNull(env.get("NOMAD_ADDR"));
        return builder(addr == null ? DEFAULT_ADDRESS : addr)
                .token(env.get("NOMAD_TOKEN"))
                .namespace(env.get("NOMAD_NAMESPACE"))
                .region(env.get("NOMAD_REGION"))
                .caCert(blankToNull(env.get("NOMAD_CACERT")))
                .clientCertificate(blankToNull(env.get("NOMAD_CLIENT_CERT")), blankToNull(env.get("NOMAD_CLIENT_KEY")))
                .skipVerify(isTrue(env.get("NOMAD_SKIP_VERIFY")))
                .build();
    }

    /** Whether an agent is probably configured here without a network call: NOMAD_ADDR is set. */
    public static boolean probablyAvailable() {
        return blankToNull(System.getenv("NOMAD_ADDR")) != null;
    }

    /** A builder for an agent at {@code address}. */
    public static Builder builder(String address) {
        return new Builder(address);
    }

    /** Whether requests go over TLS. */
    public boolean tls() {
        return "https".equalsIgnoreCase(address.getScheme());
    }

    /** {@code address} without a trailing slash, to which API paths are appended. */
    public String baseUrl() {
        String s = address.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public String toString() {
        return "NomadConfig[" + address + ", namespace " + namespace + (region == null ? "" : ", region " + region)
                + (token == null ? "" : ", with token") + (skipVerify ? ", skip verify" : "") + "]";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static boolean isTrue(String s) {
        return s != null && (s.trim().equals("1") || s.trim().equalsIgnoreCase("true"));
    }

    /** A mutable builder for {@link NomadConfig}; not thread-safe. */
    public static final class Builder {
        private final URI address;
        private String token;
        private String namespace;
        private String region;
        private String caCert;
        private String clientCert;
        private String clientKey;
        private boolean skipVerify;
        private Duration connectTimeout;
        private Duration requestTimeout;

        private Builder(String address) {
            try {
                this.address = URI.create(Objects.requireNonNull(address, "address").trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("NOMAD_ADDR is not a URL: '" + address + "'", e);
            }
        }

        public Builder token(String token) { this.token = token; return this; }
        public Builder namespace(String namespace) { this.namespace = namespace; return this; }
        public Builder region(String region) { this.region = region; return this; }
        public Builder caCert(String pemFile) { this.caCert = pemFile; return this; }
        public Builder clientCertificate(String certPemFile, String keyPemFile) { clientCert = certPemFile; clientKey = keyPemFile; return this; }
        public Builder skipVerify(boolean skip) { this.skipVerify = skip; return this; }
        public Builder connectTimeout(Duration timeout) { this.connectTimeout = timeout; return this; }
        public Builder requestTimeout(Duration timeout) { this.requestTimeout = timeout; return this; }

        public NomadConfig build() {
            return new NomadConfig(address, token, namespace, region, caCert, clientCert, clientKey, skipVerify,
                    connectTimeout, requestTimeout);
        }
    }
}
