package io.drover.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every verb shares: {@code -h/--help} (answered before any required option or parameter is
 * checked), the root command's global options, and the output streams.
 */
abstract class Verb implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    /** The root command, with the global options. */
    DroverCli cli() { return DroverCli.of(spec); }

    /** Standard output. */
    PrintWriter out() { return spec.commandLine().getOut(); }

    /** Standard error. */
    PrintWriter err() { return spec.commandLine().getErr(); }
}
