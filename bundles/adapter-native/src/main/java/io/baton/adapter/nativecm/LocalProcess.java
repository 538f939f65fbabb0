package io.baton.adapter.nativecm;

import java.time.Instant;

/**
 * A row of a node's process table, for operators and tests.
 *
 * @param app      the application
 * @param pid      the process started for it ({@code /bin/sh -c <command>})
 * @param since    when it was started (or adopted from its pid file)
 * @param stopping whether it was asked to stop and has not exited yet
 */
public record LocalProcess(String app, long pid, Instant since, boolean stopping) {
}
