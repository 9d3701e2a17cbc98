package io.drover.cli.daemon;

import io.drover.api.error.DroverException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The per-user state directory of the local daemon: {@code $DROVER_HOME}, default {@code ~/.drover}.
 * The directory is kept at 0700 and the state file ({@code daemon.json}: port, pid, token) is written
 * atomically at 0600, so only the user who owns them can read the token that admits requests.
 * Also holds the daemon's log ({@code daemon.log}) and its lock files.
 */
public final class DaemonHome {
    /** The environment variable that moves the state directory. */
    public static final String ENV = "DROVER_HOME";
    private static final Set<PosixFilePermission> DIR_PERMS = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_PERMS = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path dir;

    /** The state directory at {@code dir} (not created yet). */
    public DaemonHome(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** {@code $DROVER_HOME} from {@code env}, or {@code ~/.drover}. */
    public static DaemonHome fromEnvironment(Map<String, String> env) {
        String home = env.get(ENV);
        if (home != null && !home.isBlank()) return new DaemonHome(Path.of(home));
        return new DaemonHome(Path.of(System.getProperty("user.home"), ".drover"));
    }

    /** The directory. */
    public Path dir() { return dir; }

    /** The state file: port, pid and token of the running daemon. */
    public Path stateFile() { return dir.resolve("daemon.json"); }

    /** Where the daemon's output goes. */
    public Path logFile() { return dir.resolve("daemon.log"); }

    /** Held by a running daemon for its whole life, so that two daemons never serve one home. */
    Path daemonLock() { return dir.resolve("daemon.lock"); }

    /**
     * Whether some process holds {@link #daemonLock()}, that is, a daemon of this home runs. False
     * when the lock file does not exist. (This process never holds it unless it is the daemon.)
     */
    boolean daemonLockHeld() {
        if (!Files.exists(daemonLock())) return false;
        try (FileChannel ch = FileChannel.open(daemonLock(), StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            if (lock == null) return true;
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + daemonLock(), e);
        }
    }

    /** Held by a CLI invocation while it checks for a daemon and starts one. */
    Path launchLock() { return dir.resolve("launch.lock"); }

    /** Creates the directory (0700) if needed and tightens its permissions if it exists. */
    public DaemonHome ensure() {
        try {
            if (POSIX) {
                if (!Files.isDirectory(dir)) Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_PERMS));
                Files.setPosixFilePermissions(dir, DIR_PERMS);
            } else {
                Files.createDirectories(dir);
            }
            return this;
        } catch (IOException e) {
            throw new DroverException("cannot create the Drover state directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The daemon's state, or empty when no state file exists. A corrupt file counts as none. */
    public Optional<DaemonState> readState() {
        try {
            return Optional.of(WireFormat.json().readValue(Files.readString(stateFile()), DaemonState.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes the state file atomically, readable by its owner only (0600). */
    public void writeState(DaemonState state) {
        ensure();
        Path tmp = dir.resolve("daemon.json." + state.pid() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            if (POSIX) Files.createFile(tmp, PosixFilePermissions.asFileAttribute(FILE_PERMS));
            Files.writeString(tmp, WireFormat.toJson(state));
            try {
                Files.move(tmp, stateFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, stateFile(), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stateFile(), e);
        }
    }

    /** Removes the state file if it still names the daemon with {@code pid} (any daemon when pid is negative). */
    public void deleteState(long pid) {
        Optional<DaemonState> state = readState();
        if (pid >= 0 && state.isPresent() && state.get().pid() != pid) return;
        try {
            Files.deleteIfExists(stateFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + stateFile(), e);
        }
    }

    @Override
    public String toString() { return dir.toString(); }
}
