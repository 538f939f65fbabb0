package io.baton.simulator.cli;

import com.google.gson.GsonBuilder;
import io.baton.api.model.Rules;
import io.baton.core.DecisionEngine;
import io.baton.core.SingleFailures;
import io.baton.rules.RuleFileException;
import io.baton.rules.RuleFiles;
import io.baton.rules.Template;
import io.baton.simulator.Scenario;
import io.baton.simulator.ScenarioException;
import io.baton.simulator.ScenarioReader;
import io.baton.simulator.Simulation;
import io.baton.simulator.SimulationOutput;
import io.baton.simulator.SimulationStep;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bin/baton}'s commands that need no running cluster: {@code simulate}, {@code validate} and
 * {@code template}. Runs in a plain JVM (no Karaf), so it answers in well under a second. Exit codes:
 * 0 done, 2 bad input or usage (one clear message on stderr per problem, never a stack trace),
 * 1 an internal error.
 */
public final class OfflineCli {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    private static final String USAGE = String.join("\n",
            "usage: baton simulate [--table] [--single-failures] FILE|-",
            "                                          run a what-if scenario, print the tables after each step (and",
            "                                          what a failure of each up server would do after the last one)",
            "       baton validate FILE|-              check a rule file, print every problem",
            "       baton template NAME [--cluster C] [--servers a,b,...] [--apps X,Y,...]",
            "                                          print a starting rule file for a ready template",
            "templates: " + String.join(", ", Template.ids()));

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    public OfflineCli(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // The one place that writes to the process's streams: this entry point runs outside Karaf.
        System.exit(new OfflineCli(System.in, System.out, System.err).run(args));
    }

    /** Runs one command and returns its exit code. */
    public int run(String[] args) {
        if (args.length == 0 || List.of("help", "-h", "--help").contains(args[0])) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? BAD_INPUT : OK;
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        try {
            switch (args[0]) {
                case "simulate":
                    return simulate(rest);
                case "validate":
                    return validate(rest);
                case "template":
                    return template(rest);
                default:
                    return usage("unknown command \"" + args[0] + "\"");
            }
        } catch (RuntimeException e) {
            err.println("baton " + args[0] + ": internal error: " + e);
            return FAILED;
        }
    }

    private int simulate(List<String> args) {
        boolean table = args.remove("--table");
        boolean singleFailures = args.remove("--single-failures");
        if (args.size() != 1 || args.get(0).startsWith("--")) {
            return usage("simulate takes one scenario file (or - for stdin)" + (args.size() > 1 ? ", got " + args : ""));
        }
        String file = args.get(0);
        Optional<String> text = read("simulate", file);
        if (text.isEmpty()) {
            return BAD_INPUT;
        }
        Path base = file.equals("-") ? Path.of("") : Optional.ofNullable(Path.of(file).getParent()).orElse(Path.of(""));
        try {
            Scenario scenario = ScenarioReader.read(name(file), text.get(), p -> Files.readString(base.resolve(p)));
            List<SimulationStep> steps = new Simulation(new DecisionEngine()).run(scenario);
            Optional<Map<String, SingleFailures.Outcome>> failures = singleFailures
                    ? Optional.of(Simulation.singleFailures(scenario, steps)) : Optional.empty();
            out.print(table ? SimulationOutput.table(steps, failures) : SimulationOutput.json(steps, failures));
            return OK;
        } catch (ScenarioException e) {
            e.problems().forEach(err::println);
            return BAD_INPUT;
        }
    }

    private int validate(List<String> args) {
        if (args.size() != 1) {
            return usage("validate takes one rule file (or - for stdin)");
        }
        String file = args.get(0);
        Optional<String> text = read("validate", file);
        if (text.isEmpty()) {
            return BAD_INPUT;
        }
        try {
            Rules rules = RuleFiles.parse(name(file), text.get());
            out.println(name(file) + ": valid: cluster " + rules.cluster() + ", " + rules.servers().size() + " servers, "
                    + rules.apps().size() + " apps, " + rules.configurations().size() + " configurations"
                    + rules.model().map(m -> ", template " + m).orElse(""));
            return OK;
        } catch (RuleFileException e) {
            e.problems().forEach(err::println);
            return BAD_INPUT;
        }
    }

    private int template(List<String> args) {
        if (args.isEmpty()) {
            return usage("template needs a template name");
        }
        Optional<Template> template = Template.byId(args.remove(0));
        if (template.isEmpty()) {
            return usage("unknown template (templates: " + String.join(", ", Template.ids()) + ")");
        }
        String cluster = "demo";
        List<String> servers = null;
        List<String> apps = null;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                return usage(option + " needs a value");
            }
            String value = args.get(++i);
            switch (option) {
                case "--cluster" -> cluster = value;
                case "--servers" -> servers = List.of(value.split(","));
                case "--apps" -> apps = List.of(value.split(","));
                default -> {
                    return usage("unknown option " + option);
                }
            }
        }
        Template t = template.get();
        if (servers == null) {
            servers = t == Template.HOT_STANDBY ? List.of("node1", "node2") : List.of("s1", "s2", "s3", "s4");
        }
        if (apps == null) {
            apps = t == Template.HOT_STANDBY ? List.of("app1", "app2") : List.of("app1", "app2", "app3");
        }
        String text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                .toJson(t.exampleRuleFile(cluster, servers, apps));
        try {
            RuleFiles.parse("template " + t.id(), text);
        } catch (RuleFileException e) {
            e.problems().forEach(err::println);
            return BAD_INPUT;
        }
        out.println(text);
        return OK;
    }

    private Optional<String> read(String command, String file) {
        try {
            return Optional.of(file.equals("-") ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : Files.readString(Path.of(file)));
        } catch (NoSuchFileException e) {
            err.println("baton " + command + ": " + file + ": no such file");
        } catch (IOException e) {
            err.println("baton " + command + ": " + file + ": cannot read: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static String name(String file) {
        return file.equals("-") ? "<stdin>" : file;
    }

    private int usage(String problem) {
        err.println("baton: " + problem);
        err.println(USAGE);
        return BAD_INPUT;
    }
}
