/**
 * Baton's decision rules (SPEC "Decision rules") as a pure function: {@link io.baton.core.DecisionEngine}
 * maps (rules, tables, trigger) to a decision. One class per rule: {@code BackupSelection},
 * {@code InitialStart}, {@code ServerLeave}, {@code ServerJoin}, {@code PeriodicLoadCheck},
 * {@code ApplicationFailure}, {@code OperatorMove}, {@code RulesDeployment}; {@code Headroom} says where an app
 * is placeable and which servers may back it up (SPEC "Capacity, separation and priority").
 * {@link io.baton.core.SingleFailures} answers what each single failure would do now (N+1).
 * {@link io.baton.core.ClusterManagerTakeover} states what a cluster manager does on its own when
 * a server or an application fails. Nothing here does I/O or depends on OSGi or MQTT (not even
 * build-time annotations: the bundle's export is declared in its pom); it is used by the
 * controller, the simulator and the tests alike.
 */
package io.baton.core;
