package io.baton.store.mqtt;

import io.baton.api.testing.Configs;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreSettingsTest {

    @Test
    void defaults_fill_in_node_client_id_and_the_local_broker() {
        StoreSettings s = StoreSettings.from(Configs.of(StoreConfig.class, Map.of()));
        assertThat(s.cluster()).isEqualTo("demo");
        assertThat(s.node()).isNotBlank().doesNotContain(".");
        assertThat(s.clientId()).isEqualTo("baton-demo-" + s.node());
        assertThat(s.brokerUrls()).containsExactly("tcp://127.0.0.1:1883");
        assertThat(s.username()).isEmpty();
        assertThat(s.password()).isEmpty();
        assertThat(s.keepAlive()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.settleWindow()).isEqualTo(Duration.ofSeconds(9));
        assertThat(s.tls().custom()).isFalse();
    }

    @Test
    void a_comma_separated_text_or_an_array_gives_the_failover_list() {
        StoreSettings s = StoreSettings.from(Configs.of(StoreConfig.class, Map.of("node", "n1", "brokerUrls",
                new String[]{"ssl://a:8883, tcp://b:1883", "tcp://c:1883"}, "password", " secret ")));
        assertThat(s.brokerUrls()).containsExactly("ssl://a:8883", "tcp://b:1883", "tcp://c:1883");
        assertThat(s.password()).contains(" secret ");
        assertThat(s.toString()).doesNotContain("secret");
    }

    @Test
    void bad_values_are_rejected_naming_the_key() {
        assertThatThrownBy(() -> StoreSettings.from(Configs.of(StoreConfig.class, Map.of("brokerUrls",
                new String[]{"http://a:1883"})))).hasMessageContaining("brokerUrls");
        assertThatThrownBy(() -> StoreSettings.from(Configs.of(StoreConfig.class, Map.of("brokerUrls",
                new String[]{" "})))).hasMessageContaining("brokerUrls");
        assertThatThrownBy(() -> StoreSettings.from(Configs.of(StoreConfig.class, Map.of("keepAliveSeconds", 0))))
                .hasMessageContaining("keepAliveSeconds");
        assertThatThrownBy(() -> StoreSettings.from(Configs.of(StoreConfig.class, Map.of("cluster", " "))))
                .hasMessageContaining("cluster");
        assertThatThrownBy(() -> StoreSettings.from(Configs.of(StoreConfig.class, Map.of("brokerUrls",
                new String[]{"tcp://a:1", "tcp://a:1"})))).hasMessageContaining("brokerUrls: a broker is listed twice");
    }

    @Test
    void the_lease_must_end_before_a_silent_nodes_will_and_span_four_beats() {
        StoreSettings s = StoreSettings.from(Configs.of(StoreConfig.class, Map.of()));
        assertThat(s.timing().lease()).isEqualTo(Duration.ofMillis(2000));
        assertThat(s.timing().beat()).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> StoreSettings.from(Configs.of(StoreConfig.class, Map.of("leaseMillis", 3000))))
                .hasMessage("leaseMillis (3000) must be below 1.5 x keepAliveSeconds (2 s), when a silent node's Will comes");
        assertThatThrownBy(() -> StoreSettings.from(Configs.of(StoreConfig.class, Map.of("leaseMillis", 800,
                "beatIntervalMillis", 250)))).hasMessageContaining("leaseMillis / beatIntervalMillis: the lease (800 ms) "
                + "must be at least four beats (250 ms)");
        assertThat(StoreSettings.from(Configs.of(StoreConfig.class, Map.of("leaseMillis", 4000, "keepAliveSeconds", 3)))
                .timing().lease()).isEqualTo(Duration.ofMillis(4000));
    }

    /** config/io.baton.store.mqtt.cfg documents every key: set to its default, or commented out when it has none. */
    @Test
    void the_shipped_configuration_documents_every_key_with_its_default() throws Exception {
        Path file = Path.of("../../config/io.baton.store.mqtt.cfg");
        Properties active = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            active.load(in);
        }
        Set<String> commented = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^#(\\w+) =\\s*$").matcher(Files.readString(file));
        while (m.find()) {
            commented.add(m.group(1));
        }
        Map<String, Object> defaults = new HashMap<>();
        for (Method key : StoreConfig.class.getDeclaredMethods()) {
            Object d = key.getDefaultValue();
            defaults.put(key.getName(), d instanceof String[] a ? String.join(",", List.of(a)) : d);
        }
        Set<String> documented = new TreeSet<>(active.stringPropertyNames());
        documented.addAll(commented);
        assertThat(documented).isEqualTo(defaults.keySet());
        defaults.forEach((key, value) -> {
            if ("".equals(value)) {
                assertThat(commented).as(key + " has no default: commented out").contains(key);
            } else {
                assertThat(active.getProperty(key)).as(key).isEqualTo(String.valueOf(value));
            }
        });
    }
}
