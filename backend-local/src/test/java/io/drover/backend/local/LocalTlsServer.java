package io.drover.backend.local;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A test workload serving HTTPS with a self-signed certificate from the PKCS12 key store named by
 * {@code KEYSTORE} (password {@code changeit}) on {@code PORT}: {@code /health} answers 200.
 */
public final class LocalTlsServer {
    private LocalTlsServer() {}

    /** Starts the server. */
    public static void main(String[] args) throws Exception {
        char[] password = "changeit".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(System.getenv("KEYSTORE")))) {
            ks.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("PORT"))), 10);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/health", x -> {
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        server.start();
        System.out.println("serving https");
    }
}
