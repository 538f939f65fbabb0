package io.baton.store.mqtt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The messages this node ignored: not JSON, another schema, too large, too deeply nested, filed under another row's
 * topic, not signed by a writer allowed to write it. Whoever can publish to a broker can send them, so none is ever
 * acted on, each is counted, and each reason on each topic (the reason names the writer) is logged once at WARN, up
 * to 1024 of them (later ones at DEBUG, with the count so far): a flood costs a counter, not the log. Topics
 * and reasons come from the network and are escaped before they reach a log line.
 * Store thread only (the total may be read from any thread).
 */
final class Rejections {
    private static final Logger LOG = LoggerFactory.getLogger(Rejections.class);
    private static final int MAX_TOPICS = 1024; // beyond this many distinct topics, every rejection logs at DEBUG
    private static final int MAX_TEXT = 200;

    private final String node;
    private final Map<String, Long> byTopic = new HashMap<>(); // topic and reason -> count
    private final AtomicLong total = new AtomicLong();

    Rejections(String node) {
        this.node = node;
    }

    /** Ignores a message on {@code topic} for {@code reason}, received through {@code via} (a broker). */
    void reject(String topic, String via, String reason) {
        total.incrementAndGet();
        String key = topic + "\n" + reason;
        Long before = byTopic.get(key);
        if (before == null && byTopic.size() < MAX_TOPICS) {
            byTopic.put(key, 1L);
            LOG.warn("{}: ignoring a message on {} from {}: {} (further ones alike are logged at DEBUG)", node,
                    escape(topic), via, escape(reason));
            return;
        }
        long count = before == null ? 1 : before + 1;
        if (before != null) {
            byTopic.put(key, count);
        }
        LOG.debug("{}: ignoring a message on {} from {}: {} ({} alike so far)", node, escape(topic), via,
                escape(reason), count);
    }

    /** Messages ignored since the store started. */
    long total() {
        return total.get();
    }

    /** Text from the network, safe for one log line: control characters escaped, at most 200 characters. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_TEXT) + 8);
        for (int i = 0; i < text.length() && b.length() < MAX_TEXT; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return text.length() > MAX_TEXT && b.length() >= MAX_TEXT ? b.append('…').toString() : b.toString();
    }
}
