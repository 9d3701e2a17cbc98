package io.drover.backend.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Finds host ports for instances: a free ephemeral port chosen by the kernel, never one handed out
 * recently by this allocator (so two instances starting together do not get the same one), or a
 * pinned port after checking that it can be bound. Thread-safe.
 */
final class PortAllocator {
    private static final int REMEMBERED = 512;
    private final InetAddress host;
    private final Set<Integer> recent = new HashSet<>();
    private final java.util.ArrayDeque<Integer> order = new java.util.ArrayDeque<>();

    PortAllocator(InetAddress host) {
        this.host = host;
    }

    /** A port that was free a moment ago. */
    synchronized int free() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(host, 0));
                port = s.getLocalPort();
            }
            if (recent.add(port)) {
                order.addLast(port);
                if (order.size() > REMEMBERED) recent.remove(order.removeFirst());
                return port;
            }
        }
        throw new IOException("no free port found on " + host.getHostAddress());
    }

    /** Whether {@code port} can be bound right now. */
    boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
