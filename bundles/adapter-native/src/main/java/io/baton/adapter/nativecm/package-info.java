/**
 * Baton's own small cluster manager (the default adapter): an agent on every node starts, stops,
 * watches and takes over applications as OS processes, coordinated only through the shared
 * store's {@code native} channel (assignments and per-node reports) and its membership. A node acts
 * only while the store says it is quorate, takes apps over only from nodes the store counts
 * departed, and fences itself (stops its apps) when its lease runs out; an out-of-JVM watchdog
 * script does the same should the JVM freeze or die.
 * Nothing here is exported: other bundles see only the
 * {@link io.baton.api.spi.ClusterManager} service.
 */
package io.baton.adapter.nativecm;
