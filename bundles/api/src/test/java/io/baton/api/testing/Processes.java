package io.baton.api.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process checks for tests. */
public final class Processes {
    private Processes() {
    }

    /**
     * Whether the process has ended. A killed orphan stays a zombie until the machine's init reaps it
     * (about 2 s on this kind of container), and ProcessHandle counts a zombie as alive.
     */
    public static boolean ended(long pid) {
        if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true; // gone meanwhile
        }
    }
}
