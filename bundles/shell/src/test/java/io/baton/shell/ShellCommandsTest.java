package io.baton.shell;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.baton.api.spi.DeployedRules;
import io.baton.api.testing.Await;
import io.baton.api.testing.InMemoryBroker;
import io.baton.controller.Controller;
import io.baton.controller.TestControllers;
import io.baton.simulator.InMemoryClusterManager;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The baton:* commands against a live (in-memory) cluster of two nodes with a real controller. */
class ShellCommandsTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String RULES = """
            {"cluster": "t", "servers": ["a", "b"], "apps": {"AP1": {"primary": "a"}, "AP2": {"primary": "b"}}}""";

    @TempDir
    Path dir;
    InMemoryBroker broker;
    InMemoryClusterManager manager;
    Controller controllerA;
    Controller controllerB;
    final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @BeforeEach
    void cluster() {
        broker = new InMemoryBroker("t");
        manager = new InMemoryClusterManager();
        manager.memberJoined("a");
        manager.memberJoined("b");
        controllerA = TestControllers.start(broker.node("a"), manager, 30);
        controllerB = TestControllers.start(broker.node("b"), manager, 30);
        manager.addListener(v -> {
            controllerA.viewChanged(v);
            controllerB.viewChanged(v);
        });
    }

    @AfterEach
    void stop() {
        TestControllers.stop(controllerA);
        TestControllers.stop(controllerB);
        broker.close();
    }

    /** A command wired as Karaf would, on node b, printing into {@link #output}. */
    private <T extends BatonAction> T on(T command) {
        command.store = broker.node("b");
        command.out = new PrintStream(output, true, StandardCharsets.UTF_8);
        if (command instanceof RequestCommand r) {
            r.controller = controllerB;
        }
        return command;
    }

    private String printed() {
        String text = output.toString(StandardCharsets.UTF_8);
        output.reset();
        return text;
    }

    private void deployed() throws Exception {
        deployed(RULES);
    }

    private void deployed(String rules) throws Exception {
        Path file = dir.resolve("rules.json");
        Files.writeString(file, rules);
        DeployCommand deploy = on(new DeployCommand());
        deploy.file = file.toString();
        deploy.execute();
        assertThat(printed()).isEqualTo("Deployed revision 1: cluster t, 2 servers, 2 apps\n");
        Await.until("the cluster formed", WAIT, () -> broker.node("b").snapshot().tables().apps().size() == 2
                && broker.node("b").snapshot().tables().apps().values().stream().allMatch(a -> a.backup().isPresent()));
    }

    @Test
    void deploy_then_status_servers_apps_and_history_show_the_cluster() throws Exception {
        deployed();
        on(new StatusCommand()).execute();
        assertThat(printed()).contains("Cluster     t (this node: b, store connected)", "Controller  a (term 1)",
                "Rules       rules.json, revision 1", "AP1", "AP2");

        AppsCommand apps = on(new AppsCommand());
        apps.execute();
        assertThat(printed()).contains("AP1 | a       | b      |");

        StatusCommand status = on(new StatusCommand());
        status.json = true;
        status.execute();
        JsonObject json = JsonParser.parseString(printed()).getAsJsonObject();
        assertThat(json.getAsJsonObject("controller").get("server").getAsString()).isEqualTo("a");
        assertThat(json.getAsJsonArray("connected").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(json.getAsJsonObject("apps").getAsJsonObject("AP1").toString())
                .isEqualTo("{\"running\":\"a\",\"backup\":\"b\",\"processing\":false}");
        assertThat(json.getAsJsonObject("servers").getAsJsonObject("b").get("state").getAsString()).isEqualTo("up");

        ServersCommand servers = on(new ServersCommand());
        servers.execute();
        assertThat(printed()).contains("Server", "Connected");

        HistoryCommand history = on(new HistoryCommand());
        history.json = true;
        history.execute();
        assertThat(JsonParser.parseString(printed()).getAsJsonArray().get(0).getAsJsonObject().get("trigger").getAsString())
                .isEqualTo("start with a, b");
    }

    @Test
    void a_bad_rule_file_is_rejected_with_every_problem_and_changes_nothing() throws Exception {
        deployed();
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"cluster\": \"t\", \"servers\": [\"a\", \"a\"], \"apps\": {\"X\": {\"fixd\": true}}}");
        DeployCommand deploy = on(new DeployCommand());
        deploy.file = bad.toString();
        assertThatThrownBy(deploy::execute).isInstanceOf(CommandException.class)
                .hasMessageContaining("rejected, the rules in force stay in force:")
                .hasMessageContaining(bad + ": $.servers[1]: server \"a\" is listed twice")
                .hasMessageContaining(bad + ": $.apps.X.fixd: unknown field \"fixd\", did you mean \"fixed\"?");
        assertThat(broker.node("a").snapshot().rules().map(DeployedRules::revision)).contains(1L);

        Files.writeString(bad, RULES.replace("\"t\"", "\"other\""));
        assertThatThrownBy(deploy::execute).hasMessageContaining("the file is for cluster \"other\"");
        deploy.file = dir.resolve("missing.json").toString();
        assertThatThrownBy(deploy::execute).hasMessageEndingWith("missing.json: no such file");
    }

    @Test
    void move_detach_and_attach_are_carried_out_by_the_controller_on_the_other_node() throws Exception {
        deployed();
        MoveCommand move = on(new MoveCommand());
        move.app = "AP1";
        move.server = "b";
        move.execute();
        assertThat(printed()).startsWith("move AP1 to b: done");
        assertThat(manager.view().placement().running()).containsEntry("AP1", "b");

        move.server = "q";
        assertThatThrownBy(move::execute).isInstanceOf(CommandException.class)
                .hasMessage("cannot move AP1 to q: unknown server q (servers: a, b)");

        DetachCommand detach = on(new DetachCommand());
        detach.server = "a";
        detach.execute();
        assertThat(printed()).startsWith("detach a: done");
        Await.until("b took over as controller", WAIT, controllerB::isActive);
        AttachCommand attach = on(new AttachCommand());
        attach.server = "a";
        attach.execute();
        assertThat(printed()).startsWith("attach a: done");
    }

    @Test
    void servers_show_each_servers_used_and_total_capacity_when_the_rules_give_them() throws Exception {
        deployed("""
                {"cluster": "t", "servers": ["a", "b"], "capacity": {"a": {"cpu": 8}, "b": {"cpu": 4, "mem": 16}},
                 "apps": {"AP1": {"primary": "a", "demand": {"cpu": 3, "mem": 2.5}}, "AP2": {"primary": "b", "demand": {"cpu": 1}}}}""");
        ServersCommand servers = on(new ServersCommand());
        servers.execute();
        assertThat(printed()).contains("Capacity (used/total)", "cpu 3/8 mem 2.50/-", "cpu 1/4 mem 0/16");
        servers.json = true;
        servers.execute();
        JsonObject json = JsonParser.parseString(printed()).getAsJsonObject();
        assertThat(json.getAsJsonObject("a").getAsJsonObject("capacity").toString())
                .isEqualTo("{\"cpu\":{\"used\":3.0,\"total\":8.0},\"mem\":{\"used\":2.5,\"total\":null}}");
    }

    @Test
    void servers_without_capacities_in_the_rules_have_no_capacity_column() throws Exception {
        deployed();
        ServersCommand servers = on(new ServersCommand());
        servers.execute();
        assertThat(printed()).contains("Load").doesNotContain("Capacity");
        servers.json = true;
        servers.execute();
        assertThat(JsonParser.parseString(printed()).getAsJsonObject().getAsJsonObject("a").has("capacity")).isFalse();
    }

    @Test
    void template_and_simulate_print_what_the_offline_tools_print() throws Exception {
        TemplateCommand template = on(new TemplateCommand());
        template.name = "n-to-1";
        template.servers = "a,b,spare";
        template.apps = "X,Y";
        template.execute();
        JsonObject file = JsonParser.parseString(printed()).getAsJsonObject();
        assertThat(file.get("model").getAsString()).isEqualTo("n-to-1");
        template.name = "n-to-2";
        assertThatThrownBy(template::execute).hasMessageStartingWith("unknown template \"n-to-2\"");

        Path scenario = dir.resolve("s.json");
        Files.writeString(scenario, "{\"rules\": " + RULES + ", \"steps\": [{\"fail\": \"a\"}]}");
        SimulateCommand simulate = on(new SimulateCommand());
        simulate.file = scenario.toString();
        simulate.execute();
        assertThat(JsonParser.parseString(printed()).getAsJsonObject().getAsJsonArray("steps")).hasSize(2);
        simulate.singleFailures = true;
        simulate.execute();
        assertThat(JsonParser.parseString(printed()).getAsJsonObject().getAsJsonObject("singleFailures").toString())
                .as("after a failed, b runs both apps without a backup").isEqualTo("{\"b\":{\"stopped\":[\"AP1\",\"AP2\"],\"overloaded\":[]}}");
        simulate.singleFailures = false;
        Files.writeString(scenario, "{\"rules\": " + RULES + ", \"steps\": [{\"join\": \"a\"}]}");
        assertThatThrownBy(simulate::execute).hasMessage(scenario + ": $.steps[0]: cannot join server a: server a is already up");
    }

    @Test
    void completers_offer_the_servers_and_apps_of_the_cluster() throws Exception {
        deployed();
        ServerCompleter servers = new ServerCompleter();
        servers.store = broker.node("a");
        assertThat(servers.names()).isEqualTo(List.of("a", "b"));
        AppCompleter apps = new AppCompleter();
        apps.store = broker.node("a");
        Await.until("apps in a's mirror", WAIT, () -> apps.names().equals(List.of("AP1", "AP2")));
    }
}
