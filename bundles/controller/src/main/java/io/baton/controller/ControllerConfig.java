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
}
