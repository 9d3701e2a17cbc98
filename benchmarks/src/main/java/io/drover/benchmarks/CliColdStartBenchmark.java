package io.drover.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cold start of the {@code drover} CLI, as a user meets it: {@code ./drover validate -f spec.yaml},
 * {@code ./drover --version} and, as the yardstick of this machine's JVM start, {@code java -version},
 * each a fresh process, interleaved (every round runs all three, starting with another one), after
 * one unmeasured warm-up round that also lets {@code ./drover} build its jar and class-data archive.
 * Prints every round, the medians and the ratios to {@code java -version}.
 *
 * <p>Arguments: the repository root (default: the current directory) and the number of rounds
 * (default 15).
 */
public final class CliColdStartBenchmark {
    private CliColdStartBenchmark() {}

    /** Runs the benchmark. */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Path spec = Files.createTempFile("drover-bench", ".yaml");
        Files.writeString(spec, """
                apiVersion: drover.io/v1
                kind: Service
                metadata: { name: web }
                spec:
                  image: drover-test/web:1
                  replicas: 3
                  ports: [ { name: http, containerPort: 8080 } ]
                  probes:
                    readiness: { http: { path: /healthz, port: http }, periodSeconds: 1 }
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String drover = root.resolve("drover").toString();
        Map<String, List<String>> contenders = new LinkedHashMap<>();
        contenders.put("./drover validate -f spec.yaml", List.of(drover, "validate", "-f", spec.toString()));
        contenders.put("./drover --version", List.of(drover, "--version"));
        contenders.put("java -version", List.of(java, "-version"));
        try {
            for (List<String> cmd : contenders.values()) time(cmd); // warm-up: builds the jar and the archive if needed
            Map<String, List<Double>> seconds = new LinkedHashMap<>();
            contenders.keySet().forEach(k -> seconds.put(k, new ArrayList<>()));
            List<String> names = new ArrayList<>(contenders.keySet());
            for (int r = 0; r < rounds; r++) {
                StringBuilder line = new StringBuilder("round " + (r + 1) + ":");
                for (int i = 0; i < names.size(); i++) {
                    String name = names.get((r + i) % names.size());
                    double s = time(contenders.get(name));
                    seconds.get(name).add(s);
                    line.append(String.format("  %s %.3f s", name, s));
                }
                System.out.println(line);
            }
            double base = InterleavedRounds.median(seconds.get("java -version"));
            System.out.printf("medians over %d rounds (ratio to java -version):%n", rounds);
            for (String name : names) {
                double m = InterleavedRounds.median(seconds.get(name));
                System.out.printf("  %-32s %.3f s  (%.2fx)%n", name, m, m / base);
            }
        } finally {
            Files.deleteIfExists(spec);
        }
    }

    /** Seconds from start to exit of {@code cmd}; a non-zero exit fails the benchmark. */
    private static double time(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null")));
        long start = System.nanoTime();
        int code = pb.start().waitFor();
        double s = (System.nanoTime() - start) / 1e9;
        if (code != 0) throw new IllegalStateException(String.join(" ", cmd) + " exited with " + code);
        return s;
    }
}
