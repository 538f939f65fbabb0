package io.baton.api.spi;

/**
 * One measurement of a server's own load, in percent (0..100).
 *
 * @param cpu     CPU use
 * @param memory  memory use
 * @param network network use
 */
public record LoadSample(double cpu, double memory, double network) {
    public LoadSample {
        check("cpu", cpu);
        check("memory", memory);
        check("network", network);
    }

    private static void check(String what, double value) {
        if (!(value >= 0 && value <= 100)) {
            throw new IllegalArgumentException(what + " load must be within 0..100, was " + value);
        }
    }
}
