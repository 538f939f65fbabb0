/**
 * The boundaries between the active controller's steps, as observers see them: the moments at which a controller
 * that stopped leaves a distinct state behind for its successor (SPEC "Processing flags"). Observers are OSGi
 * services; the controller calls them on its own thread and goes on when they return. Tracing, metrics and fault
 * injection (the fault campaign halts a controller at each boundary) are built on them; nothing in the decision
 * depends on them.
 */
@Export
@Version("1.0.0")
package io.baton.api.steps;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
