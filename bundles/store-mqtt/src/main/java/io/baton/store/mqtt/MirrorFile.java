package io.baton.store.mqtt;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * This node's mirror on disk: every row as it was received (topic to payload), so that after every broker lost its
 * state — all of them stopped without persistence, or wiped — the nodes publish the rules, the tables and the
 * adapters' assignments again. Written whole to a temporary file and moved over the old one, so a crash leaves
 * the old file or the new one, never half of one; readable by its owner only (mode 600 in a 700 directory):
 * the rows hold the apps' command lines.
 */
final class MirrorFile {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorFile.class);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path file;

    MirrorFile(Path directory, String cluster) {
        this.file = directory.resolve("mirror-" + Topics.escape(cluster).replace('/', '_') + ".json");
    }

    Path path() {
        return file;
    }

    /** The rows kept last time; none when there is no file, or it cannot be read (then logged). */
    Map<String, byte[]> load() {
        Map<String, byte[]> rows = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return rows;
        }
        try {
            JsonElement root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            JsonObject o = root.getAsJsonObject();
            o.entrySet().forEach(e -> rows.put(e.getKey(), e.getValue().getAsString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the mirror kept in {} ({}); starting without it", file, e.toString());
            rows.clear();
        }
        return rows;
    }

    /** Replaces the kept rows with these. */
    void save(Map<String, Mirror.Row> rows) {
        JsonObject o = new JsonObject();
        rows.forEach((topic, row) -> o.addProperty(topic, new String(row.payload(), StandardCharsets.UTF_8)));
        try {
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                if (POSIX) {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                }
            }
            Path temp = Files.createTempFile(dir, "mirror", ".tmp");
            if (POSIX) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(temp, o.toString(), StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("cannot keep the mirror in {}: {}", file, e.toString());
        }
    }
}
