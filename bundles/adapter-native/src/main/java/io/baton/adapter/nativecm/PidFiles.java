package io.baton.adapter.nativecm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code <runDirectory>/<app>.pid}: "pid startMillis grouped startTicks". The start time guards against pid
 * reuse: after a reboot or a long outage the pid may belong to an unrelated process. {@code startTicks} is the
 * kernel's own record of the start ({@code /proc/<pid>/stat} field 22, clock ticks since boot) and is compared
 * exactly, by this class and by the watchdog: the start in epoch millis is derived from the wall clock, which a
 * clock step moves, and a fence that took a live app for a reused pid would leave it running (seen in the fault
 * campaign: three apps left alone by their watchdogs while their backups started them). Files without it (older
 * agents) are compared by the millis, within a second.
 */
final class PidFiles {
    private static final Logger LOG = LoggerFactory.getLogger(PidFiles.class);
    private static final String SUFFIX = ".pid";
    private static final long START_TOLERANCE_MILLIS = 1000;

    /** A process found from its pid file and still running. */
    record Found(String app, ProcessHandle handle, boolean grouped, Path file) {
    }

    private PidFiles() {
    }

    /**
     * @param startedAt when the process started: the caller's clock as it started it, or what /proc said of a
     *                  standby shell long before (reading /proc on the takeover's path would cost it milliseconds);
     *                  adoption and the watchdog tolerate a second
     */
    static Path write(Path runDirectory, String app, long pid, Instant startedAt, boolean grouped) throws IOException {
        return write(runDirectory, app, pid, startedAt, grouped, startTicks(pid).orElse(0));
    }

    /** As above, with the kernel's start ticks given (0: unknown, the millis are compared). */
    static Path write(Path runDirectory, String app, long pid, Instant startedAt, boolean grouped, long startTicks)
            throws IOException {
        Files.createDirectories(runDirectory);
        Path file = runDirectory.resolve(app + SUFFIX);
        Path tmp = runDirectory.resolve(app + SUFFIX + ".tmp");
        Files.writeString(tmp, pid + " " + startedAt.toEpochMilli() + " " + grouped + " " + startTicks + "\n");
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete pid file {}: {}", file, e.toString());
        }
    }

    /** The processes of the pid files that are still running; stale files are deleted. */
    static List<Found> scan(Path runDirectory) {
        List<Found> found = new ArrayList<>();
        if (!Files.isDirectory(runDirectory)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(runDirectory, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String app = name.substring(0, name.length() - SUFFIX.length());
                read(file, app).ifPresentOrElse(found::add, () -> delete(file));
            }
        } catch (IOException e) {
            LOG.warn("could not read pid files in {}: {}", runDirectory, e.toString());
        }
        return found;
    }

    private static Optional<Found> read(Path file, String app) {
        try {
            String[] fields = Files.readString(file).trim().split("\\s+");
            long pid = Long.parseLong(fields[0]);
            long start = fields.length > 1 ? Long.parseLong(fields[1]) : 0;
            boolean grouped = fields.length > 2 && Boolean.parseBoolean(fields[2]);
            long ticks = fields.length > 3 ? Long.parseLong(fields[3]) : 0;
            return ProcessHandle.of(pid).filter(ProcessTree::running)
                    .filter(h -> ticks != 0 ? startTicks(pid).orElse(-1) == ticks : sameStart(h, start))
                    .map(h -> new Found(app, h, grouped, file));
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable pid file {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** The kernel's start of a process, in clock ticks since boot ({@code /proc/<pid>/stat} field 22). */
    static java.util.OptionalLong startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return java.util.OptionalLong.of(Long.parseLong(fields[19])); // field 22; these start at field 3
        } catch (IOException | RuntimeException e) {
            return java.util.OptionalLong.empty(); // gone already, or no /proc
        }
    }

    private static boolean sameStart(ProcessHandle h, long recordedMillis) {
        return recordedMillis == 0 || h.info().startInstant()
                .map(s -> Math.abs(s.toEpochMilli() - recordedMillis) <= START_TOLERANCE_MILLIS).orElse(true);
    }
}
