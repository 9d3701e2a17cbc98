package io.drover.cli;

import io.drover.api.ApplyResult;
import io.drover.api.Downgrade;
import io.drover.api.Drover;
import io.drover.api.spec.ServiceSpec;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover apply -f FILE}: creates or updates the services in the file. */
@Command(name = "apply", description = "Create or update services from a spec file (YAML or JSON; - for stdin).")
final class ApplyCommand extends Verb {
    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE", description = "the spec file")
    String file;

    @Override
    public Integer call() {
        List<ServiceSpec> specs = SpecFiles.readValid(file, System.in);
        try (Drover drover = cli().connect()) {
            for (ServiceSpec spec : specs) {
                ApplyResult result = drover.apply(spec);
                out().println("service/" + result.name() + " " + verb(result.change()) + " (revision " + result.revision() + ")");
                for (Downgrade d : result.downgrades()) out().println("  downgraded " + d);
            }
        }
        return 0;
    }

    /** kubectl's words for what apply did. */
    static String verb(ApplyResult.Change change) {
        return switch (change) {
            case CREATED -> "created";
            case UPDATED -> "configured";
            case SCALED -> "scaled";
            case UNCHANGED -> "unchanged";
        };
    }
}
