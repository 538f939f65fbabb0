package io.baton.store.mqtt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.TreeSet;

/** Logs what changed in this node's membership: its lease, whether it may act, and the nodes that departed. */
final class MembershipLog {
    private static final Logger LOG = LoggerFactory.getLogger(MembershipLog.class);

    private MembershipLog() {
    }

    /** @param before the view shown last, null at the start */
    static void changes(String node, Membership.Timing timing, Membership.View before, Membership.View now) {
        if (before == null || before.leased() != now.leased()) {
            if (now.leased()) {
                LOG.info("{}: a majority acknowledges this node: it may keep its apps", node);
            } else if (before != null) {
                LOG.warn("{}: no majority has acknowledged this node within the lease ({} ms): it must stop its apps",
                        node, timing.lease().toMillis());
            }
        }
        if (before == null || before.quorate() != now.quorate()) {
            LOG.info("{}: {}", node, now.quorate() ? "quorate: it may act" : "not quorate: it does not act");
        }
        Set<String> departed = new TreeSet<>(now.departed());
        if (before != null) {
            departed.removeAll(before.departed());
        }
        if (!departed.isEmpty()) {
            LOG.info("{}: departed: {}", node, departed);
        }
    }
}
