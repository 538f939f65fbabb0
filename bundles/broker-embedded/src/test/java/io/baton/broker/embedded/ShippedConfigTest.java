package io.baton.broker.embedded;

import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** config/io.baton.broker.embedded.cfg documents every key: set to its default, or commented out when it has none. */
class ShippedConfigTest {

    @Test
    void every_key_is_documented_with_its_default() throws Exception {
        Path file = Path.of("../../config/io.baton.broker.embedded.cfg");
        Properties active = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            active.load(in);
        }
        Set<String> commented = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^#(\\w+) =\\s*$").matcher(Files.readString(file));
        while (m.find()) {
            commented.add(m.group(1));
        }
        Set<String> keys = new TreeSet<>();
        for (Method key : BrokerConfig.class.getDeclaredMethods()) {
            keys.add(key.getName());
            Object fallback = key.getDefaultValue();
            if ("".equals(fallback)) {
                assertThat(commented).as(key.getName() + " has no default: commented out").contains(key.getName());
            } else {
                assertThat(active.getProperty(key.getName())).as(key.getName()).isEqualTo(String.valueOf(fallback));
            }
        }
        Set<String> documented = new TreeSet<>(active.stringPropertyNames());
        documented.addAll(commented);
        assertThat(documented).isEqualTo(keys);
    }
}
