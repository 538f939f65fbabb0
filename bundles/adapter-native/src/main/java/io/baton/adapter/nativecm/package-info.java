/**
 * Baton's own small cluster manager (the default adapter): an agent on every node starts, stops,
 * watches and takes over applications as OS processes, coordinated only through the shared
 * store's {@code native} channel (assignments and per-node reports) and its presence
 * (MQTT Last Will). Nothing here is exported: other bundles see only the
 * {@link io.baton.api.spi.ClusterManager} service.
 */
package io.baton.adapter.nativecm;
