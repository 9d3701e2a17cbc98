package io.drover.cli;

import io.drover.api.Drover;
import io.drover.api.Endpoint;
import io.drover.api.ServiceStatus;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ExposeType;
import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.PortSpec;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover expose NAME --port P [--target-port NAME] [--type T]}: prints the reachable endpoints. */
@Command(name = "expose", description = "Expose a service on a port and print its endpoints.")
final class ExposeCommand extends Verb {
    @Parameters(paramLabel = "NAME", description = "the service")
    String name;

    @Option(names = "--port", required = true, paramLabel = "P", description = "the port to expose the service on")
    int port;

    @Option(names = "--target-port", paramLabel = "NAME", description = "the declared port to forward to (default: the first one)")
    String targetPort;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "loadBalancer", converter = TypeConverter.class,
            description = "loadBalancer, nodePort or internal (default: ${DEFAULT-VALUE})")
    ExposeType type;

    @Override
    public Integer call() {
        try (Drover drover = cli().connect()) {
            ServiceStatus status = drover.status(name).orElseThrow(() -> new ServiceNotFoundException(drover.backendName(), "expose", name));
            String target = targetPort != null ? targetPort : firstPort(status);
            List<Endpoint> endpoints = drover.expose(name, ExposeSpec.of(type, ExposedPort.of(port, target)));
            out().println("service/" + name + " exposed");
            for (Endpoint e : endpoints) out().println("  " + e.name() + "   " + e.url() + "   (" + typeName(e.type()) + ")");
        }
        return 0;
    }

    private String firstPort(ServiceStatus status) {
        List<PortSpec> ports = status.spec() == null ? List.of() : status.spec().ports();
        if (ports.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "service " + name
                    + " declares no port that the backend reports; give --target-port");
        }
        return ports.get(0).name();
    }

    /** The type as written in specs: loadBalancer, nodePort, internal, none. */
    static String typeName(ExposeType type) {
        String[] words = type.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder sb = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) sb.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        return sb.toString();
    }

    /** Reads loadBalancer, nodePort, internal or none, in any case, with or without dashes. */
    static final class TypeConverter implements CommandLine.ITypeConverter<ExposeType> {
        @Override
        public ExposeType convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
                case "loadbalancer" -> ExposeType.LOAD_BALANCER;
                case "nodeport" -> ExposeType.NODE_PORT;
                case "internal", "clusterip" -> ExposeType.INTERNAL;
                case "none" -> ExposeType.NONE;
                default -> throw new CommandLine.TypeConversionException("'" + value + "' is not an expose type (loadBalancer, nodePort, internal)");
            };
        }
    }
}
