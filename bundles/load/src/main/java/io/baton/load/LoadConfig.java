package io.baton.load;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of the load updater and of the OSHI load source: both read PID {@code io.baton.load};
 * the updater designates it for metatype.
 */
@ObjectClassDefinition(name = "Baton load updater",
        description = "Measures this server's CPU, memory and network load and writes its row of the load table.")
public @interface LoadConfig {
    String PID = "io.baton.load";

    @AttributeDefinition(min = "1", description = "Seconds between two measurements (and load checks when this "
            + "server's controller is active).")
    int intervalSeconds() default 5;

    @AttributeDefinition(min = "0", max = "0.99", description = "Exponential smoothing: the weight of the previous "
            + "value, from 0 (none: each row is the latest measurement) up to, not including, 1.")
    double smoothing() default 0;

    @AttributeDefinition(description = "The figure used as the load score for decisions.", options = {
            @Option(label = "CPU %", value = "cpu"),
            @Option(label = "Memory %", value = "memory"),
            @Option(label = "Network %", value = "network"),
            @Option(label = "Highest of the three", value = "max")})
    String score() default "cpu";

    @AttributeDefinition(name = "Network capacity (Mbit/s)", min = "1", description = "Capacity in Mbit/s assumed for a network interface that does "
            + "not report its speed (virtual NICs usually do not).")
    long networkCapacityMbps() default 1000;
}
