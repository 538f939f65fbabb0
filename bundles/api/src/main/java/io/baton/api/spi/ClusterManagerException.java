package io.baton.api.spi;

/**
 * A cluster manager could not be asked or could not do what it was asked. The message names the
 * operation and the cluster manager's own error (e.g. a command's exit code and stderr).
 */
public class ClusterManagerException extends Exception {
    private static final long serialVersionUID = 1L;

    public ClusterManagerException(String message) {
        super(message);
    }

    public ClusterManagerException(String message, Throwable cause) {
        super(message, cause);
    }
}
