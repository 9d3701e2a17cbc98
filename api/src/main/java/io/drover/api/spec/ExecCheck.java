package io.drover.api.spec;

import java.util.List;

/** A command run inside the instance: healthy when it exits 0. */
public record ExecCheck(List<String> command) {
    public ExecCheck {
        command = command == null ? List.of() : List.copyOf(command);
    }
}
