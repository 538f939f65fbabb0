package io.baton.store.mqtt;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the mirror on disk ({@link MirrorFile}) a second after it changed, one write for a burst of changes, and
 * at once when the store closes. Store thread only: {@code later} runs a task on it after a delay.
 */
final class DiskMirror {
    private static final Duration DELAY = Duration.ofSeconds(1);

    private final Optional<MirrorFile> file;
    private final java.util.function.BiConsumer<Runnable, Duration> later;
    private Mirror saved = Mirror.EMPTY;
    private boolean scheduled;

    DiskMirror(Optional<MirrorFile> file, java.util.function.BiConsumer<Runnable, Duration> later) {
        this.file = file;
        this.later = later;
    }

    /** The rows kept last time; none without a file. */
    Map<String, byte[]> load() {
        return file.map(MirrorFile::load).orElse(Map.of());
    }

    /** What was just loaded is on disk already. */
    void loaded(Mirror mirror) {
        saved = mirror;
    }

    Optional<java.nio.file.Path> path() {
        return file.map(MirrorFile::path);
    }

    /** The mirror changed: keep it in a second, unless a write is due already. */
    void changed(java.util.function.Supplier<Mirror> current) {
        if (file.isEmpty() || scheduled) {
            return;
        }
        scheduled = true;
        later.accept(() -> {
            scheduled = false;
            saveNow(current.get());
        }, DELAY);
    }

    /** Keeps the mirror now if it differs from what is on disk. */
    void saveNow(Mirror mirror) {
        if (file.isPresent() && mirror != saved) {
            file.get().save(mirror.rows());
            saved = mirror;
        }
    }
}
