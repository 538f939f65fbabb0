package io.baton.adapter.nativecm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Signals to an app's process tree. Apps are started in their own session ({@code setsid}), so
 * their process group also reaches orphans: {@code /bin/sh -c} forks the command, and a kill -9 of
 * the shell would otherwise leave the real application running while its backup starts it again.
 */
final class ProcessTree {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTree.class);
    private static final Path SETSID = findSetsid();

    private ProcessTree() {
    }

    /** The command prefix that puts the app in its own process group, if this system has one. */
    static List<String> sessionPrefix() {
        return SETSID == null ? List.of() : List.of(SETSID.toString());
    }

    /** SIGTERM to the root's descendants (collected first, before they are orphaned) and the root. */
    static List<ProcessHandle> terminate(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        root.destroy();
        tree.add(root);
        return tree;
    }

    /** SIGKILL to every process given and to the group, if the app has its own. */
    static void kill(List<ProcessHandle> tree, long groupId, boolean grouped) {
        tree.forEach(ProcessHandle::destroyForcibly);
        if (grouped) {
            signalGroup(groupId, "KILL");
        }
    }

    /** Whether any of the processes still runs. */
    static boolean anyRunning(List<ProcessHandle> tree) {
        return tree.stream().anyMatch(ProcessTree::running);
    }

    /**
     * Alive and not a zombie: {@link ProcessHandle#isAlive()} is true for a zombie, and orphans
     * reparented to a PID 1 that does not reap (containers) stay zombies forever.
     */
    static boolean running(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return h.isAlive(); // no /proc (or it vanished): trust the JDK
        }
    }

    /** Sends a signal to a whole process group; the shell's kill is used (Java has no group signal). */
    static void signalGroup(long groupId, String signal) {
        try {
            new ProcessBuilder("/bin/sh", "-c", "kill -" + signal + " -" + groupId + " 2>/dev/null")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        } catch (IOException e) {
            LOG.warn("could not signal process group {} with {}: {}", groupId, signal, e.toString());
        }
    }

    private static Path findSetsid() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            Path p = Path.of(dir, "setsid");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        LOG.warn("setsid not found: apps share the agent's process group, so processes an app leaves behind"
                + " when it dies are not cleaned up");
        return null;
    }
}
