package io.drover.backend.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy listening on {@code host:port} that hands each accepted connection to the next READY
 * instance, round-robin, and copies bytes both ways until either side closes. With no ready
 * instance a connection is closed at once. The supervisor updates the target list whenever an
 * instance becomes ready or unready. Closing it stops listening and drops open connections.
 * Thread-safe.
 */
final class LocalLoadBalancer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalLoadBalancer.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 2000;

    private final ServerSocket server;
    private final String service;
    private final ExecutorService pumps;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger next = new AtomicInteger();
    private volatile String targetPort;
    private volatile List<InetSocketAddress> targets = List.of();
    private volatile boolean closed;

    private LocalLoadBalancer(ServerSocket server, String service, String targetPort) {
        this.server = server;
        this.service = service;
        this.targetPort = targetPort;
        AtomicInteger n = new AtomicInteger();
        this.pumps = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "drover-local-lb-" + service + "-" + server.getLocalPort() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Thread acceptor = new Thread(this::acceptLoop, "drover-local-lb-" + service + "-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Listens on {@code host:port} for {@code service}, forwarding to the instances' port named
     * {@code targetPort}. Throws {@link java.net.BindException} when the port is taken.
     */
    static LocalLoadBalancer open(String service, InetAddress host, int port, String targetPort) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port), 256);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new LocalLoadBalancer(s, service, targetPort);
    }

    /** The port listened on. */
    int port() {
        return server.getLocalPort();
    }

    /** The declared port (name or number) connections are forwarded to. */
    String targetPort() {
        return targetPort;
    }

    /** Forwards to another declared port from now on. */
    void retarget(String port) {
        this.targetPort = port;
    }

    /** The ready instances' addresses, replacing the previous list. */
    void targets(List<InetSocketAddress> ready) {
        this.targets = List.copyOf(ready);
    }

    /** The current targets. */
    List<InetSocketAddress> targets() {
        return targets;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) LOG.warn("load balancer of {} on port {} stopped accepting: {}", service, port(), e.toString());
                return;
            }
            List<InetSocketAddress> now = targets;
            if (now.isEmpty()) {
                closeQuietly(client);
                continue;
            }
            InetSocketAddress target = now.get(Math.floorMod(next.getAndIncrement(), now.size()));
            try {
                pumps.execute(() -> connect(client, target));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                closeQuietly(client);
            }
        }
    }

    private void connect(Socket client, InetSocketAddress target) {
        Socket upstream = new Socket();
        open.add(client);
        open.add(upstream);
        AtomicInteger directionsDone = new AtomicInteger();
        try {
            upstream.connect(target, CONNECT_TIMEOUT_MILLIS);
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            pumps.execute(() -> pump(upstream, client, directionsDone));
            pump(client, upstream, directionsDone);
        } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    /** Copies one direction; half-closes at end of stream and closes both once both directions ended. */
    private void pump(Socket from, Socket to, AtomicInteger directionsDone) {
        byte[] buf = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
            if (directionsDone.incrementAndGet() == 2) {
                closeQuietly(from);
                closeQuietly(to);
            }
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        for (Socket s : open) closeQuietly(s);
        pumps.shutdownNow();
    }
}
