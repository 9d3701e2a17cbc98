package io.drover.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every verb shares: the root command's global options, and the output streams. */
abstract class Verb implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The root command, with the global options. */
    DroverCli cli() { return DroverCli.of(spec); }

    /** Standard output. */
    PrintWriter out() { return spec.commandLine().getOut(); }

    /** Standard error. */
    PrintWriter err() { return spec.commandLine().getErr(); }
}
