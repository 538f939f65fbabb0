/**
 * The service interfaces Baton's runtime is assembled from. Each is looked up as an OSGi service,
 * so an implementation is swapped by installing another bundle:
 * <ul>
 *   <li>{@link io.baton.api.spi.ClusterManager}: the adapter to a cluster manager (native, Pacemaker,
 *       command line, or a vendor's bundle);</li>
 *   <li>{@link io.baton.api.spi.SharedStore}: the shared tables every node mirrors;</li>
 *   <li>{@link io.baton.api.spi.PlacementPolicy}: the decision rules, a pure function;</li>
 *   <li>{@link io.baton.api.spi.LoadSource}: how a server measures its own load.</li>
 * </ul>
 */
@Export
@Version("1.3.0")
package io.baton.api.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
