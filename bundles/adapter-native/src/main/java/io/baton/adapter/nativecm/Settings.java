package io.baton.adapter.nativecm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The native cluster manager's configuration, resolved and checked once (directories absolute,
 * durations positive), so the rest of the code never re-reads raw properties. The watchdog script is
 * extracted to {@code watchdogScript} (${karaf.data}/baton/watchdog.sh) when the watchdog starts.
 */
public record Settings(Duration instructionTimeout, Duration settleTimeout, Duration stopGracePeriod,
                       Path baseDirectory, Path logDirectory, Path runDirectory, boolean stopAppsOnDeactivate,
                       boolean watchdog, Path watchdogScript) {
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    public Settings {
        positive(instructionTimeout, "instructionTimeoutSeconds");
        positive(settleTimeout, "settleTimeoutMillis");
        positive(stopGracePeriod, "stopGracePeriodMillis");
        baseDirectory = baseDirectory.toAbsolutePath().normalize();
        logDirectory = baseDirectory.resolve(logDirectory).normalize();
        runDirectory = baseDirectory.resolve(runDirectory).normalize();
        watchdogScript = baseDirectory.resolve(watchdogScript).normalize();
    }

    /** The defaults with every directory under {@code directory}: for tests and embedding. */
    public static Settings under(Path directory) {
        return new Settings(Duration.ofSeconds(10), Duration.ofMillis(3000), Duration.ofMillis(5000), directory,
                directory.resolve("logs"), directory.resolve("run"), true, true, directory.resolve("watchdog.sh"));
    }

    static Settings from(NativeConfig c) {
        Path base = nonBlank(c.baseDirectory())
                .or(() -> Optional.ofNullable(System.getProperty("karaf.base")))
                .map(Path::of).orElseGet(() -> Path.of(System.getProperty("user.dir")));
        Path data = Optional.ofNullable(System.getProperty("karaf.data")).map(Path::of).orElse(base.resolve("data"));
        return new Settings(Duration.ofSeconds(c.instructionTimeoutSeconds()), Duration.ofMillis(c.settleTimeoutMillis()),
                Duration.ofMillis(c.stopGracePeriodMillis()), base,
                nonBlank(c.logDirectory()).map(Path::of).orElse(data.resolve("baton/logs")),
                nonBlank(c.runDirectory()).map(Path::of).orElse(data.resolve("baton/run")),
                c.stopAppsOnDeactivate(), c.watchdog(), data.resolve("baton").resolve(WatchdogProcess.SCRIPT));
    }

    public Settings withTimeouts(Duration instruction, Duration settle, Duration stopGrace) {
        return new Settings(instruction, settle, stopGrace, baseDirectory, logDirectory, runDirectory,
                stopAppsOnDeactivate, watchdog, watchdogScript);
    }

    public Settings withWatchdog(boolean enabled) {
        return new Settings(instructionTimeout, settleTimeout, stopGracePeriod, baseDirectory, logDirectory,
                runDirectory, stopAppsOnDeactivate, enabled, watchdogScript);
    }

    /** A configured path with ${property} expanded, in case the configuration source did not do it. */
    private static Optional<String> nonBlank(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Matcher m = PROPERTY.matcher(value.trim());
        StringBuilder expanded = new StringBuilder();
        while (m.find()) {
            String v = System.getProperty(m.group(1));
            m.appendReplacement(expanded, Matcher.quoteReplacement(v != null ? v : m.group()));
        }
        m.appendTail(expanded);
        return Optional.of(expanded.toString());
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
