package io.baton.itests;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import javax.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

/**
 * A node on an external broker, Debian's mosquitto (no embedded broker feature): a rule file
 * round-trips, the apps run, and after mosquitto restarts without persistence — every retained
 * row lost — the node reconnects and the broker holds every table row again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ExternalBrokerIT extends KarafTestSupport {
    static final Duration WAIT = Duration.ofSeconds(40);

    @Inject
    SessionFactory sessions;

    @Configuration
    public Option[] config() {
        int port = port();
        return batonDistribution(
                // the shipped boot features without baton-broker
                editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "featuresBoot",
                        "(wrap), package, scr, log, ssh, framework, system, feature, shell, service, jaas, deployer, bundle, "
                                + "config, baton, baton-adapter-native"),
                editConfigurationFilePut("etc/io.baton.store.mqtt.cfg", "node", "a"),
                editConfigurationFilePut("etc/io.baton.store.mqtt.cfg", "cluster", "ext"),
                editConfigurationFilePut("etc/io.baton.store.mqtt.cfg", "brokerUrls", "tcp://127.0.0.1:" + port),
                editConfigurationFilePut("etc/io.baton.controller.cfg", "formationTimeoutSeconds", "1"),
                systemProperty("baton.itest.mqtt.port").value(Integer.toString(port)));
    }

    private String run(String command) {
        return execute(sessions, command);
    }

    /** The retained rows the broker itself holds, read by a client of its own. */
    private static Set<String> retainedTopics(int port) throws Exception {
        Map<String, Boolean> topics = new ConcurrentHashMap<>();
        MqttClient observer = new MqttClient("tcp://127.0.0.1:" + port, "itest-observer-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        observer.connect(options);
        try {
            observer.subscribe("baton/ext/#", 1, (topic, message) -> {
                if (message.getPayload().length > 0) {
                    topics.put(topic, true);
                }
            });
            // retained messages arrive right after the subscription; wait until the count stops growing
            int[] last = {-1};
            await("the retained messages", Duration.ofSeconds(5), () -> {
                int now = topics.size();
                boolean stable = now == last[0] && now > 0;
                last[0] = now;
                return stable;
            }, Boolean::booleanValue);
        } finally {
            observer.disconnect();
            observer.close();
        }
        return Set.copyOf(topics.keySet());
    }

    @Test
    public void a_node_on_mosquitto_survives_a_broker_restart_with_nothing_lost() throws Exception {
        int port = Integer.parseInt(System.getProperty("baton.itest.mqtt.port"));
        try (MosquittoProcess mosquitto = new MosquittoProcess(port)) {
            await("the store connected to mosquitto", WAIT, () -> run("baton:status"), s -> s.contains("store connected"));
            Path rules = Files.createTempFile("baton-ext-rules", ".json");
            Files.writeString(rules, "{\"cluster\": \"ext\", \"servers\": [\"a\"], \"apps\": {\"AP1\": {\"command\": \"sleep 3600\"}}}");
            String deployed = run("baton:deploy " + rules);
            assertTrue(deployed, deployed.startsWith("Deployed revision 1"));
            await("AP1 running on a", WAIT, () -> run("baton:apps --json"), s -> s.contains("\"running\": \"a\""));
            Set<String> before = retainedTopics(port);
            assertTrue(before.toString(), before.containsAll(Set.of("baton/ext/rules", "baton/ext/apps/AP1",
                    "baton/ext/servers/a/state", "baton/ext/controller")));

            mosquitto.stop();
            await("the node sees the broker gone", WAIT, () -> run("baton:status"), s -> s.contains("store DISCONNECTED"));
            mosquitto.start();
            await("the node reconnected", WAIT, () -> run("baton:status"), s -> s.contains("store connected"));
            Set<String> after = await("every row back at the broker", WAIT, () -> {
                try {
                    return retainedTopics(port);
                } catch (Exception e) {
                    return Set.<String>of();
                }
            }, topics -> topics.containsAll(before));
            assertTrue(after.containsAll(before));
            JsonObject apps = JsonParser.parseString(run("baton:apps --json")).getAsJsonObject();
            assertEquals("a", apps.getAsJsonObject("AP1").get("running").getAsString());
            assertTrue(run("baton:rules"), run("baton:rules").contains("Revision 1 from"));
        }
    }
}
