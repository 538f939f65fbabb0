package io.baton.adapter.command;

/**
 * What a command that succeeded printed.
 *
 * @param stdout its standard output
 * @param stderr its standard error (warnings of a successful command)
 */
record CommandResult(String stdout, String stderr) {
}
