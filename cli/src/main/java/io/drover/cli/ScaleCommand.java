package io.drover.cli;

import io.drover.api.Drover;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover scale NAME --replicas N}. */
@Command(name = "scale", description = "Set the number of instances of a service.")
final class ScaleCommand extends Verb {
    @Parameters(paramLabel = "NAME", description = "the service")
    String name;

    @Option(names = "--replicas", required = true, paramLabel = "N", description = "the desired number of instances")
    int replicas;

    @Override
    public Integer call() {
        try (Drover drover = cli().connect()) {
            drover.scale(name, replicas);
            out().println("service/" + name + " scaled to " + replicas);
        }
        return 0;
    }
}
