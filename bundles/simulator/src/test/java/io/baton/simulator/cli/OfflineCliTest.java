package io.baton.simulator.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command-line contract: output, exit codes, one clear line per problem on stderr, never a stack trace. */
class OfflineCliTest {
    static final Path EXAMPLES = Path.of(System.getProperty("baton.examples", "../../config/examples"));

    record Result(int code, String out, String err) {
    }

    static Result run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new OfflineCli(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void simulate_prints_the_spec_json_for_every_step() {
        Result r = run("", "simulate", EXAMPLES.resolve("scenarios/worked-examples.json").toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        JsonObject root = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(root.keySet()).containsExactly("steps");
        var steps = root.getAsJsonArray("steps");
        assertThat(steps).hasSize(4);
        JsonObject first = steps.get(0).getAsJsonObject();
        assertThat(first.keySet()).containsExactly("event", "apps", "servers");
        assertThat(first.getAsJsonObject("event").getAsJsonArray("start")).hasSize(5);
        JsonObject afterFail = steps.get(1).getAsJsonObject();
        assertThat(afterFail.get("event").toString()).isEqualTo("{\"fail\":\"a\"}");
        assertThat(afterFail.getAsJsonObject("apps").get("AP1").toString()).isEqualTo("{\"running\":\"d\",\"backup\":\"e\"}");
        assertThat(afterFail.getAsJsonObject("servers").get("a").toString())
                .isEqualTo("{\"state\":\"failed\",\"change\":\"failed\",\"load\":0}");
        assertThat(afterFail.getAsJsonObject("servers").getAsJsonObject("d").get("load").getAsInt()).isEqualTo(10);
    }

    @Test
    void a_stopped_app_prints_null_running_and_backup() {
        Result r = run("{\"rules\": {\"cluster\": \"c\", \"servers\": [\"a\"], \"apps\": {\"X\": {}}}, \"steps\": [{\"fail\": \"a\"}]}",
                "simulate", "-");
        assertThat(r.code()).isZero();
        JsonObject x = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("steps").get(1).getAsJsonObject()
                .getAsJsonObject("apps").getAsJsonObject("X");
        assertThat(x.toString()).isEqualTo("{\"running\":null,\"backup\":null}");
    }

    @Test
    void simulate_table_shows_tables_and_the_reason_for_each_change() {
        Result r = run("", "simulate", "--table", EXAMPLES.resolve("scenarios/worked-examples.json").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("step 1  {\"fail\":\"a\"}", "APP  RUNNING  BACKUP", "AP1  d        e",
                "AP1: running a → d (a failed: the cluster manager took it over on its backup d); backup d → e (the lowest-load idle server, load 30)");
    }

    @Test
    void single_failures_report_what_each_up_servers_failure_would_stop_and_overload() {
        Result r = run("", "simulate", "--single-failures", EXAMPLES.resolve("scenarios/capacity.json").toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonObject root = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(root.keySet()).containsExactly("steps", "singleFailures");
        assertThat(root.getAsJsonObject("singleFailures").toString()).isEqualTo("{"
                + "\"a\":{\"stopped\":[\"report\"],\"overloaded\":[]},"
                + "\"b\":{\"stopped\":[\"db2\"],\"overloaded\":[]},"
                + "\"d\":{\"stopped\":[],\"overloaded\":[]}}");
        Result table = run("", "simulate", "--table", "--single-failures", EXAMPLES.resolve("scenarios/capacity.json").toString());
        assertThat(table.out()).contains("single failures (after the last step)\n  IF FAILED  STOPPED  OVERLOADED\n"
                + "  a          report   -\n  b          db2      -\n  d          -        -\n");
    }

    @Test
    void a_move_to_a_server_without_room_is_a_bad_scenario() {
        Result r = run("{\"rules\": {\"cluster\": \"c\", \"servers\": [\"a\", \"b\"], \"capacity\": {\"b\": {\"cpu\": 1}},"
                + " \"apps\": {\"X\": {\"primary\": \"a\", \"demand\": {\"cpu\": 1}}, \"Y\": {\"primary\": \"b\", \"demand\": {\"cpu\": 1}}}},"
                + " \"up\": [\"a\", \"b\"], \"steps\": [{\"move\": {\"app\": \"X\", \"to\": \"b\"}}]}", "simulate", "-");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("<stdin>: $.steps[0]: cannot move X to b: b has no room for X (cpu 1 needed, 0 free)\n");
    }

    @Test
    void a_bad_scenario_gives_one_line_per_problem_and_exit_code_2() {
        Result r = run("{\"rules\": {\"cluster\": \"c\", \"servers\": [\"a\"], \"apps\": {}}, \"steps\": [{\"join\": \"a\"}]}", "simulate", "-");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("<stdin>: $.steps[0]: cannot join server a: server a is already up\n");
        Result missing = run("", "simulate", "nope.json");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("baton simulate: nope.json: no such file\n");
        Result malformed = run("{", "simulate", "-");
        assertThat(malformed.code()).isEqualTo(2);
        assertThat(malformed.err()).doesNotContain("Exception").hasLineCount(1);
    }

    @Test
    void usage_errors_exit_2_and_show_the_usage() {
        assertThat(run("").code()).isEqualTo(2);
        Result r = run("", "simulte", "x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("baton: unknown command \"simulte\"\nusage: baton simulate");
        assertThat(run("", "simulate").code()).isEqualTo(2);
        assertThat(run("", "help").code()).isZero();
    }

    @Test
    void validate_accepts_a_good_rule_file_and_lists_the_problems_of_a_bad_one() {
        Result ok = run("", "validate", EXAMPLES.resolve("n-to-1.json").toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).endsWith("n-to-1.json: valid: cluster n-to-1, 4 servers, 3 apps, 0 configurations, template n-to-1\n");
        Result bad = run("{\"cluster\": \"c\", \"servers\": [\"a\", \"a\"], \"apps\": {\"X\": {\"fixd\": true}}}", "validate", "-");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().lines()).containsExactly(
                "<stdin>: $.servers[1]: server \"a\" is listed twice (first at $.servers[0])",
                "<stdin>: $.apps.X.fixd: unknown field \"fixd\", did you mean \"fixed\"? (allowed here: command, workingDirectory, env, primary, backup, fixed, autoMove, servers, demand, apart, priority)");
    }

    @Test
    void template_prints_a_valid_rule_file() {
        Result r = run("", "template", "n-to-1", "--servers", "a,b,spare", "--apps", "web,db", "--cluster", "shop");
        assertThat(r.code()).isZero();
        JsonObject file = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(file.get("cluster").getAsString()).isEqualTo("shop");
        assertThat(file.get("model").getAsString()).isEqualTo("n-to-1");
        Result roundTrip = run(r.out(), "validate", "-");
        assertThat(roundTrip.code()).isZero();
        Result misfit = run("", "template", "n-to-1", "--servers", "a,b", "--apps", "web,db");
        assertThat(misfit.code()).isEqualTo(2);
        assertThat(misfit.err()).isEqualTo("template n-to-1: $.model: n-to-1 needs N+1 servers for N apps, not 2 servers and 2 apps\n");
    }
}
