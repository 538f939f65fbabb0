package io.baton.itests.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The OS truth about the test apps ({@code app.sh}): each start appends a line with its node, pid
 * and time to the app's event file, and a pid is running while {@code /proc/<pid>} exists and is not
 * a zombie. The tables say where Baton thinks an app runs; this says where it does.
 */
final class AppProcesses {
    /** One line of an event file. */
    record Event(String kind, String app, String node, long pid, long epochNanos) {
    }

    private final Path dir;
    private final Path script;

    AppProcesses(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.script = dir.resolve("app.sh");
        try (var in = AppProcesses.class.getResourceAsStream("/app.sh")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        script.toFile().setExecutable(true);
    }

    /** The command line of the rules for an app. */
    String command(String app) {
        return "bash " + script + " " + app + " " + eventFile(app);
    }

    Path eventFile(String app) {
        return dir.resolve(app + ".events");
    }

    List<Event> events(String... apps) {
        List<Event> all = new ArrayList<>();
        for (String app : apps) {
            try {
                for (String line : Files.readAllLines(eventFile(app))) {
                    String[] f = line.trim().split(" ");
                    if (f.length == 5) {
                        all.add(new Event(f[0], f[1], f[2], Long.parseLong(f[3]), Long.parseLong(f[4])));
                    }
                }
            } catch (NoSuchFileException e) {
                // never started
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }

    /** The live processes of an app: node to pids. */
    Map<String, Set<Long>> running(String app) {
        Map<String, Set<Long>> byNode = new TreeMap<>();
        for (Event e : events(app)) {
            if (e.kind().equals("start") && alive(e.pid())) {
                byNode.computeIfAbsent(e.node(), n -> new TreeSet<>()).add(e.pid());
            }
        }
        return byNode;
    }

    /** Every app to the nodes where it really runs (one entry per live process). */
    Map<String, List<String>> placement(Set<String> apps) {
        Map<String, List<String>> where = new TreeMap<>();
        for (String app : apps) {
            where.put(app, running(app).entrySet().stream()
                    .flatMap(e -> e.getValue().stream().map(pid -> e.getKey()))
                    .sorted().collect(Collectors.toList()));
        }
        return where;
    }

    /** The newest start of an app on a node after a time, or null. */
    Event startedAfter(String app, String node, long epochNanos) {
        return events(app).stream()
                .filter(e -> e.kind().equals("start") && e.node().equals(node) && e.epochNanos() >= epochNanos)
                .reduce((a, b) -> b).orElse(null);
    }

    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) S ...": the state follows the last ')'
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }
}
