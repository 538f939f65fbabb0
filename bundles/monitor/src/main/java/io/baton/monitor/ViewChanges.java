package io.baton.monitor;

import io.baton.api.spi.ClusterView;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** What changed between two views of the cluster manager, in words for the log. */
final class ViewChanges {
    private ViewChanges() {
    }

    static List<String> between(ClusterView before, ClusterView after) {
        List<String> changes = new ArrayList<>();
        for (String member : before.members()) {
            if (!after.members().contains(member)) {
                changes.add("member " + member + " lost");
            }
        }
        for (String member : after.members()) {
            if (!before.members().contains(member)) {
                changes.add("member " + member + " joined");
            }
        }
        Set<String> apps = new LinkedHashSet<>(before.placement().running().keySet());
        apps.addAll(after.placement().running().keySet());
        for (String app : apps) {
            String was = before.placement().running().get(app);
            String now = after.placement().running().get(app);
            if (!Objects.equals(was, now)) {
                changes.add(app + " " + (was == null ? "started on " + now : now == null ? "stopped on " + was
                        : "moved from " + was + " to " + now));
            }
        }
        return changes;
    }
}
