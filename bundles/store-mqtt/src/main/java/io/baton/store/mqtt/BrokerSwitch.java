package io.baton.store.mqtt;

/**
 * When the tables move to another broker: at once when the broker in use is gone (not in step, or its presence
 * connection does not answer); from a broker that still works only once another choice held for
 * {@value #STABLE_BEATS} beats in a row (two seconds), so that one late echo or one stale heartbeat moves nothing,
 * and the cluster returns to a preferred broker that came back without tearing apart. Store thread only.
 */
final class BrokerSwitch {
    /** Beats a new choice must hold before the tables leave a broker that still works. */
    static final int STABLE_BEATS = 8;

    private int candidate = -1;
    private int beats;

    /**
     * Called once a beat with the broker chosen now ({@link Membership#choose}).
     *
     * @param current     the broker in use, -1 when none
     * @param currentGone whether the broker in use no longer serves
     * @return the broker to move to, or -1 to stay
     */
    int next(int choice, int current, boolean currentGone) {
        if (choice < 0 || choice == current) {
            candidate = -1;
            return -1;
        }
        if (choice != candidate) {
            candidate = choice;
            beats = 0;
        }
        beats++;
        if (current < 0 || currentGone || beats >= STABLE_BEATS) {
            candidate = -1;
            return choice;
        }
        return -1;
    }
}
