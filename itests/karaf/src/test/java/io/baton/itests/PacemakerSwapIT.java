package io.baton.itests;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.baton.api.spi.ClusterManager;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import javax.inject.Inject;
import javax.security.auth.Subject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

/**
 * Issue 5, hot swap in a real Karaf: one Baton node "a" runs two apps under the native adapter; then, without
 * restarting Karaf, {@code feature:uninstall baton-adapter-native} + {@code feature:install
 * baton-adapter-pacemaker} (configured through Config Admin) hands them to a real one-node Pacemaker whose
 * node is also named "a" (src/test/resources/pacemaker/one-node.sh: corosync on 127.0.0.1 in its own
 * namespaces): the controller reconciles, Pacemaker starts the Dummy resources AP1/AP2 as Baton instructs,
 * Baton's constraints are in the CIB; swapping back runs the apps as OS processes again.
 *
 * <p>Needs root and Pacemaker (installed with apt-get when missing); skipped with the reason otherwise.
 * One test method: with Pax Exam, JUnit runs each method in the container as its own request, so class-level
 * set-up would be repeated; the node is stopped in a finally block (and again, idempotently, after the class).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PacemakerSwapIT extends KarafTestSupport {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String NODE = "a";
    /** A marker no other process on the machine has in its command line. */
    static final String MARKER = "4721" + ProcessHandle.current().pid();
    static final List<String> TOOLS = List.of("corosync", "corosync-cfgtool", "pacemakerd", "crm_mon", "cibadmin",
            "crm_resource", "crm_attribute", "nsenter", "unshare");
    static final String PACKAGES = "pacemaker corosync pacemaker-cli-utils resource-agents";

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
                editConfigurationFilePut("etc/io.baton.store.mqtt.cfg", "node", NODE),
                editConfigurationFilePut("etc/io.baton.store.mqtt.cfg", "cluster", "pmswap"),
                editConfigurationFilePut("etc/io.baton.store.mqtt.cfg", "brokerUrls", "tcp://127.0.0.1:" + port),
                editConfigurationFilePut("etc/io.baton.broker.embedded.cfg", "port", Integer.toString(port)),
                editConfigurationFilePut("etc/io.baton.controller.cfg", "formationTimeoutSeconds", "1"),
                editConfigurationFilePut("etc/io.baton.load.cfg", "intervalSeconds", "1"),
                systemProperty("baton.pacemaker.script").value(System.getProperty("baton.pacemaker.script", "")),
                systemProperty("baton.pacemaker.dir").value(System.getProperty("baton.pacemaker.dir", "")));
    }

    @AfterClass
    public static void stopPacemaker() {
        String dir = System.getProperty("baton.pacemaker.dir", "");
        if (!dir.isEmpty() && Files.exists(Path.of(dir, "init.pid"))) {
            shell(Duration.ofSeconds(20), "bash", System.getProperty("baton.pacemaker.script"), "stop", dir);
        }
    }

    @Test
    public void the_native_adapter_is_swapped_for_pacemaker_and_back_without_restarting_karaf() throws Exception {
        requirements();
        Path script = Path.of(System.getProperty("baton.pacemaker.script"));
        Path dir = Files.createDirectories(Path.of(System.getProperty("baton.pacemaker.dir")));
        long t0 = System.nanoTime();
        // the Pacemaker node boots (~7 s) while Baton starts the apps under the native adapter
        Process pacemaker = new ProcessBuilder("bash", script.toString(), "start", dir.toString(), NODE, "AP1", "AP2")
                .redirectErrorStream(true).redirectOutput(dir.resolve("start.log").toFile()).start();
        try {
            // Pax Exam starts the test as soon as the features are installed: the shell commands may come later
            await("the baton shell commands, the store connected", WAIT, () -> run("baton:status"),
                    out -> out.contains("store connected"));
            String deployed = run("baton:deploy " + rules());
            assertTrue(deployed, deployed.startsWith("Deployed revision 1: cluster pmswap"));
            awaitAppsOn(NODE, "both apps running on a under the native adapter");
            await("two OS processes of the native adapter", WAIT, () -> osProcesses(), n -> n == 2L);
            assertTrue(run("baton:status"), run("baton:status").contains("Adapter     native"));

            assertTrue("the one-node Pacemaker started in time; see " + dir.resolve("start.log"),
                    pacemaker.waitFor(60, TimeUnit.SECONDS));
            String started = Files.readString(dir.resolve("start.log"));
            assertEquals("one-node.sh start: " + started, 0, pacemaker.exitValue());
            String init = Files.readString(dir.resolve("init.pid")).strip();
            String prefix = "nsenter -t " + init + " -n -m -p -u --";
            assertEquals("Pacemaker runs neither Dummy resource yet", "", crmMonRunning(prefix));
            System.out.printf("[pacemaker-swap] native running + one-node Pacemaker ready: %d ms%n", ms(t0));

            // ---- native -> Pacemaker, Karaf keeps running ----
            Hashtable<String, Object> settings = new Hashtable<>();
            settings.put("commandPrefix", prefix);
            settings.put("pollIntervalMillis", 500);
            settings.put("settleTimeoutMillis", 20000);
            configurations.getConfiguration("io.baton.adapter.pacemaker", null).update(settings);
            long swap = System.nanoTime();
            String out = admin("feature:uninstall baton-adapter-native");
            assertFalse(out, out.startsWith("ERROR"));
            await("the native adapter stopped its processes", WAIT, () -> osProcesses(), n -> n == 0L);
            out = admin("feature:install baton-adapter-pacemaker");
            assertFalse(out, out.startsWith("ERROR"));
            assertTrue(features.isInstalled(features.getFeature("baton-adapter-pacemaker")));
            assertFalse(features.isInstalled(features.getFeature("baton-adapter-native")));
            service("(baton.adapter=pacemaker)");

            // Pacemaker's own word: it runs both resources on a, as Baton instructed
            await("Pacemaker runs AP1 and AP2 on a (crm_mon)", WAIT, () -> crmMonRunning(prefix),
                    s -> s.equals("AP1=a AP2=a"));
            System.out.printf("[pacemaker-swap] feature swap -> both Dummy resources Started on a: %d ms%n", ms(swap));
            awaitAppsOn(NODE, "the tables show both apps on a under Pacemaker");
            await("baton:status names the pacemaker adapter", WAIT, () -> run("baton:status"),
                    s -> s.contains("Adapter     pacemaker"));
            String constraints = shell(Duration.ofSeconds(20), (prefix + " cibadmin --query --scope constraints").split(" "));
            for (String app : List.of("AP1", "AP2")) {
                assertTrue(constraints, constraints.contains("id=\"baton-" + app + "\"")
                        && constraints.contains("id=\"baton-run-" + app + "\"")
                        && constraints.contains("value=\"" + NODE + "\""));
            }
            String sticky = shell(Duration.ofSeconds(20), (prefix + " crm_resource --resource AP1 --meta --get-parameter resource-stickiness").split(" "));
            assertTrue(sticky, sticky.contains("150"));
            assertEquals("no native process came back", 0L, osProcesses());
            JsonObject status = json("baton:status --json");
            assertEquals(NODE, status.getAsJsonObject("controller").get("server").getAsString());
            assertEquals("up", status.getAsJsonObject("servers").getAsJsonObject(NODE).get("state").getAsString());

            // ---- Pacemaker -> native ----
            long back = System.nanoTime();
            out = admin("feature:uninstall baton-adapter-pacemaker");
            assertFalse(out, out.startsWith("ERROR"));
            out = admin("feature:install baton-adapter-native");
            assertFalse(out, out.startsWith("ERROR"));
            service("(baton.adapter=native)");
            await("the native adapter runs both apps again as OS processes", WAIT, () -> osProcesses(), n -> n == 2L);
            awaitAppsOn(NODE, "and the tables agree");
            await("baton:status names the native adapter", WAIT, () -> run("baton:status"),
                    s -> s.contains("Adapter     native"));
            System.out.printf("[pacemaker-swap] swap back -> both apps OS processes again: %d ms; whole test %d ms%n",
                    ms(back), ms(t0));
        } finally {
            pacemaker.destroyForcibly();
            shell(Duration.ofSeconds(20), "bash", script.toString(), "stop", dir.toString());
        }
    }

    // ---- helpers ----

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private String run(String command) {
        return execute(sessions, command);
    }

    /**
     * Runs a shell command as an operator with the admin role: Karaf's command ACLs
     * (etc/org.apache.karaf.command.acl.feature.cfg) hide feature:install/uninstall from a session without it.
     */
    private String admin(String command) throws Exception {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("itest"));
        subject.getPrincipals().add(new RolePrincipal("admin"));
        return Subject.doAs(subject, (PrivilegedExceptionAction<String>) () -> run(command));
    }

    private JsonObject json(String command) {
        return JsonParser.parseString(run(command)).getAsJsonObject();
    }

    private void awaitAppsOn(String server, String what) throws InterruptedException {
        await(what, WAIT, () -> json("baton:apps --json"),
                apps -> server.equals(str(apps, "AP1", "running")) && server.equals(str(apps, "AP2", "running")));
    }

    private static String str(JsonObject apps, String app, String field) {
        return apps.has(app) && !apps.getAsJsonObject(app).get(field).isJsonNull()
                ? apps.getAsJsonObject(app).get(field).getAsString() : null;
    }

    private void service(String filter) throws Exception {
        String f = "(&(objectClass=" + ClusterManager.class.getName() + ")" + filter + ")";
        ServiceTracker<?, ?> tracker = new ServiceTracker<>(context, context.createFilter(f), null);
        tracker.open();
        try {
            assertNotNull("ClusterManager " + filter + " is registered", tracker.waitForService(WAIT.toMillis()));
        } finally {
            tracker.close();
        }
    }

    private static Path rules() throws IOException {
        Path file = Files.createTempFile("baton-itest-pmswap", ".json");
        Files.writeString(file, "{\"cluster\": \"pmswap\", \"servers\": [\"" + NODE + "\"], \"apps\": {"
                + "\"AP1\": {\"command\": \"sleep " + MARKER + "1\"}, \"AP2\": {\"command\": \"sleep " + MARKER + "2\"}}}");
        return file;
    }

    /** The native adapter's app processes themselves (not the /bin/sh -c that runs each command line). */
    private static long osProcesses() {
        return ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.matches("(\\S*/)?" + Pattern.quote("sleep " + MARKER) + ".*")).count();
    }

    private static final Pattern RESOURCE = Pattern.compile(
            "<resource id=\"(AP\\d)\"[^>]*role=\"Started\"[^>]*>\\s*<node name=\"([^\"]+)\"");

    /** "AP1=a AP2=a": the Dummy resources crm_mon (inside the node) reports Started, and where. */
    private static String crmMonRunning(String prefix) {
        String xml = shell(Duration.ofSeconds(20), (prefix + " crm_mon --one-shot --output-as=xml").split(" "));
        List<String> running = new ArrayList<>();
        Matcher m = RESOURCE.matcher(xml);
        while (m.find()) {
            running.add(m.group(1) + "=" + m.group(2));
        }
        return String.join(" ", running);
    }

    /** Root, and Pacemaker's tools (apt-get install when missing); else the test is skipped, saying why. */
    private static void requirements() {
        Assume.assumeTrue("skipped: a real Pacemaker node needs root (namespaces, corosync); running as uid "
                + shell(Duration.ofSeconds(5), "id", "-u").strip(), "0".equals(shell(Duration.ofSeconds(5), "id", "-u").strip()));
        Assume.assumeTrue("skipped: no one-node.sh script (system property baton.pacemaker.script)",
                Files.isRegularFile(Path.of(System.getProperty("baton.pacemaker.script", "/nonexistent"))));
        if (!missing().isEmpty()) {
            String first = shell(Duration.ofMinutes(5), "sh", "-c", "DEBIAN_FRONTEND=noninteractive apt-get install -y " + PACKAGES);
            if (!missing().isEmpty()) {
                shell(Duration.ofMinutes(5), "sh", "-c", "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y " + PACKAGES);
            }
            Assume.assumeTrue("skipped: Pacemaker tools missing after apt-get install " + PACKAGES + ": " + missing()
                    + "; apt-get said: " + first.lines().reduce((a, b) -> b).orElse(""), missing().isEmpty());
        }
    }

    private static List<String> missing() {
        List<String> out = new ArrayList<>();
        for (String tool : TOOLS) {
            if (!shell(Duration.ofSeconds(5), "sh", "-c", "command -v " + tool + " || true").contains(tool)) {
                out.add(tool);
            }
        }
        return out;
    }

    /** Runs a command, returns stdout and stderr together (never throws; a failure is in the text). */
    private static String shell(Duration timeout, String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return "timed out: " + String.join(" ", argv);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "cannot run " + String.join(" ", argv) + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted: " + String.join(" ", argv);
        }
    }
}
