package io.drover.cli;

import io.drover.api.error.InvalidSpecException;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import io.drover.api.spec.SpecValidator;
import io.drover.api.spec.Violation;
import io.drover.spi.BackendProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Reads the specs of a {@code -f FILE} argument ({@code -} is standard input; several documents
 * separated by {@code ---} are several services) and checks them: structure while reading, then
 * the semantic rules, the neutral ones and those of each installed backend's extension section
 * (found with {@link ServiceLoader}). Every violation of every document is reported at once; apply and
 * render add the chosen backend's other rules when the facade checks the spec again.
 */
final class SpecFiles {
    /** The installed backends' providers, one per name, by name (so that their violations come in a fixed order). */
    private static final List<BackendProvider> PROVIDERS = installedProviders();

    private SpecFiles() {}

    /** The valid specs in {@code file}; an {@link InvalidSpecException} with every violation otherwise. */
    static List<ServiceSpec> readValid(String file, InputStream stdin) {
        List<ServiceSpec> specs = SpecIO.readAll(text(file, stdin));
        if (specs.isEmpty()) throw new InvalidSpecException(List.of(new Violation("$", "no spec found in " + file)));
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            String prefix = specs.size() == 1 ? "" : "[" + i + "].";
            for (Violation v : violations(specs.get(i), PROVIDERS)) violations.add(new Violation(prefix + v.path(), v.message()));
        }
        if (!violations.isEmpty()) throw new InvalidSpecException(violations);
        return specs;
    }

    /**
     * The neutral rules' violations, then each installed backend's for its own extension section
     * ({@link BackendProvider#validate}): without a connected backend, these are all that can be checked.
     */
    static List<Violation> violations(ServiceSpec spec, List<BackendProvider> providers) {
        List<Violation> all = new ArrayList<>(SpecValidator.validate(spec));
        for (BackendProvider p : providers) all.addAll(p.validate(spec));
        return all;
    }

    private static List<BackendProvider> installedProviders() {
        Map<String, BackendProvider> byName = new TreeMap<>();
        ServiceLoader.load(BackendProvider.class).forEach(p -> byName.putIfAbsent(p.name(), p));
        return List.copyOf(byName.values());
    }

    private static String text(String file, InputStream stdin) {
        try {
            if (file.equals("-")) return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            return Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new InvalidSpecException(List.of(new Violation("$", "file not found: " + file)));
        } catch (IOException e) {
            throw new InvalidSpecException(List.of(new Violation("$", "cannot read " + file + ": " + e.getMessage())), e);
        }
    }
}
