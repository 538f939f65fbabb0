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
 * {@code <runDirectory>/<app>.pid}: "pid startMillis grouped". The start time guards against pid
 * reuse: after a reboot or a long outage the pid may belong to an unrelated process.
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
        Files.createDirectories(runDirectory);
        Path file = runDirectory.resolve(app + SUFFIX);
        Path tmp = runDirectory.resolve(app + SUFFIX + ".tmp");
        Files.writeString(tmp, pid + " " + startedAt.toEpochMilli() + " " + grouped + "\n");
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
            return ProcessHandle.of(pid).filter(ProcessTree::running).filter(h -> sameStart(h, start))
                    .map(h -> new Found(app, h, grouped, file));
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable pid file {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    private static boolean sameStart(ProcessHandle h, long recordedMillis) {
        return recordedMillis == 0 || h.info().startInstant()
                .map(s -> Math.abs(s.toEpochMilli() - recordedMillis) <= START_TOLERANCE_MILLIS).orElse(true);
    }
}
