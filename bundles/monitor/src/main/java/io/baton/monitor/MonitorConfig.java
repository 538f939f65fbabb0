package io.baton.monitor;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(pid = "io.baton.monitor", name = "Baton state monitor",
        description = "Watches the cluster manager's view and reports changes to the controller.")
public @interface MonitorConfig {

    @AttributeDefinition(description = "Seconds between reads of the cluster manager's view, besides its change "
            + "events: a missed event is caught at the next read.")
    int pollIntervalSeconds() default 2;
}
