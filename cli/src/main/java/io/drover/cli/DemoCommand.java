package io.drover.cli;

import picocli.CommandLine.Command;

/** {@code drover demo}: the seed tutorial end to end on the local backend, in this process. */
@Command(name = "demo", description = "Walk the tutorial end to end on the local backend: deploy, expose, get, scale, heal, update, roll back, delete.")
final class DemoCommand extends Verb {
    @Override
    public Integer call() {
        return new TutorialDemo(out(), cli().timeout(), cli().launcher().home().dir().resolve("demo")).run() ? 0 : DroverCli.EXIT_FAILURE;
    }
}
