package io.baton.load;

import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** config/io.baton.load.cfg documents every key with its real default. */
class ShippedConfigTest {

    @Test
    void every_key_is_set_to_its_default() throws Exception {
        Properties cfg = new Properties(); // the same escapes as Karaf's .cfg reader
        try (Reader in = Files.newBufferedReader(Path.of("../../config/io.baton.load.cfg"))) {
            cfg.load(in);
        }
        Method[] keys = LoadConfig.class.getDeclaredMethods();
        assertThat(cfg.stringPropertyNames()).hasSize(keys.length);
        for (Method key : keys) {
            String shipped = cfg.getProperty(key.getName());
            assertThat(shipped).as(key.getName()).isNotNull();
            Object fallback = key.getDefaultValue();
            if (fallback instanceof Number n) {
                assertThat(Double.parseDouble(shipped)).as(key.getName()).isEqualTo(n.doubleValue());
            } else {
                assertThat(shipped).as(key.getName()).isEqualTo(fallback);
            }
        }
    }
}
