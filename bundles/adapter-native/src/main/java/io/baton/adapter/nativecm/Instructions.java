package io.baton.adapter.nativecm;

import io.baton.api.spi.ClusterManagerException;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The controller's instructions: each writes the new assignment (unless it already holds) and
 * waits until the target node's report confirms it, so the controller clears its processing flag
 * only for what really happened. Idempotent, as the SPI requires for a controller that redoes a step.
 */
final class Instructions {

    /** Reads the cluster now; throws when the store cannot be asked. */
    interface Observer {
        Observation observe() throws ClusterManagerException;

        /** Whether this node's mirror is known to be current (else decisions could rest on stale state). */
        boolean inSync();
    }

    private final Observer observer;
    private final AssignmentBook book;
    private final ChangeSignal signal;
    private final Supplier<Settings> settings;

    Instructions(Observer observer, AssignmentBook book, ChangeSignal signal, Supplier<Settings> settings) {
        this.observer = observer;
        this.book = book;
        this.signal = signal;
        this.settings = settings;
    }

    void start(String app, String server) throws ClusterManagerException {
        String what = "start " + app + " on " + server;
        Observation o = settled(app);
        requireMember(o, server, what);
        Set<String> on = o.reporters(app);
        Optional<Assignment> a = o.assignment(app);
        if (runsOnlyOn(o, app, server) && a.filter(x -> x.isOn(server)).isPresent()) {
            return;
        }
        Set<String> elsewhere = without(on, server);
        if (!elsewhere.isEmpty()) {
            throw new ClusterManagerException("cannot " + what + ": it runs on " + String.join(", ", elsewhere));
        }
        Assignment target = a.filter(x -> x.isOn(server))
                .orElseGet(() -> book.write(app, Optional.of(server), a.flatMap(Assignment::backup)));
        confirm(what, app, server, target, x -> runsOnlyOn(x, app, server));
    }

    void stop(String app, String server) throws ClusterManagerException {
        String what = "stop " + app + " on " + server;
        Observation o = settled(app);
        Set<String> on = o.reporters(app);
        Optional<Assignment> a = o.assignment(app);
        if (on.isEmpty() && a.flatMap(Assignment::server).isEmpty()) {
            return;
        }
        if (!on.isEmpty() && !on.contains(server)) {
            throw new ClusterManagerException("cannot " + what + ": it runs on " + String.join(", ", on));
        }
        Assignment target = a.filter(x -> x.server().isEmpty())
                .orElseGet(() -> book.write(app, Optional.empty(), Optional.empty()));
        confirm(what, app, server, target, x -> x.reporters(app).isEmpty());
    }

    void move(String app, String from, String to) throws ClusterManagerException {
        String what = "move " + app + " from " + from + " to " + to;
        Observation o = settled(app);
        requireMember(o, to, what);
        Set<String> on = o.reporters(app);
        Optional<Assignment> a = o.assignment(app);
        if (runsOnlyOn(o, app, to) && a.filter(x -> x.isOn(to)).isPresent()) {
            return;
        }
        Set<String> elsewhere = without(without(on, from), to);
        if (!elsewhere.isEmpty()) {
            throw new ClusterManagerException("cannot " + what + ": it runs on " + String.join(", ", elsewhere));
        }
        Assignment target = a.filter(x -> x.isOn(to))
                .orElseGet(() -> book.write(app, Optional.of(to), a.flatMap(Assignment::backup)));
        confirm(what, app, to, target, x -> runsOnlyOn(x, app, to));
    }

    void setBackup(String app, Optional<String> backup) throws ClusterManagerException {
        String what = "set the backup of " + app + " to " + backup.orElse("none");
        Observation o = settled(app);
        Optional<Assignment> a = o.assignment(app);
        if (a.flatMap(Assignment::backup).equals(backup)) {
            return;
        }
        Optional<String> server = a.flatMap(Assignment::server);
        if (backup.isPresent() && server.equals(backup)) {
            throw new ClusterManagerException("cannot " + what + ": it runs there");
        }
        Assignment written = book.write(app, server, backup);
        // Confirmed once the store has it (the backup's agent acts on it only when the server leaves).
        if (!await(() -> Optional.ofNullable(book.observed().get(app)).filter(x -> x.epoch() >= written.epoch()).isPresent())) {
            throw new ClusterManagerException(what + ": not confirmed within " + timeoutText()
                    + ": the shared store did not echo " + Wire.assignKey(app) + " = " + written);
        }
    }

    /**
     * Waits (bounded by the settle timeout) until this node is in sync and no takeover of the app
     * is under way, so the instruction is decided on the result of the takeover.
     */
    private Observation settled(String app) throws ClusterManagerException {
        long deadline = System.nanoTime() + settings.get().settleTimeout().toNanos();
        awaitUntil(() -> observer.inSync() && !observer.observe().takeoverPending(app), deadline);
        Observation o = observer.observe();
        if (!observer.inSync()) {
            throw new ClusterManagerException("native cluster manager: not yet in sync with the shared store after"
                    + " connecting; try again");
        }
        return o;
    }

    private void confirm(String what, String app, String server, Assignment target, Predicate<Observation> done)
            throws ClusterManagerException {
        Observation[] last = {observer.observe()};
        boolean ok = await(() -> {
            last[0] = observer.observe();
            return done.test(last[0]) || superseded(last[0], app, server, target);
        });
        Observation o = last[0];
        if (ok && done.test(o)) {
            return;
        }
        String why = Optional.ofNullable(o.reports().get(server)).map(r -> r.failed().get(app))
                .map(f -> ": " + server + " reports: " + f).orElse("");
        if (ok) {
            throw new ClusterManagerException(what + " failed" + why + "; it is now assigned "
                    + o.assignment(app).map(Assignment::toString).orElse("nowhere"));
        }
        throw new ClusterManagerException(what + ": not confirmed within " + timeoutText() + "; " + seen(o, app, server)
                + why);
    }

    /** Someone else (the target's agent handing over a failed start, a takeover) changed the app meanwhile. */
    private static boolean superseded(Observation o, String app, String server, Assignment target) {
        return o.assignment(app).filter(x -> x.epoch() > target.epoch()).filter(x -> !x.server().equals(target.server()))
                .isPresent();
    }

    /** Runs on that node, not on its way out there (a stop still under way), and nowhere else. */
    private static boolean runsOnlyOn(Observation o, String app, String node) {
        return o.reporters(app).equals(Set.of(node)) && o.reports().get(node).runsSteadily(app);
    }

    private static String seen(Observation o, String app, String server) {
        NodeReport r = o.reports().get(server);
        String report = !o.isLive(server) ? server + " is not a live member"
                : r == null ? server + " has no report (is Baton's native adapter running there?)"
                : server + " reports running " + r.running().keySet() + " at " + r.at();
        return report + "; " + app + " runs on " + (o.reporters(app).isEmpty() ? "no live node" : o.reporters(app))
                + "; assignment " + o.assignment(app).map(Assignment::toString).orElse("none");
    }

    private static void requireMember(Observation o, String server, String what) throws ClusterManagerException {
        if (!o.isLive(server)) {
            throw new ClusterManagerException("cannot " + what + ": " + server + " is not a member (live: "
                    + String.join(", ", o.live()) + ")");
        }
    }

    private interface Check {
        boolean holds() throws ClusterManagerException;
    }

    private boolean await(Check check) throws ClusterManagerException {
        return awaitUntil(check, System.nanoTime() + settings.get().instructionTimeout().toNanos());
    }

    private boolean awaitUntil(Check check, long deadline) throws ClusterManagerException {
        ClusterManagerException[] failure = {null};
        try {
            boolean ok = signal.await(() -> {
                try {
                    return check.holds();
                } catch (ClusterManagerException e) {
                    failure[0] = e;
                    return true;
                }
            }, deadline);
            if (failure[0] != null) {
                throw failure[0];
            }
            return ok;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterManagerException("interrupted while waiting for the native cluster manager", e);
        }
    }

    private String timeoutText() {
        return settings.get().instructionTimeout().toMillis() + " ms";
    }

    private static Set<String> without(Set<String> nodes, String node) {
        Set<String> rest = new TreeSet<>(nodes);
        rest.remove(node);
        return rest;
    }
}
