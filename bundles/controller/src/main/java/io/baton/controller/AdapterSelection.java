package io.baton.controller;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Which cluster-manager adapter the controller and the state monitor use: one PID read by both, so
 * the adapter is chosen in one place (etc/io.baton.adapter.cfg).
 */
@ObjectClassDefinition(pid = "io.baton.adapter", name = "Baton cluster-manager adapter",
        description = "Selects the cluster-manager adapter service the controller and the state monitor bind.")
public @interface AdapterSelection {

    @AttributeDefinition(description = "Filter selecting the adapter service by its baton.adapter property, e.g. "
            + "(baton.adapter=native) or (baton.adapter=pacemaker); the default takes whichever adapter is installed.")
    String clusterManager_target() default "(baton.adapter=*)";
}
