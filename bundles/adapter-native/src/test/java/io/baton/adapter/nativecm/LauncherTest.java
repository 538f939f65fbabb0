package io.baton.adapter.nativecm;

import io.baton.api.model.LaunchSpec;
import io.baton.api.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app's command line runs as under /bin/sh in its own session, through a standby shell when one is ready
 * (the warm-up makes one, each start replaces the one it used) and the long way otherwise.
 */
class LauncherTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor();
    private final Launcher launcher = new Launcher("n1", background);

    @AfterEach
    void close() {
        launcher.close();
        background.shutdownNow();
    }

    @Test
    void without_a_standby_an_app_runs_under_sh_in_its_own_session_with_its_output_in_its_log() throws Exception {
        Settings settings = Settings.under(tmp);
        Process p = launcher.launch("web", new LaunchSpec("echo hello from $GREETING; cut -d\" \" -f6 /proc/$$/stat",
                Optional.empty(), Map.of("GREETING", "web")), settings).process();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();

        String log = Files.readString(settings.logDirectory().resolve("web.log"));
        assertThat(log).contains("baton starts web: echo hello").contains("hello from web\n");
        if (!ProcessTree.sessionPrefix().isEmpty()) {
            assertThat(log.strip()).as("the session id is the shell's own pid").endsWith(Long.toString(p.pid()));
        }
    }

    @Test
    void the_warm_up_runs_true_through_a_standby_writes_no_log_and_leaves_a_standby_ready() throws Exception {
        Settings settings = Settings.under(tmp);
        Process p = launcher.warmUp(settings);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(settings.logDirectory()).doesNotExist();
        assertThat(launcher.standbyReady()).isTrue();
    }

    @Test
    void a_start_uses_the_standby_the_next_one_takes_the_long_way_and_the_standby_is_replaced() throws Exception {
        Settings settings = Settings.under(tmp);
        launcher.warmUp(settings).waitFor(10, TimeUnit.SECONDS);

        assertThat(statOf(launcher.launch("quick", plain(), settings).process(), settings, "quick"))
                .as("exec'd by the standby: cat has the started process's pid").isEqualTo("cat=self");
        assertThat(statOf(launcher.launch("long", plain(), settings).process(), settings, "long"))
                .as("forked by sh -c: cat is the started process's child").isEqualTo("cat=child");
        Await.until("a new standby", WAIT, launcher::standbyReady);
        assertThat(statOf(launcher.launch("again", plain(), settings).process(), settings, "again")).isEqualTo("cat=self");
    }

    @Test
    void an_app_started_by_an_old_standby_gets_the_standbys_start_time_so_its_pid_file_is_believed() throws Exception {
        Settings settings = Settings.under(tmp);
        launcher.warmUp(settings).waitFor(10, TimeUnit.SECONDS);
        // The point of the test: the standby has waited longer than adoption and the watchdog tolerate between a
        // pid file's start time and the process's; they would take a live app for a reused pid and spare it.
        Thread.sleep(1_500);
        Launcher.Launched launched = launcher.launch("old", new LaunchSpec("sleep 30", Optional.empty(), Map.of()),
                settings);
        try {
            Instant kernel = launched.process().toHandle().info().startInstant().orElseThrow();
            assertThat(Duration.between(launched.processStarted(), kernel).abs()).isLessThan(Duration.ofMillis(100));
            PidFiles.write(settings.runDirectory(), "old", launched.process().pid(), launched.processStarted(), true);
            assertThat(PidFiles.scan(settings.runDirectory())).extracting(PidFiles.Found::app).containsExactly("old");
        } finally {
            launched.process().destroyForcibly();
        }
    }

    /**
     * The campaign's crash point found it: a node's JVM halted just after a standby became an app and before the
     * pid file was written; nothing knew that app, and it ran beside its copy on the backup. The pid is told first.
     */
    @Test
    void the_app_is_told_before_its_command_runs_with_the_pid_it_will_have_either_way() throws Exception {
        Settings settings = Settings.under(tmp);
        launcher.warmUp(settings).waitFor(10, TimeUnit.SECONDS);
        Path told = tmp.resolve("told");
        java.util.concurrent.atomic.AtomicLong toldPid = new java.util.concurrent.atomic.AtomicLong();
        Process p = launcher.launch("first", new LaunchSpec("if [ -f " + told + " ]; then echo told before; fi; "
                + "echo pid $$", Optional.empty(), Map.of()), settings, (pid, started) -> {
                    toldPid.set(pid);
                    try {
                        Files.writeString(told, pid + "\n");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).process();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(settings.logDirectory().resolve("first.log"));
        assertThat(log).contains("told before").contains("pid " + p.pid());
        assertThat(toldPid.get()).isEqualTo(p.pid());

        // the next start, before the standby is replaced, takes the long way: told before too
        Files.delete(told);
        Process q = launcher.launch("second", new LaunchSpec("if [ -f " + told + " ]; then echo told before; fi",
                Optional.empty(), Map.of("my.setting", "1")), settings, (pid, started) -> {
                    toldPid.set(pid);
                    try {
                        Files.writeString(told, pid + "\n");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).process();
        assertThat(q.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(settings.logDirectory().resolve("second.log"))).contains("told before");
        assertThat(toldPid.get()).isEqualTo(q.pid());
    }

    @Test
    void an_environment_a_shell_cannot_export_takes_the_long_way() throws Exception {
        Settings settings = Settings.under(tmp);
        launcher.warmUp(settings).waitFor(10, TimeUnit.SECONDS);
        Process p = launcher.launch("odd", new LaunchSpec("cat /proc/self/stat", Optional.empty(),
                Map.of("my.setting", "1")), settings).process();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("the app ran").isZero();
        assertThat(launcher.standbyReady()).as("the standby was kept").isTrue();
    }

    @Test
    void closing_ends_the_standby() throws Exception {
        launcher.warmUp(Settings.under(tmp)).waitFor(10, TimeUnit.SECONDS);
        Await.until("the standby shell running", WAIT, () -> standbys() == 1);
        launcher.close();
        assertThat(launcher.standbyReady()).isFalse();
        Await.until("no standby shell left", WAIT, () -> standbys() == 0);
    }

    private static LaunchSpec plain() {
        return new LaunchSpec("cat /proc/self/stat", Optional.empty(), Map.of());
    }

    /** Whether the app's cat ran as the started process itself or as its child. */
    private static String statOf(Process p, Settings settings, String app) throws Exception {
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String[] lines = Files.readString(settings.logDirectory().resolve(app + ".log")).split("\n");
        String[] stat = lines[lines.length - 1].split(" ");
        assertThat(stat[1]).isEqualTo("(cat)");
        if (Long.parseLong(stat[0]) == p.pid()) {
            return "cat=self";
        }
        return Long.parseLong(stat[3]) == p.pid() ? "cat=child" : "cat=elsewhere " + String.join(" ", stat);
    }

    private static long standbys() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(h -> Arrays.equals(h.info().arguments().orElse(null), new String[]{"-s"})).count();
    }
}
