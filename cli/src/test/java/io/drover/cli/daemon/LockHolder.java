package io.drover.cli.daemon;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A test process that holds a daemon's lock file like a live daemon does, without serving anything:
 * prints {@code locked} once it holds the lock, then waits to be killed (at most five minutes).
 */
public final class LockHolder {
    private LockHolder() {}

    /** Locks the file given as the only argument. */
    public static void main(String[] args) throws Exception {
        try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = ch.lock()) {
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(300_000);
        }
    }
}
