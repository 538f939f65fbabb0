package io.baton.adapter.pacemaker;

/**
 * How a command ended.
 *
 * @param command  the command line, for messages
 * @param exitCode its exit code
 * @param stdout   its standard output
 * @param stderr   its standard error
 */
record CommandResult(String command, int exitCode, String stdout, String stderr) {
    boolean ok() {
        return exitCode == 0;
    }
}
