package io.baton.adapter.command;

import io.baton.api.testing.Configs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** config/io.baton.adapter.command.cfg documents the real defaults and a working example. */
class ShippedConfigTest {
    private static final Path CFG = Path.of("../../config/io.baton.adapter.command.cfg");
    private static final Pattern COMMENTED_KEY = Pattern.compile("^#(\\w+) = ?(.*)$");

    @Test
    void every_key_is_documented_with_its_default() throws Exception {
        List<String> lines = Files.readAllLines(CFG);
        Map<String, String> documented = new HashMap<>();
        for (String line : lines.subList(0, lines.indexOf("# Example: HPE Serviceguard (table output; check the columns of your release's cmviewcl)."))) {
            Matcher m = COMMENTED_KEY.matcher(line);
            if (m.matches()) {
                documented.put(m.group(1), properties(m.group(1) + " = " + m.group(2)).getProperty(m.group(1)));
            }
        }
        for (Method key : CommandConfig.class.getDeclaredMethods()) {
            Object fallback = key.getDefaultValue();
            assertThat(documented).as(key.getName()).containsEntry(key.getName(), fallback == null ? "" : fallback.toString());
        }
    }

    @Test
    void the_serviceguard_example_is_a_valid_configuration() throws IOException {
        List<String> lines = Files.readAllLines(CFG);
        StringBuilder example = new StringBuilder();
        boolean inExample = false;
        for (String line : lines) {
            inExample |= line.startsWith("# Example: HPE Serviceguard");
            Matcher m = COMMENTED_KEY.matcher(line);
            if (inExample && m.matches()) {
                example.append(m.group(1)).append(" = ").append(m.group(2)).append('\n');
            }
        }
        Map<String, Object> values = new HashMap<>();
        properties(example.toString()).forEach((k, v) -> values.put((String) k, k.equals("timeoutSeconds") ? Integer.valueOf((String) v) : v));
        CommandSettings settings = CommandSettings.from(Configs.of(CommandConfig.class, values));

        assertThat(settings.start().argv(Map.of("app", "pkg 1", "node", "n1"))).containsExactly("sh", "-c",
                "cmrunpkg -n \"$1\" \"$2\" && cmmodpkg -e \"$2\"", "sh", "n1", "pkg 1");
        assertThat(settings.members().args()).containsExactly("cmviewcl", "-l", "node");
        assertThat(settings.move()).isPresent();
        assertThat(settings.setBackup()).isPresent();
    }

    private static Properties properties(String text) throws IOException {
        Properties p = new Properties(); // the same escapes as Karaf's .cfg reader
        p.load(new StringReader(text));
        return p;
    }
}
