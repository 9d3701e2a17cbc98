package io.drover.backend.swarm;

import io.drover.spi.support.ExposureRule;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ContainerSpecFile;
import com.github.dockerjava.api.model.ContainerSpecSecret;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.PortConfigProtocol;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.UpdateConfig;
import com.github.dockerjava.api.model.UpdateFailureAction;
import io.drover.api.Capability;
import io.drover.api.CapabilityUse;
import io.drover.api.RenderFormat;
import io.drover.api.error.CapabilityNotSupportedException;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.Placement;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.Probe;
import io.drover.api.spec.Probes;
import io.drover.api.spec.Protocol;
import io.drover.api.spec.ResourceAmounts;
import io.drover.api.spec.Resources;
import io.drover.api.spec.RestartPolicy;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.SecurityPolicy;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import io.drover.api.spec.SwarmExtension;
import io.drover.api.spec.UpdateOrder;
import io.drover.api.spec.UpdatePolicy;
import io.drover.api.spec.Violation;
import io.drover.spi.Labels;
import io.drover.spi.support.NamespacedNames;
import io.drover.spi.SpecFingerprint;
import io.drover.spi.support.VariableExpansion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Translates Drover's neutral {@link ServiceSpec} to a Docker Engine service spec (docker-java's
 * model, API 1.41) and back. Pure and thread-safe: no engine calls.
 *
 * <p>The mapping, field by field:
 * <ul>
 *   <li>image, command (entrypoint override; empty = the image's), args, env ({@code K=V});
 *       {@code $(VAR)} in command and args is expanded here, from {@link #expansionEnvironment};</li>
 *   <li>secrets: Docker secrets mounted as files at {@code path} (SECRETS_FILE). Secrets with a
 *       source are created by Drover as {@code <service>-<secret>-<fingerprint>}; the others name a
 *       secret already in the swarm's store (SECRET_STORE). Swarm cannot put a secret into an
 *       environment variable, so SECRETS_ENV is lacking;</li>
 *   <li>replicas: replicated mode;</li>
 *   <li>ports: one {@code PortConfig} per declared port, named like it, published in {@code host}
 *       mode (or {@code ingress} with the swarm extension) on {@code hostPort}, or on a port the
 *       engine picks per task when unset, so several replicas fit on one node;</li>
 *   <li>probes: Swarm has ONE health check, which both holds a task back until healthy (readiness)
 *       and replaces it when unhealthy (liveness). The readiness probe (else the liveness probe)
 *       becomes it: http as {@code wget -q -O- http://127.0.0.1:PORT/PATH} and tcp as the shell
 *       command {@code nc -z 127.0.0.1 PORT} (falling back to a plain connect for netcats without
 *       {@code -z}), so the image needs wget, or sh and nc; exec as {@code CMD}; period,
 *       timeout, initial delay (start period) in nanoseconds and failure threshold (retries);</li>
 *   <li>resources: reservations and limits as NanoCPUs and MemoryBytes;</li>
 *   <li>update: parallelism, delay, monitor, order, failure action; the rollback config uses the
 *       same parallelism, order and monitor;</li>
 *   <li>placement: constraints, spread preference, max replicas per node;</li>
 *   <li>security: {@code User uid:gid}, read-only root filesystem, CapabilityAdd/CapabilityDrop;</li>
 *   <li>restart: condition any / on-failure / none and max attempts;</li>
 *   <li>the swarm extension: endpoint mode, publish mode, networks, stop grace period;</li>
 *   <li>labels: the user's, plus {@code io.drover/*} (managed-by, service, revision, spec-hash, the
 *       neutral spec as JSON, and the facts Swarm has no field for: which probe the health check
 *       is, the exposure, where secret values come from).</li>
 * </ul>
 * docker-java 3.7.1 does not model placement preferences nor capability add/drop; small subclasses
 * of its model add them so that the full spec is always sent.
 */
public final class SwarmTranslator {
    /** The neutral spec as canonical JSON, so that status can return the applied spec. */
    public static final String SPEC_LABEL = Labels.PREFIX + "spec";
    /** Which probe the health check is: {@code readiness}, {@code liveness} or {@code startup}. */
    public static final String HEALTH_CHECK_LABEL = Labels.PREFIX + "health-check";
    /** The health check's success threshold when it is not 1 (Swarm has no such field). */
    public static final String SUCCESS_THRESHOLD_LABEL = Labels.PREFIX + "health-check-success-threshold";
    /** The exposure as JSON (Swarm has no exposure object of its own). */
    public static final String EXPOSE_LABEL = Labels.PREFIX + "expose";
    /** Prefix of the labels saying where a secret's value comes from: {@code fromEnv:VAR} or {@code fromFile:PATH}. */
    public static final String SECRET_SOURCE_PREFIX = Labels.PREFIX + "secret.";
    /** Label on Docker secrets Drover made: the neutral secret's name. */
    public static final String SECRET_NAME_LABEL = Labels.PREFIX + "secret";

    static final long NANOS = 1_000_000_000L;
    static final Pattern WGET = Pattern.compile("^(https?)://(?:127\\.0\\.0\\.1|localhost):(\\d+)(/.*)?$");
    static final Pattern NC = Pattern.compile("^nc -z 127\\.0\\.0\\.1 (\\d+)(?:\\s.*)?$", Pattern.DOTALL);

    /** The revision before the current one, as Drover keeps it to roll back to: neutral spec ({@code io.drover/previous-spec}). */
    public static final String PREVIOUS_SPEC_LABEL = Labels.PREFIX + "previous-spec";
    /** The previous revision's number. */
    public static final String PREVIOUS_REVISION_LABEL = Labels.PREFIX + "previous-revision";
    /** The previous revision's Docker secrets, as JSON {@code {name: [id, dockerName]}}. */
    public static final String PREVIOUS_SECRETS_LABEL = Labels.PREFIX + "previous-secrets";

    /** The Docker secret ids and names to reference, by neutral secret name. */
    public record SecretBinding(String id, String dockerName) {}

    /** The revision to keep for a later rollback: its neutral spec, number and secret bindings. */
    public record PreviousRevision(ServiceSpec spec, long revision, Map<String, SecretBinding> secrets) {
        /** The previous revision recorded in a service's labels, or null. */
        public static PreviousRevision fromLabels(Map<String, String> labels) {
            String json = labels.get(PREVIOUS_SPEC_LABEL);
            if (json == null) return null;
            Map<String, SecretBinding> bindings = new LinkedHashMap<>();
            String secrets = labels.get(PREVIOUS_SECRETS_LABEL);
            if (secrets != null) {
                try {
                    SpecIO.jsonMapper().readTree(secrets).properties().forEach(e ->
                            bindings.put(e.getKey(), new SecretBinding(e.getValue().path(0).asText(null), e.getValue().path(1).asText(null))));
                } catch (JsonProcessingException e) {
                    return null;
                }
            }
            return new PreviousRevision(SpecIO.read(json), Long.parseLong(labels.getOrDefault(PREVIOUS_REVISION_LABEL, "0")), bindings);
        }
    }

    /**
     * The Docker service spec for {@code spec} at {@code revision}, with {@code specHash} as its
     * fingerprint; {@code secrets} gives each secret's Docker id and name (missing entries are
     * referenced by {@link #dockerSecretName} without id, as in a dry run).
     *
     * @throws CapabilityNotSupportedException for secrets wanted in environment variables
     * @throws InvalidSpecException when the spec breaks {@link SwarmSpecRules} (a pinned node port without ingress publishing)
     */
    public com.github.dockerjava.api.model.ServiceSpec toNative(ServiceSpec spec, Map<String, SecretBinding> secrets,
            long revision, String specHash) {
        return toNative(spec, secrets, revision, specHash, null);
    }

    /** Like {@link #toNative(ServiceSpec, Map, long, String)}, also recording {@code previous} (may be null) for rollback. */
    public com.github.dockerjava.api.model.ServiceSpec toNative(ServiceSpec spec, Map<String, SecretBinding> secrets,
            long revision, String specHash, PreviousRevision previous) {
        spec = ExposureRule.concrete(spec);
        List<Violation> problems = SwarmSpecRules.validate(spec);
        if (!problems.isEmpty()) throw new InvalidSpecException(problems);
        SwarmExtension swarm = spec.extensions().swarm();
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
        labels.put(Labels.SERVICE, nativeName(spec));
        labels.put(Labels.REVISION, Long.toString(revision));
        labels.put(Labels.SPEC_HASH, specHash);
        labels.put(SPEC_LABEL, SpecIO.toCompactJson(spec));
        if (spec.exposeOrNone().isExposed()) labels.put(EXPOSE_LABEL, SwarmJson.exposeJson(spec.exposeOrNone()));
        if (previous != null) {
            labels.put(PREVIOUS_SPEC_LABEL, SpecIO.toCompactJson(previous.spec()));
            labels.put(PREVIOUS_REVISION_LABEL, Long.toString(previous.revision()));
            if (!previous.secrets().isEmpty()) {
                Map<String, List<String>> refs = new java.util.TreeMap<>();
                previous.secrets().forEach((k, v) -> refs.put(k, java.util.Arrays.asList(v.id(), v.dockerName())));
                try {
                    labels.put(PREVIOUS_SECRETS_LABEL, SpecIO.jsonMapper().writeValueAsString(refs));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        ExtendedContainerSpec container = new ExtendedContainerSpec();
        container.withImage(spec.image());
        Map<String, String> expansion = expansionEnvironment(spec);
        if (!spec.command().isEmpty()) container.withCommand(VariableExpansion.expand(spec.command(), expansion));
        if (!spec.args().isEmpty()) container.withArgs(VariableExpansion.expand(spec.args(), expansion));
        if (!spec.env().isEmpty()) {
            container.withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }
        Map<String, String> containerLabels = new LinkedHashMap<>();
        containerLabels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
        containerLabels.put(Labels.SERVICE, nativeName(spec));
        containerLabels.put(Labels.REVISION, Long.toString(revision));
        container.withLabels(containerLabels);
        secrets(spec, secrets, container, labels);
        healthCheck(spec, container, labels);
        security(spec.security(), container);
        if (swarm != null && swarm.stopGracePeriodSeconds() != null) {
            container.withStopGracePeriod(swarm.stopGracePeriodSeconds() * NANOS);
        }

        TaskSpec task = new TaskSpec().withContainerSpec(container);
        if (!spec.resources().isEmpty()) task.withResources(resources(spec.resources()));
        task.withRestartPolicy(restart(spec.restart()));
        ServicePlacement placement = placement(spec.placement());
        if (placement != null) task.withPlacement(placement);
        if (swarm != null && !swarm.networks().isEmpty()) {
            task.withNetworks(swarm.networks().stream().map(n -> new NetworkAttachmentConfig().withTarget(n)).toList());
        }

        com.github.dockerjava.api.model.ServiceSpec out = new com.github.dockerjava.api.model.ServiceSpec()
                .withName(nativeName(spec))
                .withLabels(labels)
                .withTaskTemplate(task)
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(spec.replicas())))
                .withUpdateConfig(update(spec.update(), false))
                .withRollbackConfig(update(spec.update(), true));
        EndpointSpec endpoint = endpoint(spec);
        if (endpoint != null) out.withEndpointSpec(endpoint);
        return out;
    }

    /**
     * What {@code $(VAR)} in command and args expands from (Swarm does not expand it): the spec's
     * env, then {@code PORT} (the first declared port) and {@code DROVER_PORT_<NAME>} for each
     * declared port, as their container ports, which are fixed on Swarm.
     */
    static Map<String, String> expansionEnvironment(ServiceSpec spec) {
        Map<String, String> env = new LinkedHashMap<>(spec.env());
        if (!spec.ports().isEmpty()) env.put("PORT", Integer.toString(spec.ports().get(0).containerPort()));
        for (PortSpec p : spec.ports()) env.put(VariableExpansion.portVariable(p.name()), Integer.toString(p.containerPort()));
        return env;
    }

    /** The Engine API JSON (or YAML) of the service spec {@code spec} becomes, secrets named as Drover would create them. */
    public String render(ServiceSpec spec, RenderFormat format) {
        com.github.dockerjava.api.model.ServiceSpec nativeSpec = toNative(spec, Map.of(), 1, io.drover.spi.SpecFingerprint.of(spec));
        JsonNode tree = SwarmJson.NATIVE.valueToTree(nativeSpec);
        try {
            return format == RenderFormat.YAML ? SpecIO.yamlMapper().writeValueAsString(tree) : SwarmJson.NATIVE.writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the service spec", e);
        }
    }

    /**
     * The neutral spec of an Engine API service spec, given as JSON or YAML text: either the spec
     * itself (with {@code TaskTemplate}) or a whole service as {@code docker service inspect} shows
     * it (with {@code Spec}, or a one-element array of those).
     *
     * @throws InvalidSpecException when the text is not such a document
     */
    public ServiceSpec importNative(String text) {
        JsonNode node;
        try {
            node = SpecIO.yamlMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException(List.of(new Violation("$", "is not Docker service JSON: " + e.getOriginalMessage())), e);
        }
        if (node != null && node.isArray() && node.size() == 1) node = node.get(0);
        if (node != null && node.has("Spec") && node.get("Spec").isObject()) node = node.get("Spec");
        if (node == null || !node.isObject() || !node.has("TaskTemplate")) {
            throw new InvalidSpecException(List.of(new Violation("$",
                    "must be a Docker service spec (with TaskTemplate) or a service (with Spec)")));
        }
        return fromNative(node);
    }

    /**
     * The Swarm service name of the spec: its name in the default namespace, {@code <namespace>_<name>}
     * in another (see {@link NamespacedNames}); Drover's service labels and secret names use it too.
     */
    static String nativeName(ServiceSpec spec) {
        return NamespacedNames.nativeName(spec.ref());
    }

    /** The neutral spec of an Engine API service spec ({@code Spec} of a service); see {@link SwarmImport}. */
    public ServiceSpec fromNative(JsonNode spec) {
        return SwarmImport.fromNative(spec);
    }

    /**
     * The Docker secret name Drover uses for the neutral secret {@code secret} of {@code service}
     * with the value's {@code fingerprint}: {@code <service>-<secret>-<fingerprint>}, shortened with
     * a hash to Docker's 64 characters.
     */
    public static String dockerSecretName(String service, String secret, String fingerprint) {
        return secretBaseName(service, secret) + "-" + fingerprint;
    }

    static String secretBaseName(String service, String secret) {
        String base = service + "-" + secret;
        if (base.length() <= 64 - 17) return base;
        return base.substring(0, 64 - 17 - 9) + "-" + SpecFingerprint.digest(base).substring(0, 8);
    }

    // ------------------------------------------------------------------ to native

    private static void secrets(ServiceSpec spec, Map<String, SecretBinding> bindings, ContainerSpec container,
            Map<String, String> labels) {
        if (spec.secrets().isEmpty()) return;
        List<CapabilityUse> envUses = new ArrayList<>();
        List<ContainerSpecSecret> out = new ArrayList<>();
        for (int i = 0; i < spec.secrets().size(); i++) {
            SecretRef s = spec.secrets().get(i);
            if (s.env() != null) envUses.add(new CapabilityUse(Capability.SECRETS_ENV, "spec.secrets[" + i + "].env"));
            SecretBinding binding = bindings.get(s.name());
            String dockerName = binding != null ? binding.dockerName()
                    : s.hasSource() ? secretBaseName(nativeName(spec), s.name()) + "-<fingerprint>" : s.name();
            if (s.fromEnv() != null) labels.put(SECRET_SOURCE_PREFIX + s.name(), "fromEnv:" + s.fromEnv());
            if (s.fromFile() != null) labels.put(SECRET_SOURCE_PREFIX + s.name(), "fromFile:" + s.fromFile());
            ContainerSpecSecret ref = new ContainerSpecSecret().withSecretName(dockerName)
                    .withFile(new ContainerSpecFile().withName(s.path() != null ? s.path() : s.name())
                            .withUid("0").withGid("0").withMode(0444L));
            if (binding != null && binding.id() != null) ref.withSecretId(binding.id());
            out.add(ref);
        }
        if (!envUses.isEmpty()) throw new CapabilityNotSupportedException(SwarmBackend.NAME, spec.name(), envUses);
        container.withSecrets(out);
    }

    private static void healthCheck(ServiceSpec spec, ContainerSpec container, Map<String, String> labels) {
        Probes probes = spec.probes();
        String role;
        Probe probe;
        if (probes.readiness() != null) { probe = probes.readiness(); role = "readiness"; }
        else if (probes.liveness() != null) { probe = probes.liveness(); role = "liveness"; }
        else if (probes.startup() != null) { probe = probes.startup(); role = "startup"; }
        else return;
        List<String> test = switch (probe.kind()) {
            case HTTP -> List.of("CMD", "wget", "-q", "-O-", probe.http().scheme() + "://127.0.0.1:"
                    + port(spec, probe.http().port()) + probe.http().path());
            case TCP -> {
                int port = port(spec, probe.tcp().port());
                // busybox nc has no -z: then a plain connect with stdin closed tells the same
                yield List.of("CMD-SHELL", "nc -z 127.0.0.1 " + port + " || nc -w " + probe.timeoutSeconds()
                        + " 127.0.0.1 " + port + " </dev/null >/dev/null 2>&1");
            }
            case EXEC -> {
                List<String> cmd = new ArrayList<>();
                cmd.add("CMD");
                cmd.addAll(probe.exec().command());
                yield cmd;
            }
        };
        container.withHealthCheck(new HealthCheck().withTest(test)
                .withInterval(probe.periodSeconds() * NANOS)
                .withTimeout(probe.timeoutSeconds() * NANOS)
                .withRetries(probe.failureThreshold())
                .withStartPeriod(probe.initialDelaySeconds() * NANOS));
        labels.put(HEALTH_CHECK_LABEL, role);
        if (probe.successThreshold() != Probe.DEFAULT_SUCCESS_THRESHOLD) {
            labels.put(SUCCESS_THRESHOLD_LABEL, Integer.toString(probe.successThreshold()));
        }
    }

    private static int port(ServiceSpec spec, String reference) {
        return spec.resolvePort(reference).orElseThrow(() -> new InvalidSpecException(List.of(
                new Violation("spec.probes", "port '" + reference + "' names no declared port"))));
    }

    private static void security(SecurityPolicy s, ExtendedContainerSpec container) {
        if (s.runAsUser() != null || s.runAsGroup() != null) {
            String user = s.runAsUser() != null ? s.runAsUser().toString() : "0";
            container.withUser(s.runAsGroup() != null ? user + ":" + s.runAsGroup() : user);
        }
        if (s.readOnlyRootFilesystem() != null) container.withReadOnly(s.readOnlyRootFilesystem());
        if (!s.addCapabilities().isEmpty()) container.capabilityAdd = s.addCapabilities().stream().map(SwarmTranslator::capName).toList();
        if (!s.dropCapabilities().isEmpty()) container.capabilityDrop = s.dropCapabilities().stream().map(SwarmTranslator::capName).toList();
    }

    private static String capName(String c) {
        String upper = c.toUpperCase(Locale.ROOT);
        return upper.equals("ALL") || upper.startsWith("CAP_") ? upper : "CAP_" + upper;
    }

    private static ResourceRequirements resources(Resources r) {
        ResourceRequirements out = new ResourceRequirements();
        if (!r.requests().isEmpty()) out.withReservations(specs(r.requests()));
        if (!r.limits().isEmpty()) out.withLimits(specs(r.limits()));
        return out;
    }

    private static ResourceSpecs specs(ResourceAmounts a) {
        ResourceSpecs s = new ResourceSpecs();
        if (a.cpu() != null) s.withNanoCPUs(a.cpu().amount().movePointRight(9).setScale(0, java.math.RoundingMode.CEILING).longValueExact());
        if (a.memory() != null) s.withMemoryBytes(a.memory().toUnits());
        return s;
    }

    private static ServiceRestartPolicy restart(RestartPolicy r) {
        ServiceRestartCondition condition = switch (r.policy()) {
            case ALWAYS -> ServiceRestartCondition.ANY;
            case ON_FAILURE -> ServiceRestartCondition.ON_FAILURE;
            case NEVER -> ServiceRestartCondition.NONE;
        };
        ServiceRestartPolicy p = new ServiceRestartPolicy().withCondition(condition);
        if (r.maxAttempts() != null) p.withMaxAttempts(r.maxAttempts().longValue());
        return p;
    }

    private static ServicePlacement placement(Placement p) {
        if (p.isEmpty()) return null;
        ExtendedPlacement out = new ExtendedPlacement();
        if (!p.constraints().isEmpty()) out.withConstraints(p.constraints());
        if (p.maxPerNode() != null) out.withMaxReplicas(p.maxPerNode());
        if (p.spread() != null) out.preferences = List.of(Map.of("Spread", Map.of("SpreadDescriptor", p.spread())));
        return out;
    }

    private static UpdateConfig update(UpdatePolicy u, boolean forRollback) {
        UpdateConfig c = new UpdateConfig()
                .withParallelism(u.parallelism().longValue())
                .withDelay(u.delaySeconds() * NANOS)
                .withMonitor(u.monitorSeconds() * NANOS)
                .withOrder(u.order() == UpdateOrder.START_FIRST
                        ? com.github.dockerjava.api.model.UpdateOrder.START_FIRST
                        : com.github.dockerjava.api.model.UpdateOrder.STOP_FIRST);
        if (forRollback) return c.withFailureAction(UpdateFailureAction.PAUSE);
        return c.withFailureAction(switch (u.failureAction()) {
            case ROLLBACK -> UpdateFailureAction.ROLLBACK;
            case PAUSE -> UpdateFailureAction.PAUSE;
            case CONTINUE -> UpdateFailureAction.CONTINUE;
        });
    }

    private static EndpointSpec endpoint(ServiceSpec spec) {
        SwarmExtension swarm = spec.extensions().swarm();
        boolean ingress = swarm != null && swarm.publishMode() == SwarmExtension.PublishMode.INGRESS;
        List<ExposedPort> exposed = spec.exposeOrNone().ports();
        List<PortConfig> ports = new ArrayList<>();
        for (PortSpec p : spec.ports()) {
            Integer published = p.hostPort();
            if (published == null && ingress) {
                published = exposed.stream().filter(e -> e.nodePort() != null
                        && spec.resolvePort(e.targetPort()).map(t -> t == p.containerPort()).orElse(false))
                        .map(ExposedPort::nodePort).findFirst().orElse(null);
            }
            PortConfig c = new PortConfig().withName(p.name()).withTargetPort(p.containerPort())
                    .withProtocol(p.protocol() == Protocol.UDP ? PortConfigProtocol.UDP : PortConfigProtocol.TCP)
                    .withPublishMode(ingress ? PortConfig.PublishMode.ingress : PortConfig.PublishMode.host);
            if (published != null) c.withPublishedPort(published);
            ports.add(c);
        }
        EndpointResolutionMode mode = swarm == null || swarm.endpointMode() == null ? null
                : swarm.endpointMode() == SwarmExtension.EndpointMode.DNSRR ? EndpointResolutionMode.DNSRR : EndpointResolutionMode.VIP;
        if (ports.isEmpty() && mode == null) return null;
        EndpointSpec e = new EndpointSpec();
        if (mode != null) e.withMode(mode);
        if (!ports.isEmpty()) e.withPorts(ports);
        return e;
    }


    /** docker-java's container spec plus the Engine API 1.41 fields it lacks. */
    static final class ExtendedContainerSpec extends ContainerSpec {
        private static final long serialVersionUID = 1L;
        @JsonProperty("CapabilityAdd")
        List<String> capabilityAdd;
        @JsonProperty("CapabilityDrop")
        List<String> capabilityDrop;
    }

    /** docker-java's placement plus the placement preferences it lacks. */
    static final class ExtendedPlacement extends ServicePlacement {
        private static final long serialVersionUID = 1L;
        @JsonProperty("Preferences")
        List<Map<String, Map<String, String>>> preferences;
    }
}
