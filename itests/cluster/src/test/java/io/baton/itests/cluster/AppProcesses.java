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
public final class AppProcesses {
    /** One line of an event file. */
    public record Event(String kind, String app, String node, long pid, long epochNanos) {
    }

    private final Path dir;
    private final Path script;

    public AppProcesses(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.script = dir.resolve("app.sh");
        try (var in = AppProcesses.class.getResourceAsStream("/app.sh")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        script.toFile().setExecutable(true);
    }

    /** The command line of the rules for an app. */
    public String command(String app) {
        return "bash " + script + " " + app + " " + eventFile(app);
    }

    public Path eventFile(String app) {
        return dir.resolve(app + ".events");
    }

    public List<Event> events(String... apps) {
        List<Event> all = new ArrayList<>();
        for (String app : apps) {
            all.addAll(read(app));
        }
        return all;
    }

    /** An app's event file as read so far: only what was appended since is read again (a campaign's files grow). */
    private static final class Log {
        private final List<Event> events = new ArrayList<>();
        private long offset;

        synchronized List<Event> readFrom(Path file) {
            try (var channel = java.nio.channels.FileChannel.open(file)) {
                long size = channel.size();
                if (size > offset) {
                    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) (size - offset));
                    channel.read(buffer, offset);
                    String text = new String(buffer.array(), 0, buffer.position(), java.nio.charset.StandardCharsets.UTF_8);
                    int end = text.lastIndexOf('\n') + 1; // a line still being written is read next time
                    for (String line : text.substring(0, end).split("\n")) {
                        String[] f = line.trim().split(" ");
                        if (f.length == 5) {
                            events.add(new Event(f[0], f[1], f[2], Long.parseLong(f[3]), Long.parseLong(f[4])));
                        }
                    }
                    offset += text.substring(0, end).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                }
            } catch (NoSuchFileException e) {
                // never started
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return List.copyOf(events);
        }
    }

    private final Map<String, Log> logs = new java.util.concurrent.ConcurrentHashMap<>();
    /** Start events whose process is gone: not looked up again (the 25 ms samples of a long campaign). */
    private final Set<Event> dead = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The kernel's start ticks of each start event's process, read when first seen alive. */
    private final Map<Event, Long> startTicks = new java.util.concurrent.ConcurrentHashMap<>();

    private List<Event> read(String app) {
        return logs.computeIfAbsent(app, a -> new Log()).readFrom(eventFile(app));
    }

    /** The live processes of an app: node to pids. */
    public Map<String, Set<Long>> running(String app) {
        Map<String, Set<Long>> byNode = new TreeMap<>();
        for (Event e : events(app)) {
            if (e.kind().equals("start") && !dead.contains(e) && aliveOrForget(e)) {
                byNode.computeIfAbsent(e.node(), n -> new TreeSet<>()).add(e.pid());
            }
        }
        return byNode;
    }

    /** Every app to the nodes where it really runs (one entry per live process). */
    public Map<String, List<String>> placement(Set<String> apps) {
        Map<String, List<String>> where = new TreeMap<>();
        for (String app : apps) {
            where.put(app, running(app).entrySet().stream()
                    .flatMap(e -> e.getValue().stream().map(pid -> e.getKey()))
                    .sorted().collect(Collectors.toList()));
        }
        return where;
    }

    /** The newest start of an app on a node after a time, or null. */
    public Event startedAfter(String app, String node, long epochNanos) {
        return events(app).stream()
                .filter(e -> e.kind().equals("start") && e.node().equals(node) && e.epochNanos() >= epochNanos)
                .reduce((a, b) -> b).orElse(null);
    }

    /**
     * Whether a start event's process still runs. Pids wrap (pid_max is 32768 here, and Java threads take pids
     * too), so the process is told by the kernel's start ticks, read when first seen alive, after checking that its
     * command line is this app's: a pid reused by another process is not the app, and never counted twice.
     */
    private boolean aliveOrForget(Event e) {
        Long ticks = startTicks(e.pid());
        Long known = startTicks.get(e);
        boolean alive = ticks != null && (known != null ? known.equals(ticks) : isApp(e.pid(), e.app()));
        if (!alive) {
            dead.add(e);
            startTicks.remove(e);
        } else if (known == null) {
            startTicks.put(e, ticks);
        }
        return alive;
    }

    /** Field 22 of /proc/PID/stat, or null if there is no such live process. */
    private static Long startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (the state), so field 22 is f[19]
            return f[0].equals("Z") || f[0].equals("X") ? null : Long.valueOf(f[19]);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Whether a process runs this directory's app.sh for that app. */
    private boolean isApp(long pid, String app) {
        try {
            String[] args = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8).split("\0");
            return args.length >= 3 && args[1].equals(script.toString()) && args[2].equals(app);
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean alive(long pid) {
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
