package io.drover.cli;

import io.drover.api.error.InvalidSpecException;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import io.drover.api.spec.SpecValidator;
import io.drover.api.spec.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the specs of a {@code -f FILE} argument ({@code -} is standard input; several documents
 * separated by {@code ---} are several services) and checks them: structure while reading, then
 * the semantic rules. Every violation of every document is reported at once.
 */
final class SpecFiles {
    private SpecFiles() {}

    /** The valid specs in {@code file}; an {@link InvalidSpecException} with every violation otherwise. */
    static List<ServiceSpec> readValid(String file, InputStream stdin) {
        List<ServiceSpec> specs = SpecIO.readAll(text(file, stdin));
        if (specs.isEmpty()) throw new InvalidSpecException(List.of(new Violation("$", "no spec found in " + file)));
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            String prefix = specs.size() == 1 ? "" : "[" + i + "].";
            for (Violation v : SpecValidator.validate(specs.get(i))) violations.add(new Violation(prefix + v.path(), v.message()));
        }
        if (!violations.isEmpty()) throw new InvalidSpecException(violations);
        return specs;
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
