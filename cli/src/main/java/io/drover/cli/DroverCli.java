package io.drover.cli;

import io.drover.api.Drover;
import io.drover.api.error.BackendUnavailableException;
import io.drover.cli.daemon.DaemonHome;
import io.drover.cli.daemon.DaemonLauncher;
import io.drover.spi.BackendProvider;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code drover} command: kubectl-shaped verbs over the {@link Drover} facade. The local backend
 * is reached through its supervisor daemon ({@link DaemonLauncher}), so that separate invocations
 * keep managing the same services; other backends are connected in-process.
 *
 * <p>Exit codes: 0 success, 2 usage error or invalid spec (each violation printed as
 * {@code path: reason}), 1 anything else. Stack traces only with {@code --debug}.
 */
@Command(name = "drover", mixinStandardHelpOptions = true, versionProvider = DroverCli.Version.class,
        description = "Deploy, scale, probe, expose, update, roll back and inspect services on local, swarm, kubernetes or nomad.")
public final class DroverCli implements Runnable {
    /** Exit code for usage errors and invalid specs. */
    public static final int EXIT_USAGE = 2;
    /** Exit code for every other failure. */
    public static final int EXIT_FAILURE = 1;

    /**
     * Every verb by its name, in the order of the usage help. Picocli builds a command's model by
     * reflection, which is most of a cold start's time, so {@link #commandLine} builds only the
     * invoked verb's (see there).
     */
    static final Map<String, Class<?>> VERBS;

    static {
        Map<String, Class<?>> verbs = new LinkedHashMap<>();
        verbs.put("apply", ApplyCommand.class);
        verbs.put("get", GetCommand.class);
        verbs.put("describe", DescribeCommand.class);
        verbs.put("scale", ScaleCommand.class);
        verbs.put("expose", ExposeCommand.class);
        verbs.put("rollout", RolloutCommand.class);
        verbs.put("logs", LogsCommand.class);
        verbs.put("delete", DeleteCommand.class);
        verbs.put("validate", ValidateCommand.class);
        verbs.put("render", RenderCommand.class);
        verbs.put("backends", BackendsCommand.class);
        verbs.put("local", LocalCommand.class);
        verbs.put("demo", DemoCommand.class);
        verbs.put("help", CommandLine.HelpCommand.class);
        VERBS = Collections.unmodifiableMap(verbs);
    }

    @Option(names = "--backend", scope = ScopeType.INHERIT, defaultValue = "local", paramLabel = "NAME",
            description = "local, swarm, kubernetes or nomad (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, defaultValue = "2m", paramLabel = "DURATION",
            converter = DurationConverter.class, description = "how long waits may take, e.g. 90s, 2m (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = {"-n", "--namespace"}, scope = ScopeType.INHERIT, paramLabel = "NAMESPACE",
            description = "the namespace to work in (default: the backend's default namespace; kubectl's -n)")
    String namespace;

    @Option(names = "--lenient", scope = ScopeType.INHERIT,
            description = "downgrade what the backend cannot do to its nearest equivalent instead of refusing the spec")
    boolean lenient;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "print stack traces of errors")
    boolean debug;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    /** A CLI that reads {@code DROVER_HOME} from {@code env}. */
    public DroverCli(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** Runs the CLI and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs the CLI with these streams and environment and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        DroverCli cli = new DroverCli(env);
        CommandLine cmd = commandLine(cli, args);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setAllowSubcommandsAsOptionParameters(true);
        cmd.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cmd.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cmd.setExecutionExceptionHandler(new ErrorReport(() -> cli.debug));
        int code = cmd.execute(args);
        cmd.getOut().flush();
        cmd.getErr().flush();
        return code;
    }

    /**
     * The command tree for {@code args}: the root with only the verb that {@code args} invoke, found
     * the way picocli parses them (the first argument that is neither a root option nor the value of
     * one), or with every verb when that is no verb's name (no verb, {@code help}, a typo: the usage
     * and picocli's suggestions need them all). Settings must be made after this, since picocli
     * applies them only to the subcommands present.
     */
    static CommandLine commandLine(DroverCli cli, String[] args) {
        CommandLine cmd = new CommandLine(cli);
        Class<?> verb = VERBS.get(invokedVerb(cmd.getCommandSpec(), args));
        if (verb != null && verb != CommandLine.HelpCommand.class) {
            cmd.addSubcommand(verb);
        } else {
            // a loop, not forEach(cmd::addSubcommand): a method handle to picocli's CommandLine, whose
            // class file is version 49, makes the archive dump link it and then leave it out
            for (Class<?> v : VERBS.values()) cmd.addSubcommand(v);
        }
        return cmd;
    }

    /** The first argument that is neither one of {@code root}'s options nor an option's value; null if none. */
    private static String invokedVerb(CommandSpec root, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) return null;
            if (!a.startsWith("-")) return a;
            OptionSpec option = root.findOption(a);
            if (option != null && option.arity().max() > 0 && !a.contains("=")) i++; // "--backend swarm"; "--backend=swarm" is one argument
        }
        return null;
    }

    /** Without a verb: the usage, as a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing verb: give one of "
                + spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).collect(Collectors.joining(", ")));
    }

    /** The facade for the chosen backend: the local daemon (started on demand) or an in-process backend. */
    Drover connect() {
        java.util.List<io.drover.api.spec.Violation> invalid = new java.util.ArrayList<>();
        io.drover.api.spec.SpecValidator.namespace(namespace, "--namespace", invalid);
        if (!invalid.isEmpty()) throw new io.drover.api.error.InvalidSpecException(invalid);
        if (backend.equals("local")) {
            return Drover.builder(launcher().connect()).lenient(lenient).retryDeadline(Duration.ofSeconds(10)).namespace(namespace).build();
        }
        BackendProvider provider = Drover.providers().stream().filter(p -> p.name().equals(backend)).findFirst()
                .orElseThrow(() -> new BackendUnavailableException("no backend named '" + backend + "' (available: "
                        + Drover.providers().stream().map(BackendProvider::name).sorted().collect(Collectors.joining(", ")) + ")",
                        backend, "connect", null, null, false, null));
        return Drover.builder(provider.create()).lenient(lenient).namespace(namespace).build();
    }

    /** The launcher of this user's local daemon. */
    DaemonLauncher launcher() {
        return new DaemonLauncher(DaemonHome.fromEnvironment(env));
    }

    /** The chosen backend's name. */
    String backendName() { return backend; }

    /** The wait timeout. */
    Duration timeout() { return timeout; }

    /** The root command of {@code spec}'s command tree. */
    static DroverCli of(CommandSpec spec) {
        return (DroverCli) spec.root().userObject();
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = DroverCli.class.getPackage().getImplementationVersion();
            return new String[] {"drover " + (v == null ? "development build" : v)};
        }
    }
}
