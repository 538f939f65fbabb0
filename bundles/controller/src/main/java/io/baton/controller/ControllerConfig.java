package io.baton.controller;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(pid = "io.baton.controller", name = "Baton controller",
        description = "The controller, active on one node of the cluster at a time.")
public @interface ControllerConfig {

    @AttributeDefinition(description = "Seconds the first controller waits for every server of the rules to be up "
            + "before it forms the cluster with the servers that are.")
    int formationTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Seconds after a failed cluster-manager instruction before the controller "
            + "reconciles and tries again.")
    int retryDelaySeconds() default 5;

    @AttributeDefinition(description = "For crash tests only: halt this JVM right after the rows of a decision "
            + "with this trigger kind (e.g. fail, join, move) are written with their processing flags, before the "
            + "cluster manager is instructed. Empty: never.")
    String crashAfterIntendedRows() default "";
}
