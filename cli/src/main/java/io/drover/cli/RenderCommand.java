package io.drover.cli;

import io.drover.api.Drover;
import io.drover.api.RenderFormat;
import io.drover.api.spec.ServiceSpec;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover render -f FILE --backend B}: the backend's native manifest, nothing applied. */
@Command(name = "render", description = "Print the native manifest a spec becomes on the chosen backend (a dry run).")
final class RenderCommand extends Verb {
    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE", description = "the spec file (- for stdin)")
    String file;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "yaml", description = "yaml or json (default: ${DEFAULT-VALUE})")
    OutputFormat output;

    @Override
    public Integer call() {
        List<ServiceSpec> specs = SpecFiles.readValid(file, System.in);
        try (Drover drover = cli().connect()) {
            for (int i = 0; i < specs.size(); i++) {
                if (i > 0 && output == OutputFormat.YAML) out().println("---");
                String text = drover.render(specs.get(i), output == OutputFormat.JSON ? RenderFormat.JSON : RenderFormat.YAML);
                out().print(text.endsWith("\n") ? text : text + "\n");
            }
        }
        return 0;
    }
}
