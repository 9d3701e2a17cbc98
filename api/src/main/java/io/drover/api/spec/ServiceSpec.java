package io.drover.api.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The backend-neutral description of a service: what to run, how many, on which ports, how it is
 * exposed, probed, updated, placed and secured. Immutable; build one with {@link #builder(String)}
 * or read one with {@link SpecIO}. Construction never validates (so that every violation can be
 * reported at once): {@link SpecValidator} does, and the facade runs it, with the backend's own
 * rules ({@link io.drover.spi.Backend#validate}), before any backend call.
 *
 * <p>Collections and sections are never null; unset single values are null. The one section that
 * may be null is {@link #expose()}: a spec without {@code expose} leaves the service's current
 * exposure as it is (an exposure outlives applies of the workload, as a Kubernetes Service does),
 * while {@link ExposeSpec#NONE} removes it. A new service with no exposure is not exposed.
 *
 * <p>{@link #namespace()} ({@code metadata.namespace}) is part of the service's identity, not of
 * its content: null means the facade's namespace (by default the backend's own default), and it
 * never starts a new revision.
 */
public record ServiceSpec(
        String name,
        String namespace,
        Map<String, String> labels,
        String image,
        List<String> command,
        List<String> args,
        Map<String, String> env,
        List<SecretRef> secrets,
        int replicas,
        List<PortSpec> ports,
        ExposeSpec expose,
        Resources resources,
        Probes probes,
        UpdatePolicy update,
        Placement placement,
        SecurityPolicy security,
        RestartPolicy restart,
        Extensions extensions) {

    public ServiceSpec {
        labels = immutableMap(labels);
        command = command == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(command));
        args = args == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(args));
        env = immutableMap(env);
        secrets = secrets == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(secrets));
        ports = ports == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(ports));
        if (resources == null) resources = Resources.NONE;
        if (probes == null) probes = Probes.NONE;
        if (update == null) update = UpdatePolicy.DEFAULT;
        if (placement == null) placement = Placement.NONE;
        if (security == null) security = SecurityPolicy.NONE;
        if (restart == null) restart = RestartPolicy.DEFAULT;
        if (extensions == null) extensions = Extensions.NONE;
    }

    /** A builder for a service called {@code name}, with one replica and nothing else set. */
    public static Builder builder(String name) {
        return new Builder().name(name);
    }

    /** A builder holding this spec's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.namespace = namespace; b.name = name; b.labels.putAll(labels); b.image = image; b.command = command; b.args = args;
        b.env.putAll(env); b.secrets.addAll(secrets); b.replicas = replicas; b.ports.addAll(ports);
        b.expose = expose; b.resources = resources; b.probes = probes; b.update = update;
        b.placement = placement; b.security = security; b.restart = restart; b.extensions = extensions;
        return b;
    }

    /** The exposure, or {@link ExposeSpec#NONE} when the spec leaves it unset. */
    public ExposeSpec exposeOrNone() { return expose == null ? ExposeSpec.NONE : expose; }

    /** This spec with another exposure (null: leave the current one as it is). */
    public ServiceSpec withExpose(ExposeSpec e) { return toBuilder().expose(e).build(); }

    /** This spec in another namespace (null: the facade's). */
    public ServiceSpec withNamespace(String ns) { return toBuilder().namespace(ns).build(); }

    /** The service this spec describes: its namespace and name. */
    public io.drover.api.ServiceRef ref() { return new io.drover.api.ServiceRef(namespace, name); }

    /** This spec with another replica count. */
    public ServiceSpec withReplicas(int n) { return toBuilder().replicas(n).build(); }

    /** The declared port with this name, if any. */
    public Optional<PortSpec> port(String portName) {
        return ports.stream().filter(p -> portName != null && portName.equals(p.name())).findFirst();
    }

    /**
     * Resolves a probe's or expose's port reference (a declared port's name, or a number as text) to
     * the container port, if it resolves.
     */
    public Optional<Integer> resolvePort(String reference) {
        if (reference == null) return Optional.empty();
        Optional<PortSpec> named = port(reference);
        if (named.isPresent()) return Optional.of(named.get().containerPort());
        try {
            return Optional.of(Integer.parseInt(reference));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> immutableMap(Map<String, String> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** A mutable builder for {@link ServiceSpec}; not thread-safe. */
    public static final class Builder {
        private String namespace;
        private String name;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private String image;
        private List<String> command = List.of();
        private List<String> args = List.of();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<SecretRef> secrets = new ArrayList<>();
        private int replicas = 1;
        private final List<PortSpec> ports = new ArrayList<>();
        private ExposeSpec expose;
        private Resources resources = Resources.NONE;
        private Probes probes = Probes.NONE;
        private UpdatePolicy update = UpdatePolicy.DEFAULT;
        private Placement placement = Placement.NONE;
        private SecurityPolicy security = SecurityPolicy.NONE;
        private RestartPolicy restart = RestartPolicy.DEFAULT;
        private Extensions extensions = Extensions.NONE;

        private Builder() {}

        public Builder name(String name) { this.name = name; return this; }
        /** The namespace (null, the default: the facade's namespace). */
        public Builder namespace(String namespace) { this.namespace = namespace; return this; }
        public Builder label(String key, String value) { labels.put(key, value); return this; }
        public Builder labels(Map<String, String> labels) { this.labels.clear(); this.labels.putAll(labels); return this; }
        public Builder image(String image) { this.image = image; return this; }
        public Builder command(String... command) { this.command = List.of(command); return this; }
        public Builder command(List<String> command) { this.command = List.copyOf(command); return this; }
        public Builder args(String... args) { this.args = List.of(args); return this; }
        public Builder args(List<String> args) { this.args = List.copyOf(args); return this; }
        public Builder env(String key, String value) { env.put(key, value); return this; }
        public Builder env(Map<String, String> env) { this.env.clear(); this.env.putAll(env); return this; }
        public Builder secret(SecretRef secret) { secrets.add(secret); return this; }
        public Builder secrets(List<SecretRef> secrets) { this.secrets.clear(); this.secrets.addAll(secrets); return this; }
        public Builder replicas(int replicas) { this.replicas = replicas; return this; }
        public Builder port(PortSpec port) { ports.add(port); return this; }
        public Builder port(String name, int containerPort) { return port(PortSpec.tcp(name, containerPort)); }
        public Builder ports(List<PortSpec> ports) { this.ports.clear(); this.ports.addAll(ports); return this; }
        /** The exposure; null (the default) leaves a service's current exposure as it is. */
        public Builder expose(ExposeSpec expose) { this.expose = expose; return this; }
        public Builder resources(Resources resources) { this.resources = resources; return this; }
        public Builder requests(String cpu, String memory) { resources = new Resources(ResourceAmounts.of(cpu, memory), resources.limits()); return this; }
        public Builder limits(String cpu, String memory) { resources = new Resources(resources.requests(), ResourceAmounts.of(cpu, memory)); return this; }
        public Builder probes(Probes probes) { this.probes = probes; return this; }
        public Builder readiness(Probe p) { probes = new Probes(p, probes.liveness(), probes.startup()); return this; }
        public Builder liveness(Probe p) { probes = new Probes(probes.readiness(), p, probes.startup()); return this; }
        public Builder startup(Probe p) { probes = new Probes(probes.readiness(), probes.liveness(), p); return this; }
        public Builder update(UpdatePolicy update) { this.update = update; return this; }
        public Builder placement(Placement placement) { this.placement = placement; return this; }
        public Builder security(SecurityPolicy security) { this.security = security; return this; }
        public Builder restart(RestartPolicy restart) { this.restart = restart; return this; }
        public Builder restart(RestartCondition condition) { this.restart = new RestartPolicy(condition, null); return this; }
        public Builder extensions(Extensions extensions) { this.extensions = extensions; return this; }

        /** Builds the spec; does not validate (see {@link SpecValidator}). */
        public ServiceSpec build() {
            return new ServiceSpec(name, namespace, labels, image, command, args, env, secrets, replicas, ports, expose,
                    resources, probes, update, placement, security, restart, extensions);
        }
    }
}
