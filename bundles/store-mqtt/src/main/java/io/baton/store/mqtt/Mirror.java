package io.baton.store.mqtt;

import io.baton.api.model.AppStatus;
import io.baton.api.model.ClusterState;
import io.baton.api.model.HistoryEntry;
import io.baton.api.model.ServerLoad;
import io.baton.api.model.ServerStatus;
import io.baton.api.spi.ControllerLease;
import io.baton.api.spi.DeployedRules;
import io.baton.api.spi.OperatorRequest;
import io.baton.api.spi.RequestOutcome;
import io.baton.api.spi.StoreSnapshot;
import io.baton.store.mqtt.Decoder.ChannelValue;
import io.baton.store.mqtt.Decoder.History;
import io.baton.store.mqtt.Topics.Address;
import io.baton.store.mqtt.Topics.Kind;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * This node's copy of the retained rows: topic to the newest value of the row it has seen, whichever broker it
 * came through. Immutable: each change gives a new mirror, and the views ({@link #snapshot}, {@link #channels}) are
 * built from it once, in a fixed order, so every node with the same rows has equal views.
 */
final class Mirror {

    /**
     * A retained row: where it is, its payload as received (to re-publish it as is), what it says (null for a
     * removed row, a tombstone), its version and writer.
     */
    record Row(Address address, byte[] payload, Object value, long version, String by) {
        boolean removed() {
            return value == null;
        }

        /** Whether this value supersedes {@code other}: a higher version, or the same one by a later writer. */
        boolean newerThan(Row other) {
            return version != other.version ? version > other.version : by.compareTo(other.by) > 0;
        }
    }

    static final Mirror EMPTY = new Mirror(Map.of(), RuleOrder.NAMES);

    private final Map<String, Row> rows;
    private final RuleOrder order;
    // Views, built on first use: a mirror is only used on the store's thread.
    private StoreSnapshot connectedView;
    private StoreSnapshot disconnectedView;
    private Map<String, Map<String, String>> channelView;

    private Mirror(Map<String, Row> rows, RuleOrder order) {
        this.rows = rows;
        this.order = order;
    }

    /**
     * This mirror with the row at {@code topic} set; this very mirror when it already holds the same payload or a
     * newer value.
     */
    Mirror with(String topic, Row row) {
        Row old = rows.get(topic);
        if (old != null && (Arrays.equals(old.payload(), row.payload()) || !row.newerThan(old))) {
            return this;
        }
        Map<String, Row> next = new LinkedHashMap<>(rows);
        next.put(topic, row);
        return new Mirror(Collections.unmodifiableMap(next), orderAfter(row.address().kind(), next));
    }

    Mirror without(String topic) {
        return without(Set.of(topic));
    }

    Mirror without(Collection<String> topics) {
        if (topics.stream().noneMatch(rows::containsKey)) {
            return this;
        }
        Map<String, Row> next = new LinkedHashMap<>(rows);
        next.keySet().removeAll(topics);
        boolean rulesGone = topics.stream().map(rows::get).anyMatch(r -> r != null && r.address().kind() == Kind.RULES);
        return new Mirror(Collections.unmodifiableMap(next), rulesGone ? orderAfter(Kind.RULES, next) : order);
    }

    Map<String, Row> rows() {
        return rows;
    }

    /** The servers of the rules in force, in priority order (empty before any rules). */
    List<String> servers() {
        return order.servers();
    }

    <T> Optional<T> value(String topic, Class<T> type) {
        return Optional.ofNullable(rows.get(topic)).map(Row::value).filter(type::isInstance).map(type::cast);
    }

    List<HistoryEntry> history(Topics topics) {
        return value(topics.history(), History.class).map(History::entries).orElse(List.of());
    }

    StoreSnapshot snapshot(boolean connected) {
        if (connected && connectedView == null) {
            connectedView = build(true);
        } else if (!connected && disconnectedView == null) {
            disconnectedView = build(false);
        }
        return connected ? connectedView : disconnectedView;
    }

    /** Channel name to its entries (key to JSON text), keys in name order. */
    Map<String, Map<String, String>> channels() {
        if (channelView == null) {
            Map<String, Map<String, String>> byChannel = new TreeMap<>();
            rows.values().stream().filter(r -> r.address().kind() == Kind.CHANNEL && !r.removed()).forEach(r -> byChannel
                    .computeIfAbsent(r.address().name(), c -> new TreeMap<>())
                    .put(r.address().key(), ((ChannelValue) r.value()).json()));
            Map<String, Map<String, String>> view = new LinkedHashMap<>();
            byChannel.forEach((channel, entries) -> view.put(channel, Collections.unmodifiableMap(entries)));
            channelView = Collections.unmodifiableMap(view);
        }
        return channelView;
    }

    private StoreSnapshot build(boolean connected) {
        Optional<DeployedRules> rules = Optional.empty();
        Optional<ControllerLease> controller = Optional.empty();
        List<HistoryEntry> history = List.of();
        Map<String, ServerStatus> servers = new TreeMap<>(order.serverOrder());
        Map<String, ServerLoad> loads = new TreeMap<>(order.serverOrder());
        Map<String, AppStatus> apps = new TreeMap<>(order.appOrder());
        Map<String, OperatorRequest> requests = new TreeMap<>();
        Map<String, RequestOutcome> outcomes = new TreeMap<>();
        for (Row row : rows.values()) {
            if (row.removed()) {
                continue;
            }
            String name = row.address().name();
            switch (row.address().kind()) {
                case RULES -> rules = Optional.of((DeployedRules) row.value());
                case CONTROLLER -> controller = Optional.of((ControllerLease) row.value());
                case HISTORY -> history = ((History) row.value()).entries();
                case SERVER_STATE -> servers.put(name, (ServerStatus) row.value());
                case SERVER_LOAD -> loads.put(name, (ServerLoad) row.value());
                case APP -> apps.put(name, (AppStatus) row.value());
                case REQUEST -> requests.put(name, (OperatorRequest) row.value());
                case OUTCOME -> outcomes.put(name, (RequestOutcome) row.value());
                default -> {
                    // channels have their own view
                }
            }
        }
        // an answered request is done, even if a writer's retry brought its row back (QoS 1 is at least once)
        requests.keySet().removeAll(outcomes.keySet());
        return new StoreSnapshot(rules, new ClusterState(servers, loads, apps), controller, Set.of(), history,
                byTime(requests, OperatorRequest::at), byTime(outcomes, RequestOutcome::at), connected);
    }

    /** Requests and outcomes oldest first (ties by id), the order they were made in. */
    private static <V> Map<String, V> byTime(Map<String, V> byId, java.util.function.Function<V, java.time.Instant> at) {
        Map<String, V> sorted = new LinkedHashMap<>();
        byId.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, V> e) -> at.apply(e.getValue())).thenComparing(Map.Entry::getKey))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private RuleOrder orderAfter(Kind changed, Map<String, Row> next) {
        if (changed != Kind.RULES) {
            return order;
        }
        return RuleOrder.of(next.values().stream().filter(r -> r.address().kind() == Kind.RULES && !r.removed())
                .map(r -> (DeployedRules) r.value()).findFirst());
    }
}
