package io.drover.cli;

import io.drover.api.spec.ServiceSpec;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover validate -f FILE}: structure and semantic rules, without any backend. */
@Command(name = "validate", description = "Check a spec file: prints 'valid', or every error as 'path: reason' (exit 2).")
final class ValidateCommand extends Verb {
    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE", description = "the spec file (- for stdin)")
    String file;

    @Override
    public Integer call() {
        List<ServiceSpec> specs = SpecFiles.readValid(file, System.in);
        out().println(specs.size() == 1 ? "valid" : "valid (" + specs.size() + " services)");
        return 0;
    }
}
