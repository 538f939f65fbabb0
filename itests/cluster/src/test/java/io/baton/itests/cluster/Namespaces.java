package io.baton.itests.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code ip} commands that build and cut the network namespaces of the fault-injection tests. */
public final class Namespaces {
    private Namespaces() {
    }

    /** Runs a command; returns its output, or fails with it and the exit code. */
    public static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 30 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ": " + out.trim());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + List.of(command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + List.of(command), e);
        }
    }

    /** Runs a command, ignoring failure (clean-up of what may not exist). */
    public static void quietly(String... command) {
        try {
            run(command);
        } catch (IllegalStateException e) {
            // nothing to clean
        }
    }
}
