package io.drover.benchmarks;

import io.drover.api.RenderFormat;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.Placement;
import io.drover.api.spec.RestartPolicy;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import io.drover.api.spec.SpecValidator;
import io.drover.api.spec.Violation;
import io.drover.backend.kubernetes.KubernetesTranslator;
import io.drover.backend.local.LocalBackend;
import io.drover.backend.local.LocalConfig;
import io.drover.backend.nomad.NomadTranslator;
import io.drover.backend.swarm.SwarmTranslator;
import io.drover.spi.SpecFingerprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Validation plus translation of the complete example of docs/spec-reference.md, per backend, with
 * no engine: the facade's validation ({@link SpecValidator}) then the backend's translation of the
 * spec into its native object (Swarm's docker-java {@code ServiceSpec}, Kubernetes' Deployment,
 * Service and Secrets, Nomad's job, the local backend's process-group manifest). The spec is read
 * once, from the document's first YAML block after "A complete document" (system property
 * {@code drover.specReference}, default {@code docs/spec-reference.md}). Swarm and Kubernetes get it
 * with what they refuse taken out (see {@link #swarmSpec} and {@link #kubernetesSpec}), as lenient
 * mode or a user would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TranslationBenchmark {
    private ServiceSpec spec;
    /**
     * The example without its environment-variable secrets, which Swarm refuses (no honest
     * equivalent), and without the pinned node port, which its host publish mode cannot honour.
     */
    private ServiceSpec swarmSpec;
    /** The example with at most one instance per node and the default restart policy, the most a Deployment can do. */
    private ServiceSpec kubernetesSpec;
    private String fingerprint;
    private Map<String, SwarmTranslator.SecretBinding> swarmSecrets;
    private final SwarmTranslator swarm = new SwarmTranslator();
    private final KubernetesTranslator kubernetes = new KubernetesTranslator();
    private final NomadTranslator nomad = new NomadTranslator();
    private LocalBackend local;
    private Path localState;

    /** Reads the complete example and checks that every backend translates it. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        spec = SpecIO.read(completeExample(Path.of(System.getProperty("drover.specReference", "docs/spec-reference.md"))));
        fingerprint = SpecFingerprint.of(spec);
        swarmSpec = spec.toBuilder().secrets(spec.secrets().stream().filter(s -> s.env() == null).toList())
                .expose(new ExposeSpec(spec.expose().type(), spec.expose().ports().stream()
                        .map(p -> new ExposedPort(p.port(), p.targetPort(), null)).toList()))
                .build();
        kubernetesSpec = spec.toBuilder()
                .placement(new Placement(spec.placement().constraints(), spec.placement().spread(), 1))
                .restart(RestartPolicy.DEFAULT).build();
        Map<String, SwarmTranslator.SecretBinding> bindings = new HashMap<>();
        for (SecretRef ref : swarmSpec.secrets()) {
            bindings.put(ref.name(), new SwarmTranslator.SecretBinding("id-" + ref.name(),
                    SwarmTranslator.dockerSecretName(spec.name(), ref.name(), fingerprint)));
        }
        swarmSecrets = Map.copyOf(bindings);
        localState = Files.createTempDirectory("drover-bench-local");
        local = new LocalBackend(LocalConfig.builder().stateDirectory(localState).shutdownHook(false).build());
    }

    /** Closes the local backend and removes its state directory. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        local.close();
        try (var paths = Files.walk(localState)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The first {@code yaml} block after the heading "A complete document". */
    static String completeExample(Path specReference) throws IOException {
        String doc = Files.readString(specReference);
        int heading = doc.indexOf("## A complete document");
        int start = doc.indexOf("```yaml\n", heading);
        if (heading < 0 || start < 0) throw new IllegalStateException("no complete example in " + specReference);
        start += "```yaml\n".length();
        return doc.substring(start, doc.indexOf("```", start));
    }

    private static List<Violation> validated(ServiceSpec spec) {
        List<Violation> violations = SpecValidator.validate(spec);
        if (!violations.isEmpty()) throw new IllegalStateException("the complete example is invalid: " + violations);
        return violations;
    }

    /** Validation plus Swarm's translation to a docker-java service spec. */
    @Benchmark
    public Object swarm() {
        validated(swarmSpec);
        return swarm.toNative(swarmSpec, swarmSecrets, 1, fingerprint);
    }

    /** Validation plus the Kubernetes Deployment, Service and Secrets. */
    @Benchmark
    public Object kubernetes() {
        validated(kubernetesSpec);
        return kubernetes.toNative(kubernetesSpec, "shop", 1, 1, fingerprint);
    }

    /** Validation plus the Nomad job (with the neutral spec stored in its meta, as apply does). */
    @Benchmark
    public Object nomad() {
        validated(spec);
        return nomad.toJob(spec, "shop", 1, fingerprint, true);
    }

    /** Validation plus the local backend's manifest (what {@code render} prints), as JSON. */
    @Benchmark
    public Object local() {
        validated(spec);
        return local.render(spec, RenderFormat.JSON);
    }

    /** Validation alone, the share every backend has in common. */
    @Benchmark
    public Object validationOnly() {
        return validated(spec);
    }
}
