package io.drover.cli;

import io.drover.api.Problem;
import java.io.PrintWriter;
import java.util.List;

/** Prints problems for a person: type, instance and message, the backend's own reason, and the hint. */
final class ProblemText {
    private ProblemText() {}

    /** Each problem on its own lines; nothing when there are none. */
    static void print(List<Problem> problems, PrintWriter out) {
        for (Problem p : problems) {
            out.println("  " + headline(p));
            if (p.nativeReason() != null && !p.nativeReason().isBlank()) out.println("    reason: " + p.nativeReason());
            out.println("    hint:   " + p.hint());
        }
    }

    /** {@code CRASH_LOOP web-2: exited with code 1}. */
    static String headline(Problem p) {
        return p.type() + (p.instance() == null ? "" : " " + p.instance()) + ": " + p.message();
    }
}
