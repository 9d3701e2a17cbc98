package io.drover.cli;

import io.drover.api.Capability;
import io.drover.api.Drover;
import io.drover.backend.local.LocalBackend;
import io.drover.spi.Backend;
import io.drover.spi.BackendProvider;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/**
 * {@code drover backends}: the backends on the classpath, whether they apply here, and what each can
 * do. The local backend's capabilities are its declared constant (creating one would start a
 * supervisor); the others are created and asked, without contacting their engines.
 */
@Command(name = "backends", description = "List the available backends and their capabilities.")
final class BackendsCommand extends Verb {
    @Override
    public Integer call() {
        List<BackendProvider> providers = Drover.providers().stream().sorted(Comparator.comparing(BackendProvider::name)).toList();
        if (providers.isEmpty()) {
            err().println("No backends on the classpath.");
            return DroverCli.EXIT_FAILURE;
        }
        for (BackendProvider p : providers) {
            out().println(p.name() + "   (" + (p.isApplicable() ? "applicable here" : "not detected here") + ", priority " + (p.priority() == Integer.MIN_VALUE ? "lowest" : Integer.toString(p.priority())) + ")");
            Set<Capability> caps;
            try (Backend backend = p.name().equals("local") ? null : p.create()) {
                caps = backend == null ? LocalBackend.CAPABILITIES : backend.capabilities();
            } catch (RuntimeException e) {
                out().println("  cannot be created here: " + e.getMessage());
                continue;
            }
            out().println("  can:    " + ids(Arrays.stream(Capability.values()).filter(caps::contains).toList()));
            out().println("  cannot: " + ids(Arrays.stream(Capability.values()).filter(c -> !caps.contains(c)).toList()));
        }
        return 0;
    }

    private static String ids(List<Capability> caps) {
        return caps.isEmpty() ? "-" : caps.stream().map(Capability::id).collect(Collectors.joining(", "));
    }
}
