package io.baton.itests.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Watches the OS truth through a whole step, not only at its end: every 25 ms it reads which test apps run where
 * ({@link AppProcesses}: the apps' own start records and /proc), and keeps, per app, every interval in which it ran
 * nowhere and every one in which it ran more than once.
 */
public final class OsWatch implements AutoCloseable {
    private static final long PERIOD_MILLIS = 25;

    /** An interval of a sample series, epoch ms, and where the app ran at its start. */
    public record Interval(String app, long fromMillis, long toMillis, List<String> where) {
        public long millis() {
            return toMillis - fromMillis;
        }

        @Override
        public String toString() {
            return app + (where.isEmpty() ? " ran nowhere" : " ran on " + where) + " for " + millis() + " ms from "
                    + java.time.Instant.ofEpochMilli(fromMillis); // the time, to find it in the nodes' logs
        }
    }

    private final AppProcesses processes;
    private final Set<String> apps;
    private final Thread thread;
    private final Map<String, Interval> open = new TreeMap<>();
    private final List<Interval> stopped = new ArrayList<>();
    private final List<Interval> twice = new ArrayList<>();
    private volatile boolean running = true;
    private volatile long samples;

    public OsWatch(AppProcesses processes, Set<String> apps) {
        this.processes = processes;
        this.apps = Set.copyOf(apps);
        this.thread = new Thread(this::run, "os-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            long now = System.currentTimeMillis();
            Map<String, List<String>> placement = processes.placement(apps);
            synchronized (this) {
                placement.forEach((app, where) -> sample(app, where, now));
                samples++;
            }
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample(String app, List<String> where, long now) {
        Interval current = open.get(app);
        boolean bad = where.size() != 1;
        if (current != null && (!bad || current.where().size() != where.size())) {
            (current.where().isEmpty() ? stopped : twice).add(new Interval(app, current.fromMillis(), now, current.where()));
            open.remove(app);
            current = null;
        }
        if (bad && current == null) {
            open.put(app, new Interval(app, now, now, List.copyOf(where)));
        }
    }

    /** Stops watching; intervals still open end now. */
    @Override
    public synchronized void close() {
        running = false;
        thread.interrupt();
        long now = System.currentTimeMillis();
        open.values().forEach(i -> (i.where().isEmpty() ? stopped : twice).add(new Interval(i.app(), i.fromMillis(), now,
                i.where())));
        open.clear();
    }

    /** Every interval in which an app ran nowhere. */
    public synchronized List<Interval> stopped() {
        return List.copyOf(stopped);
    }

    /** Every interval in which an app ran on more than one server (or twice on one). */
    public synchronized List<Interval> twice() {
        return List.copyOf(twice);
    }

    public long samples() {
        return samples;
    }
}
