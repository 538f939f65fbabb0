/**
 * Who may speak for a Baton cluster. Each node has its own Ed25519 key ({@link io.baton.trust.KeyFiles}, mode 600)
 * and a {@link io.baton.trust.NodeCertificate} by which the operator key vouches for it; rule files and operator
 * requests are signed by the operator key itself. Every message of the shared store travels in an
 * {@link io.baton.trust.Envelope}, signed over its topic and its bytes, so that the broker carrying it is only
 * transport: it cannot make, change or re-address a message without the receivers noticing.
 * {@link io.baton.trust.TrustDirectory} finds or makes a node's keys at start.
 */
@Export
@Version("1.0.0")
package io.baton.trust;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
