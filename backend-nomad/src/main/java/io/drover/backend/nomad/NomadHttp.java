package io.drover.backend.nomad;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Raw calls to Nomad's HTTP API for what the nomad-sdk lacks or models incompletely (job list with
 * meta, allocations, deployments, evaluations as JSON, the event stream, variables, services), with
 * the connection settings of {@link NomadConfig}: the address, {@code X-Nomad-Token}, the
 * {@code region} and {@code namespace} query parameters, and TLS from PEM files. Blocking queries
 * pass {@code index} and {@code wait} and read the {@code X-Nomad-Index} header. Errors are
 * {@link NomadHttpException} (non-2xx) or {@link IOException}; the backend maps both. Thread-safe.
 */
final class NomadHttp {
    /** A JSON answer and its {@code X-Nomad-Index} (0 when absent). */
    record Answer(JsonNode body, long index) {}

    private final NomadConfig config;
    private final HttpClient client;

    NomadHttp(NomadConfig config) {
        this.config = config;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).version(HttpClient.Version.HTTP_1_1);
        if (config.tls()) b.sslContext(sslContext(config));
        this.client = b.build();
    }

    Answer get(String path, Map<String, String> query, String namespace) throws IOException {
        return json(send("GET", path, query, namespace, null, config.requestTimeout()));
    }

    /**
     * A blocking query: answers when the object's index passes {@code index} or after {@code wait}
     * (Nomad adds up to 1/16 of jitter).
     */
    Answer blockingGet(String path, Map<String, String> query, String namespace, long index, Duration wait) throws IOException {
        Map<String, String> q = new LinkedHashMap<>(query);
        q.put("index", Long.toString(index));
        q.put("wait", wait.toSeconds() + "s");
        return json(send("GET", path, q, namespace, null, wait.plus(config.requestTimeout())));
    }

    Answer write(String method, String path, Map<String, String> query, String namespace, JsonNode body) throws IOException {
        return json(send(method, path, query, namespace, body == null ? null : NomadJson.compact(body), config.requestTimeout()));
    }

    /** A streaming GET (event stream, logs): the open body, which the caller closes. */
    InputStream stream(String path, Map<String, String> query, String namespace) throws IOException {
        HttpRequest request = request("GET", path, query, namespace, null, null);
        try {
            HttpResponse<InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() / 100 != 2) {
                String body;
                try (InputStream in = r.body()) {
                    body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
                }
                throw new NomadHttpException(r.statusCode(), "GET " + path.replaceAll("\\?.*", ""), body);
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** {@code GET /v1/event/stream} from {@code index} on the given topics (one {@code topic} parameter each). */
    InputStream streamTopics(java.util.List<String> topics, long index, String namespace) throws IOException {
        StringBuilder path = new StringBuilder("/v1/event/stream?index=").append(index);
        for (String t : topics) path.append("&topic=").append(encode(t));
        return stream(path.toString(), Map.of(), namespace);
    }

    String address() {
        return config.baseUrl();
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> query, String namespace, String body,
            Duration timeout) throws IOException {
        try {
            HttpResponse<String> r = client.send(request(method, path, query, namespace, body, timeout),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() / 100 != 2) throw new NomadHttpException(r.statusCode(), method + " " + path, r.body());
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private HttpRequest request(String method, String path, Map<String, String> query, String namespace, String body, Duration timeout) {
        Map<String, String> q = new LinkedHashMap<>();
        if (namespace != null) q.put("namespace", namespace);
        if (config.region() != null) q.put("region", config.region());
        q.putAll(query);
        StringBuilder url = new StringBuilder(config.baseUrl()).append(path);
        char sep = path.indexOf('?') >= 0 ? '&' : '?';
        for (Map.Entry<String, String> e : q.entrySet()) {
            url.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            sep = '&';
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.toString()));
        if (timeout != null) b.timeout(timeout);
        if (config.token() != null) b.header("X-Nomad-Token", config.token());
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    private static Answer json(HttpResponse<String> r) throws IOException {
        long index = r.headers().firstValue("X-Nomad-Index").map(NomadHttp::parseIndex).orElse(0L);
        String text = r.body();
        return new Answer(text == null || text.isBlank() ? NomadJson.object() : NomadJson.parse(text), index);
    }

    private static long parseIndex(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0L;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/").replace("%3A", ":").replace("%2A", "*");
    }

    /** TLS from the PEM files of the configuration: the CA to trust, the client pair for mutual TLS, or trust-all for skip-verify. */
    static SSLContext sslContext(NomadConfig c) {
        try {
            TrustManager[] trust = null;
            if (c.skipVerify()) {
                trust = new TrustManager[] {new TrustAll()};
            } else if (c.caCert() != null) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int i = 0;
                for (Certificate cert : certificates(c.caCert())) ks.setCertificateEntry("ca-" + i++, cert);
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                trust = tmf.getTrustManagers();
            }
            javax.net.ssl.KeyManager[] keys = null;
            if (c.clientCert() != null) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                char[] none = new char[0];
                ks.setKeyEntry("client", privateKey(c.clientKey()), none, certificates(c.clientCert()).toArray(new Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, none);
                keys = kmf.getKeyManagers();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, trust, null);
            return ctx;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS for the Nomad agent from NOMAD_CACERT / NOMAD_CLIENT_CERT / NOMAD_CLIENT_KEY: " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> certificates(String pemFile) throws IOException, java.security.GeneralSecurityException {
        try (InputStream in = Files.newInputStream(Path.of(pemFile))) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) throw new IOException("no certificate in " + pemFile);
            return certs;
        }
    }

    private static PrivateKey privateKey(String pemFile) throws IOException {
        try (Reader r = Files.newBufferedReader(Path.of(pemFile)); PEMParser parser = new PEMParser(r)) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) return converter.getKeyPair(pair).getPrivate();
            if (o instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
            throw new IOException("no unencrypted private key in " + pemFile);
        }
    }

    /** NOMAD_SKIP_VERIFY: accepts any server certificate and host name. For test agents only. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket s) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket s) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) { }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
