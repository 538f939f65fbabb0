/**
 * Small helpers shared by Baton's runtime bundles and open to vendors' adapters:
 * {@link io.baton.support.ViewPoller} polls a cluster manager's view for its listeners (level-triggered,
 * never reporting a failed poll as "no members"); {@link io.baton.support.DistinctErrors} logs a
 * repeated failure once; {@link io.baton.support.CommandRunner} runs a cluster manager's command-line tool
 * with a timeout and clear errors, and quotes words for a shell.
 */
@Export
@Version("1.2.0")
package io.baton.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
