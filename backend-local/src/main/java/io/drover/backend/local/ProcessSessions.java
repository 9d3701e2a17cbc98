package io.drover.backend.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts each instance in a session of its own where the host allows it (Linux with util-linux's
 * {@code setsid} and {@code /proc}), so that processes an instance started are found and stopped
 * even after they were re-parented, e.g. when the instance's main process crashed and left its
 * children behind. {@code setsid -w} runs the program in place (same pid) as the new session's
 * leader. Elsewhere instances run without it and trees are found through parent links only.
 */
final class ProcessSessions {
    private static final Path PROC = Path.of("/proc");
    private static final List<String> PREFIX = detect();

    private ProcessSessions() {}

    private static List<String> detect() {
        if (!Files.isReadable(PROC.resolve("self").resolve("stat"))) return List.of();
        for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(candidate))) return List.of(candidate, "-w");
        }
        return List.of();
    }

    /** True when instances get sessions of their own. */
    static boolean enabled() {
        return !PREFIX.isEmpty();
    }

    /** {@code command} prefixed so that it runs as a new session's leader, when sessions are enabled. */
    static List<String> wrap(List<String> command) {
        if (PREFIX.isEmpty()) return command;
        List<String> all = new ArrayList<>(PREFIX);
        all.addAll(command);
        return all;
    }

    /** The arguments the wrapper itself shows before it runs the program ({@code -w <program>}), or empty. */
    static List<String> wrapperArguments() {
        return PREFIX.isEmpty() ? List.of() : PREFIX.subList(1, PREFIX.size());
    }

    /** The session id of {@code pid}, or -1 when unknown. */
    static long sessionOf(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Every live process of the session led by {@code leader} (the leader included while it lives).
     * Empty unless sessions are enabled, or when {@code leader} did not lead a session of its own.
     */
    static List<ProcessHandle> members(long leader) {
        List<ProcessHandle> list = new ArrayList<>();
        if (!enabled() || leader <= 1 || leader == sessionOf(ProcessHandle.current().pid())) return list;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path d : dirs) {
                long pid = Long.parseLong(d.getFileName().toString());
                if (sessionOf(pid) == leader) ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(list::add);
            }
        } catch (IOException e) {
            return list;
        }
        return list;
    }
}
