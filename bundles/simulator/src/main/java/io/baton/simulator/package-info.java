/**
 * The what-if simulator (SPEC "The what-if simulator"): a {@link io.baton.simulator.Scenario} is
 * run by {@link io.baton.simulator.Simulation} through the real decision core against an
 * {@link io.baton.simulator.InMemoryClusterManager} that takes over on its own as a cluster manager
 * does, and {@link io.baton.simulator.SimulationOutput} prints the tables after every step as JSON
 * or as tables with reasons.
 */
@Export
@Version("1.0.0")
package io.baton.simulator;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
