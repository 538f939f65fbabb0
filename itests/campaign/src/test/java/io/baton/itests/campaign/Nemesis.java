package io.baton.itests.campaign;

import com.google.gson.JsonObject;
import io.baton.api.testing.Await;
import io.baton.itests.cluster.Tables;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Draws a fault from a round's random source and does it to the cluster, then heals what it did. Each fault
 * kind has a weight; what it hits (a node, an app, how long) is drawn too, from the cluster as it stands.
 * Operator requests that get no answer are problems of the round; refusals (the controller judged them) are not.
 */
final class Nemesis {
    /** What a fault does, and how often it is drawn. */
    enum Kind {
        KILL_NODE("kill -9 of a node that is not the controller", 4),
        KILL_CONTROLLER("kill -9 of the controller's node", 3),
        FREEZE("SIGSTOP of a node for 0.5 to 1.5 fence timeouts, then SIGCONT", 3),
        STOP_START("graceful stop of a node, then start", 2),
        BROKER_KILL("kill -9 of the broker in use, restarted 1 to 4 s later", 2),
        MOVE("operator: move an app to its backup", 2),
        DETACH_ATTACH("operator: detach a node, then attach it", 2),
        DEPLOY("operator: deploy the other rule file (a3 moves back, a2's environment)", 1),
        BROKER_KILL_DURING_TAKEOVER("kill -9 of a node, then of the broker in use during the takeover", 1),
        KILL_WHILE_CONTROLLER_DOWN("kill -9 of the controller's node, then of another node before it is back", 1),
        CRASH_POINT("the controller halted at a step boundary of a fail, join, move, detach or takeover", 3),
        LINK_CUT("a node's link cut both ways for 0.5 to 3 fence timeouts, then healed", 2, true),
        ONE_WAY_CUT("a node's packets to the brokers, or theirs to it, dropped for 0.5 to 3 fence timeouts", 2, true),
        BROKER_CUT("the machine of the broker in use cut off for 1 to 4 s", 2, true);

        final String description;
        final int weight;
        /** Whether it needs the machines in network namespaces ({@link Network}). */
        final boolean network;

        Kind(String description, int weight) {
            this(description, weight, false);
        }

        Kind(String description, int weight, boolean network) {
            this.description = description;
            this.weight = weight;
            this.network = network;
        }

        String label() {
            return name().toLowerCase().replace('_', '-');
        }

        /** A kind of {@code from}, drawn by weight. */
        static Kind draw(Random random, List<Kind> from) {
            int total = 0;
            for (Kind k : from) {
                total += k.weight;
            }
            int pick = random.nextInt(total);
            for (Kind k : from) {
                pick -= k.weight;
                if (pick < 0) {
                    return k;
                }
            }
            throw new AssertionError("unreachable");
        }

        /** The kinds named by comma-separated labels ({@code crash-point,freeze}). */
        static List<Kind> ofLabels(String labels) {
            List<Kind> kinds = new ArrayList<>();
            for (String label : labels.split(",")) {
                kinds.add(java.util.Arrays.stream(values()).filter(k -> k.label().equals(label.trim())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no fault kind " + label.trim() + " (known: "
                                + String.join(", ", java.util.Arrays.stream(values()).map(Kind::label).toList()) + ")")));
            }
            return kinds;
        }
    }

    /** The fence timeout of the nodes (the store's lease, {@code leaseMillis}), which a freeze is drawn around. */
    static final Duration FENCE = Duration.ofMillis(2000);
    /** How long a node's apps may take to run elsewhere after it is hit: a takeover, not a settle. */
    static final Duration TAKEOVER = Duration.ofSeconds(30);
    /** How long an armed crash point may take to fire after its trigger. */
    static final Duration CRASH_WAIT = Duration.ofSeconds(15);

    /**
     * What one round did, in words, when it hit (epoch ms) and when the heal finished (epoch ms); the events it can
     * tell the simulator, if its outcome is theirs alone ({@link Oracle}).
     */
    record Hit(Kind kind, String what, long hitMillis, long healedMillis, List<String> problems,
               Optional<List<JsonObject>> told) {
    }

    private final Stage stage;

    Nemesis(Stage stage) {
        this.stage = stage;
    }

    /** Does a fault of {@code kind}, drawing its target and times from {@code random}, then heals it. */
    Hit strike(Kind kind, Random random) throws Exception {
        Tables t = stage.tables;
        List<String> problems = new ArrayList<>();
        String controller = t.controller();
        long hit = System.currentTimeMillis();
        String what;
        Optional<List<JsonObject>> told = Optional.empty();
        switch (kind) {
            case KILL_NODE -> {
                String victim = pick(random, others(controller));
                stage.cluster.kill(victim);
                awaitWhole(problems, "after kill -9 of " + victim);
                what = "kill -9 " + victim;
                stage.cluster.start(victim);
                told = Optional.of(Oracle.events("fail", victim, "join", victim));
            }
            case KILL_CONTROLLER -> {
                stage.cluster.kill(controller);
                awaitWhole(problems, "after kill -9 of controller " + controller);
                what = "kill -9 " + controller + " (controller)";
                stage.cluster.start(controller);
                told = Optional.of(Oracle.events("fail", controller, "join", controller));
            }
            case FREEZE -> {
                String victim = pick(random, Stage.NODES);
                long millis = FENCE.toMillis() / 2 + random.nextInt((int) FENCE.toMillis());
                stage.cluster.freeze(victim);
                try {
                    Thread.sleep(millis); // the fault's own length, drawn: nothing to await
                } finally {
                    stage.cluster.thaw(victim);
                }
                what = "SIGSTOP " + victim + (victim.equals(controller) ? " (controller)" : "") + " for " + millis + " ms";
            }
            case STOP_START -> {
                String victim = pick(random, Stage.NODES);
                stage.cluster.stop(victim);
                awaitWhole(problems, "after a graceful stop of " + victim);
                what = "stop " + victim + (victim.equals(controller) ? " (controller)" : "");
                stage.cluster.start(victim);
                told = Optional.of(Oracle.events("fail", victim, "join", victim));
            }
            case BROKER_KILL -> {
                long millis = 1000 + random.nextInt(3000);
                stage.cluster.kill("broker");
                Thread.sleep(millis); // the broker's time down, drawn
                stage.cluster.start("broker");
                what = "kill -9 of the broker in use, down " + millis + " ms";
            }
            case MOVE -> {
                String app = pick(random, new ArrayList<>(Stage.APPS));
                Tables.AppRow row = t.apps().get(app);
                what = "move " + app + " to " + row.backup();
                if (request(problems, pick(random, Stage.NODES), "baton:move " + app + " " + row.backup())) {
                    told = Optional.of(List.of(Oracle.move(app, row.backup())));
                }
            }
            case DETACH_ATTACH -> {
                String victim = pick(random, Stage.NODES);
                String console = pick(random, Stage.NODES);
                what = "detach " + victim + ", then attach it";
                boolean detached = request(problems, console, "baton:detach " + victim);
                if (detached) {
                    awaitWhole(problems, "after detaching " + victim);
                }
                if (request(problems, console, "baton:attach " + victim) && detached) {
                    told = Optional.of(Oracle.events("detach", victim, "attach", victim));
                }
            }
            case DEPLOY -> {
                boolean changed = random.nextBoolean();
                String console = pick(random, Stage.NODES);
                what = "deploy the " + (changed ? "changed" : "first") + " rule file on " + console;
                stage.cluster.shell(console, "baton:deploy " + (changed ? stage.changedRules : stage.rules));
                stage.deployed = changed ? stage.changedRules : stage.rules;
            }
            case BROKER_KILL_DURING_TAKEOVER -> {
                String victim = pick(random, others(controller));
                long gap = random.nextInt(1000);
                stage.cluster.kill(victim);
                Thread.sleep(gap); // drawn: where in the takeover the broker dies
                stage.cluster.kill("broker");
                awaitWhole(problems, "after kill -9 of " + victim + " and, " + gap + " ms later, of the broker in use");
                what = "kill -9 " + victim + ", then the broker in use " + gap + " ms later";
                stage.cluster.start("broker");
                stage.cluster.start(victim);
            }
            case KILL_WHILE_CONTROLLER_DOWN -> {
                String second = pick(random, others(controller));
                long gap = 200 + random.nextInt(1300);
                stage.cluster.kill(controller);
                Thread.sleep(gap); // drawn: how far the failover got
                stage.cluster.kill(second);
                // one node of three is no majority: it stops its apps (fencing) until another returns
                what = "kill -9 " + controller + " (controller), then " + second + " " + gap + " ms later";
                stage.cluster.start(controller);
                stage.cluster.start(second);
            }
            case CRASH_POINT -> what = crashPoint(random, controller, problems);
            case LINK_CUT -> {
                String victim = pick(random, Stage.NODES);
                long millis = cutLength(random);
                stage.network.cut(victim);
                healAfter(millis);
                what = "cut " + victim + (victim.equals(controller) ? " (controller)" : "") + " off for " + millis + " ms";
            }
            case ONE_WAY_CUT -> {
                String victim = pick(random, Stage.NODES);
                boolean outgoing = random.nextBoolean();
                long millis = cutLength(random);
                for (String b : Stage.BROKERS) {
                    if (outgoing) {
                        stage.network.cutOneWay(victim, b);
                    } else {
                        stage.network.cutOneWay(b, victim);
                    }
                }
                healAfter(millis);
                String node = victim + (victim.equals(controller) ? " (controller)" : "");
                what = (outgoing ? node + "'s packets to the brokers" : "the brokers' packets to " + node) + " dropped for "
                        + millis + " ms";
            }
            case BROKER_CUT -> {
                String drawn = pick(random, Stage.BROKERS); // drawn always, so a replay draws what follows alike
                java.util.Optional<String> inUse = stage.brokerInUse();
                String broker = inUse.orElse(drawn);
                long millis = 1000 + random.nextInt(3000);
                stage.network.cut(broker);
                healAfter(millis);
                what = "cut off " + broker + (inUse.isPresent() ? " (in use)" : " (drawn: no node said which it uses)")
                        + " for " + millis + " ms";
            }
            default -> throw new AssertionError(kind);
        }
        return new Hit(kind, what, hit, System.currentTimeMillis(), problems, told);
    }

    /** How long a cut lasts: 0.5 to 3 fence timeouts, so some end before the fence and some after. */
    private static long cutLength(Random random) {
        return FENCE.toMillis() / 2 + random.nextInt((int) (FENCE.toMillis() * 5 / 2));
    }

    /** Waits out a cut's drawn length, then heals every link. */
    private void healAfter(long millis) throws InterruptedException {
        try {
            Thread.sleep(millis); // the fault's own length, drawn: nothing to await
        } finally {
            stage.network.healAll();
        }
    }

    /** The triggers a crash point is armed for, and how the nemesis causes each. */
    private static final List<String> CRASH_TRIGGERS = List.of("fail", "join", "move", "detach", "takeover");
    /** The boundaries of one decision (SPEC "Processing flags"). */
    private static final List<String> DECISION_STEPS = List.of("decided", "intended-rows", "instructed", "confirmed",
            "settled-rows", "recorded");

    /**
     * Arms the controller's crash point (the test bundle itests/crashpoint) for a drawn step of a drawn trigger,
     * causes that trigger, and awaits the halt; a takeover arms the node that succeeds the controller, which is then
     * killed. A step the decision does not pass (no instruction to give) is noted, not a problem. Heals by
     * starting every node it stopped; a detached node is attached by {@link #healAll()}.
     */
    private String crashPoint(Random random, String controller, List<String> problems) throws Exception {
        String trigger = pick(random, CRASH_TRIGGERS);
        String step = trigger.equals("takeover") ? "took-over" : pick(random, DECISION_STEPS);
        String victim = pick(random, others(controller));
        String armed = trigger.equals("takeover") ? successor(controller) : controller;
        String id = "campaign-" + System.nanoTime();
        String what = "halt " + armed + " at " + step + " of " + trigger;
        if (trigger.equals("join")) {
            stage.cluster.kill(victim);
            awaitWhole(problems, "after kill -9 of " + victim + " (before a join)");
        }
        stage.cluster.armCrashPoint(armed, step, trigger, id);
        switch (trigger) {
            case "fail" -> {
                stage.cluster.kill(victim);
                what += " (kill -9 " + victim + ")";
            }
            case "join" -> {
                stage.cluster.start(victim);
                what += " (start " + victim + ")";
            }
            case "move" -> {
                String app = pick(random, new ArrayList<>(Stage.APPS));
                String target = stage.tables.apps().get(app).backup();
                what += " (move " + app + " to " + target + ")";
                request(problems, pick(random, Stage.NODES), "baton:move " + app + " " + target);
            }
            case "detach" -> {
                what += " (detach " + victim + ")";
                request(problems, pick(random, others(victim)), "baton:detach " + victim);
            }
            case "takeover" -> {
                stage.cluster.kill(controller);
                what += " (kill -9 " + controller + ")";
            }
            default -> throw new AssertionError(trigger);
        }
        boolean halted;
        try {
            Await.until(armed + " halted at its crash point", CRASH_WAIT, () -> !stage.runningNodes().contains(armed));
            halted = true;
        } catch (AssertionError e) {
            halted = false;
        }
        stage.cluster.disarmCrashPoint(armed);
        List<String> down = Stage.NODES.stream().filter(n -> !stage.runningNodes().contains(n)).toList();
        if (down.size() * 2 < Stage.NODES.size()) {
            awaitWhole(problems, "after " + what); // a majority runs: it finishes the work the controller left
        }
        down.forEach(stage.cluster::start); // else one node alone fences until the others are back
        awaitWhole(problems, "after " + what + " and the restart of " + down);
        return what + (halted ? "" : ": not reached within " + CRASH_WAIT.toSeconds() + " s (the decision passed no such step)");
    }

    /** The node the election picks once {@code controller} is gone: the next server of the rules that runs. */
    private String successor(String controller) {
        List<String> running = stage.runningNodes();
        return Stage.NODES.stream().filter(n -> !n.equals(controller) && running.contains(n)
                && !"detached".equals(stage.tables.serverState(n))).findFirst().orElse(others(controller).get(0));
    }

    /** Heals what a round may have left, whatever happened in it: every node and broker running, none detached. */
    void healAll() {
        if (stage.network != null) {
            stage.network.healAll();
        }
        for (String b : Stage.BROKERS) {
            if (!stage.runningBrokers().contains(b)) {
                stage.cluster.start(b);
            }
        }
        for (String n : Stage.NODES) {
            if (!stage.runningNodes().contains(n)) {
                stage.cluster.start(n);
            }
        }
        for (String n : Stage.NODES) {
            if ("detached".equals(stage.tables.serverState(n))) {
                request(new ArrayList<>(), n, "baton:attach " + n);
            }
        }
    }

    /** Sends an operator request; a refusal is an answer, no answer is a problem. Whether it was carried out. */
    private boolean request(List<String> problems, String console, String command) {
        try {
            stage.cluster.shell(console, command);
            return true;
        } catch (AssertionError e) {
            if (e.getMessage().contains("no answer from a controller") || e.getMessage().contains("did not finish")) {
                problems.add("unanswered: " + command + " on " + console + ": " + firstLine(e.getMessage()));
            }
            return false;
        }
    }

    /** Each app running exactly once on the OS; a problem of the round if not within the takeover time. */
    private void awaitWhole(List<String> problems, String when) {
        try {
            Await.until("each app running exactly once " + when, TAKEOVER, () -> stage.processes.placement(Stage.APPS)
                    .values().stream().allMatch(where -> where.size() == 1));
        } catch (AssertionError e) {
            problems.add("not whole within " + TAKEOVER.toSeconds() + " s " + when + ": "
                    + stage.processes.placement(Stage.APPS));
        }
    }

    private static List<String> others(String controller) {
        return Stage.NODES.stream().filter(n -> !n.equals(controller)).toList();
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static String firstLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }
}
