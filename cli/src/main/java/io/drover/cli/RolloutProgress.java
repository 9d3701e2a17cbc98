package io.drover.cli;

import io.drover.api.Problem;
import io.drover.api.ServiceStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Shows a wait's progress: "replicas ready x/y" and the current problems. On a terminal the
 * block is redrawn in place (ANSI cursor-up and clear); otherwise a block is printed only when it
 * differs from the last one, so logs stay readable. Thread-safe.
 */
final class RolloutProgress implements Consumer<ServiceStatus> {
    private final String name;
    private final PrintWriter out;
    private final boolean redraw;
    private List<String> shown = List.of();
    private boolean finished;

    RolloutProgress(String name, PrintWriter out, boolean redraw) {
        this.name = name;
        this.out = out;
        this.redraw = redraw;
    }

    @Override
    public synchronized void accept(ServiceStatus s) {
        if (finished) return;
        List<String> lines = lines(name, s);
        if (lines.equals(shown)) return;
        if (redraw && !shown.isEmpty()) out.print("\033[" + shown.size() + "A\033[J");
        lines.forEach(out::println);
        out.flush();
        shown = lines;
    }

    /** Ends the display: the last block stays on screen, and later statuses are ignored. */
    synchronized void finish() {
        finished = true;
        out.flush();
    }

    /** The block shown for {@code s}: one progress line, then one line per problem. */
    static List<String> lines(String name, ServiceStatus s) {
        List<String> lines = new ArrayList<>();
        lines.add("Waiting for " + name + ": replicas ready " + s.ready() + "/" + s.desired() + ", up-to-date " + s.updated()
                + "/" + s.desired() + " (" + s.state() + ", revision " + s.revision() + ")");
        for (Problem p : s.problems()) lines.add("  ! " + ProblemText.headline(p));
        return lines;
    }
}
