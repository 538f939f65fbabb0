package io.baton.itests;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.baton.api.spi.ClusterManager;
import io.baton.api.spi.ControllerService;
import io.baton.api.spi.LoadSource;
import io.baton.api.spi.SharedStore;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import javax.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

/**
 * One Baton node as shipped (features baton and baton-broker booted), on its embedded broker: the
 * services come up, a rule file deployed from the shell round-trips through the broker, the
 * controller has the native cluster manager start real OS processes, every shell command answers,
 * and the adapter is swapped at run time without losing an app.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class RuntimeIT extends KarafTestSupport {
    static final Duration WAIT = Duration.ofSeconds(30);
    /** A marker no other process on the machine has in its command line. */
    static final String MARKER = "3617" + ProcessHandle.current().pid();

    @Inject
    BundleContext context;
    @Inject
    FeaturesService features;
    @Inject
    SessionFactory sessions;
    @Inject
    ConfigurationAdmin configurations;

    @Configuration
    public Option[] config() {
        int port = port();
        return batonDistribution(
                editConfigurationFilePut("etc/io.baton.store.mqtt.cfg", "node", "a"),
                editConfigurationFilePut("etc/io.baton.store.mqtt.cfg", "cluster", "itest"),
                editConfigurationFilePut("etc/io.baton.store.mqtt.cfg", "brokerUrls", "tcp://127.0.0.1:" + port),
                editConfigurationFilePut("etc/io.baton.broker.embedded.cfg", "port", Integer.toString(port)),
                editConfigurationFilePut("etc/io.baton.controller.cfg", "formationTimeoutSeconds", "1"),
                editConfigurationFilePut("etc/io.baton.load.cfg", "intervalSeconds", "1"),
                // the tests run inside the container's JVM: hand over what the build told this one
                systemProperty("baton.fakecm").value(System.getProperty("baton.fakecm", "")),
                systemProperty("baton.examples").value(System.getProperty("baton.examples", "")));
    }

    private String run(String command) {
        return execute(sessions, command);
    }

    private JsonObject json(String command) {
        return JsonParser.parseString(run(command)).getAsJsonObject();
    }

    private <T> void service(Class<T> type, String filter) throws Exception {
        String f = "(&(objectClass=" + type.getName() + ")" + (filter == null ? "" : filter) + ")";
        ServiceTracker<?, ?> tracker = new ServiceTracker<>(context, context.createFilter(f), null);
        tracker.open();
        try {
            assertNotNull(type.getSimpleName() + " " + (filter == null ? "" : filter) + " is registered",
                    tracker.waitForService(WAIT.toMillis()));
        } finally {
            tracker.close();
        }
    }

    /** The app processes themselves (not the /bin/sh -c that runs each app's command line). */
    private static long osProcesses(String command) {
        return ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.matches("(\\S*/)?" + java.util.regex.Pattern.quote(command) + ".*")).count();
    }

    static Path rules() throws Exception {
        Path file = Files.createTempFile("baton-itest-rules", ".json");
        Files.writeString(file, "{\"cluster\": \"itest\", \"servers\": [\"a\", \"b\"], \"apps\": {"
                + "\"AP1\": {\"command\": \"sleep " + MARKER + "1\"}, \"AP2\": {\"command\": \"sleep " + MARKER + "2\"}}}");
        return file;
    }

    @Test
    public void t1_every_service_of_a_node_comes_up() throws Exception {
        for (String feature : List.of("baton", "baton-broker", "baton-store-mqtt", "baton-controller", "baton-load",
                "baton-adapter-native", "baton-shell")) {
            assertTrue(feature + " installed", features.isInstalled(features.getFeature(feature)));
        }
        service(SharedStore.class, null);
        service(ControllerService.class, null);
        service(ClusterManager.class, "(baton.adapter=native)");
        service(LoadSource.class, null);
        await("the store connected to the embedded broker", WAIT, () -> run("baton:status"), s -> s.contains("store connected"));
    }

    @Test
    public void t2_a_deployed_rule_file_round_trips_and_the_apps_run_as_os_processes() throws Exception {
        String deployed = run("baton:deploy " + rules());
        assertTrue(deployed, deployed.startsWith("Deployed revision 1: cluster itest, 2 servers, 2 apps"));
        await("both apps running on a", WAIT, () -> json("baton:apps --json"), apps ->
                apps.has("AP2") && "a".equals(str(apps, "AP1", "running")) && "a".equals(str(apps, "AP2", "running")));
        await("two OS processes", WAIT, () -> osProcesses("sleep " + MARKER), n -> n == 2L);
        JsonObject status = json("baton:status --json");
        assertEquals("a", status.getAsJsonObject("controller").get("server").getAsString());
        assertEquals("up", status.getAsJsonObject("servers").getAsJsonObject("a").get("state").getAsString());
        assertEquals("down", status.getAsJsonObject("servers").getAsJsonObject("b").get("state").getAsString());
    }

    private static String str(JsonObject apps, String app, String field) {
        return apps.has(app) && !apps.getAsJsonObject(app).get(field).isJsonNull()
                ? apps.getAsJsonObject(app).get(field).getAsString() : null;
    }

    @Test
    public void t3_every_read_command_answers_in_tables_and_json() throws Exception {
        assertTrue(run("baton:servers"), run("baton:servers").contains("Server"));
        assertEquals("up", json("baton:servers --json").getAsJsonObject("a").get("state").getAsString());
        await("a load row from the load updater", WAIT, () -> run("baton:loads --json"), s -> s.contains("\"a\""));
        assertTrue(run("baton:loads"), run("baton:loads").contains("CPU %"));
        assertTrue(run("baton:rules"), run("baton:rules").contains("Revision 1 from"));
        assertEquals("itest", json("baton:rules --json").get("cluster").getAsString());
        await("the start in the history", WAIT, () -> run("baton:history"), s -> s.contains("start with a"));
        assertTrue(run("baton:history --json").startsWith("["));
        String template = run("baton:template --servers a,b,spare --apps X,Y n-to-1");
        assertTrue(template, template.startsWith("{"));
        assertEquals("n-to-1", JsonParser.parseString(template).getAsJsonObject().get("model").getAsString());
        String simulated = run("baton:simulate --table " + Path.of(System.getProperty("baton.examples", "examples"))
                .resolve("scenarios/worked-examples.json"));
        assertTrue(simulated, simulated.contains("AP1  d        e"));
    }

    @Test
    public void t4_commands_that_cannot_be_done_say_why() throws Exception {
        assertEquals("ERROR: cannot move AP1 to b: server b is down, not up\n", run("baton:move AP1 b"));
        assertEquals("ERROR: cannot move AP1 to q: unknown server q (servers: a, b)\n", run("baton:move AP1 q"));
        assertTrue(run("baton:attach b"), run("baton:attach b").startsWith("ERROR: cannot attach server b: the cluster manager does not see it"));
        Path bad = Files.createTempFile("baton-itest-bad", ".json");
        Files.writeString(bad, "{\"cluster\": \"itest\", \"servers\": [], \"apps\": {}}");
        String rejected = run("baton:deploy " + bad);
        assertTrue(rejected, rejected.contains("rejected, the rules in force stay in force:")
                && rejected.contains(bad + ": $.servers: an empty cluster: list at least one server"));
        assertTrue(run("baton:rules"), run("baton:rules").contains("Revision 1 from"));
        assertTrue(run("baton:template n-to-2"), run("baton:template n-to-2").startsWith("ERROR: unknown template \"n-to-2\""));
        assertTrue(run("baton:simulate /nonexistent.json"), run("baton:simulate /nonexistent.json").contains("no such file"));
    }

    @Test
    public void t5_the_adapter_is_swapped_at_run_time_without_losing_an_app() throws Exception {
        Path state = Files.createTempDirectory("fakecm");
        Files.writeString(state.resolve("members"), "a\n");
        Files.writeString(state.resolve("placement"), "AP1\t-\nAP2\t-\n");
        String fakecm = System.getProperty("baton.fakecm");
        assertTrue("fake cluster manager script " + fakecm, Files.isExecutable(Path.of(fakecm)));
        String cm = fakecm + " " + state + " ";
        Hashtable<String, Object> settings = new Hashtable<>();
        settings.put("membersCommand", cm + "members");
        settings.put("statusCommand", cm + "status");
        settings.put("startCommand", cm + "run {app} {node}");
        settings.put("stopCommand", cm + "halt {app} {node}");
        settings.put("moveCommand", cm + "move {app} {from} {to}");
        settings.put("setBackupCommand", cm + "backup {app} {backup}");
        settings.put("pollIntervalSeconds", 1);
        configurations.getConfiguration("io.baton.adapter.command", null).update(settings);

        features.installFeature("baton-adapter-command");
        features.uninstallFeature("baton-adapter-native");
        await("the command adapter's cluster manager runs both apps", WAIT,
                () -> readQuietly(state.resolve("placement")), p -> p.equals("AP1\ta\nAP2\ta\n"));
        await("the tables still show both apps on a", WAIT, () -> json("baton:apps --json"),
                apps -> "a".equals(str(apps, "AP1", "running")) && "a".equals(str(apps, "AP2", "running")));
        assertTrue(run("baton:status"), run("baton:status").contains("Adapter     command"));

        features.installFeature("baton-adapter-native");
        features.uninstallFeature("baton-adapter-command");
        await("the native adapter runs both apps again as OS processes", WAIT, () -> osProcesses("sleep " + MARKER), n -> n == 2L);
        await("and the tables agree", WAIT, () -> json("baton:apps --json"),
                apps -> "a".equals(str(apps, "AP1", "running")) && "a".equals(str(apps, "AP2", "running")));
    }

    @Test
    public void t6_detaching_the_only_server_stops_its_apps_and_attaching_it_starts_them_again() throws Exception {
        String detached = run("baton:detach a");
        assertTrue(detached, detached.startsWith("detach a: done"));
        await("a detached", WAIT, () -> json("baton:servers --json"), s -> "detached".equals(
                s.getAsJsonObject("a").get("state").getAsString()));
        await("no app process left", WAIT, () -> osProcesses("sleep " + MARKER), n -> n == 0L);
        // every connected server is detached: a still answers as controller, so it can be attached again
        String attached = run("baton:attach a");
        assertTrue(attached, attached.startsWith("attach a: done"));
        await("both apps running on a again", WAIT, () -> json("baton:apps --json"),
                apps -> "a".equals(str(apps, "AP1", "running")) && "a".equals(str(apps, "AP2", "running")));
        await("two OS processes again", WAIT, () -> osProcesses("sleep " + MARKER), n -> n == 2L);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
