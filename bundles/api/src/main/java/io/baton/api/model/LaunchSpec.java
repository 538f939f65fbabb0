package io.baton.api.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the native cluster manager starts an application as an OS process. Other adapters ignore it.
 *
 * @param command          the command line, run by a shell
 * @param workingDirectory the directory the command runs in; empty means the adapter's default
 * @param env              extra environment variables, in declared order
 */
public record LaunchSpec(String command, Optional<String> workingDirectory, Map<String, String> env) {
    public LaunchSpec {
        Names.requireName(command, "command");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        env = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(env, "env")));
    }
}
