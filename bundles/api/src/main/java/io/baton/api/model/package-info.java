/**
 * Baton's domain model: the rule table a user writes and the shared tables every node mirrors
 * (server state, server load, application). All types are immutable records, safe to share
 * between threads; collections they hold are unmodifiable and keep their declared order.
 * No method accepts or returns {@code null}: absence is {@link java.util.Optional} or an
 * explicit value such as {@link io.baton.api.model.BackupRule#NONE}.
 */
@Export
@Version("1.2.0")
package io.baton.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
