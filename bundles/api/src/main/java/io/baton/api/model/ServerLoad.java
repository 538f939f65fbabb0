package io.baton.api.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A row of the server load table. Percentages are 0..100.
 *
 * @param server     the measured server
 * @param cpu        CPU use
 * @param memory     memory use
 * @param network    network use
 * @param score      the load used for decisions (CPU unless configured otherwise)
 * @param measuredAt when it was measured
 */
public record ServerLoad(String server, double cpu, double memory, double network, double score,
                         Instant measuredAt) {
    public ServerLoad {
        Names.requireName(server, "server");
        Objects.requireNonNull(measuredAt, "measuredAt");
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("load score of " + server + " must be finite, was " + score);
        }
    }

    /** A row whose only known figure is its score, e.g. from a simulation scenario. */
    public static ServerLoad ofScore(String server, double score) {
        return new ServerLoad(server, score, 0, 0, score, Instant.EPOCH);
    }
}
