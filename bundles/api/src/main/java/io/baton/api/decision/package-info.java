/**
 * What the controller decides: the {@link io.baton.api.decision.Trigger triggers} it reacts to,
 * the {@link io.baton.api.decision.Decision decision} a placement policy returns for one trigger,
 * and the ordered {@link io.baton.api.decision.Instruction instructions} for the cluster manager.
 * All types are immutable and thread-safe; nothing here accepts or returns {@code null}.
 */
@Export
@Version("1.2.0")
package io.baton.api.decision;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
