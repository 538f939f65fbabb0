package io.baton.itests;

import io.baton.api.decision.Decision;
import io.baton.api.decision.Trigger;
import io.baton.api.model.ClusterState;
import io.baton.api.model.Rules;
import io.baton.core.DecisionEngine;
import io.baton.rules.RuleFileException;
import io.baton.rules.RuleFiles;
import io.baton.simulator.ScenarioReader;
import io.baton.simulator.Simulation;
import io.baton.simulator.SimulationOutput;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import javax.inject.Inject;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** Baton's assembly boots with its features, and its bundles resolve and work inside Karaf. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BatonBundlesIT extends KarafTestSupport {

    @Inject
    BundleContext context;

    @Inject
    FeaturesService features;

    @Configuration
    public Option[] config() {
        return batonDistribution();
    }

    @Test
    public void the_baton_feature_is_booted_and_its_bundles_are_active() throws Exception {
        assertTrue("feature baton installed", features.isInstalled(features.getFeature("baton")));
        for (String name : List.of("io.baton.api", "io.baton.core", "io.baton.rules", "io.baton.simulator", "com.google.gson")) {
            assertEquals(name + " state", Bundle.ACTIVE, bundle(context, name).getState());
        }
    }

    @Test
    public void the_core_decides_on_rules_read_with_gson_inside_osgi() throws Exception {
        Rules rules = RuleFiles.parse("inline", "{\"cluster\": \"c\", \"servers\": [\"a\", \"b\"], \"apps\": {\"X\": {\"primary\": \"b\"}}}");
        Decision decision = new DecisionEngine().decide(rules, ClusterState.EMPTY, new Trigger.ClusterStarted(List.of("a", "b")));
        assertEquals("b", decision.settled().app("X").running().orElseThrow());
        assertEquals("a", decision.settled().app("X").backup().orElseThrow());
    }

    @Test
    public void a_bad_rule_file_is_rejected_with_its_path_inside_osgi() {
        try {
            RuleFiles.parse("bad.json", "{\"cluster\": \"c\", \"servers\": [], \"apps\": {}}");
            fail("accepted an empty cluster");
        } catch (RuleFileException e) {
            assertEquals("bad.json: $.servers: an empty cluster: list at least one server", e.getMessage());
        }
    }

    @Test
    public void the_simulator_runs_a_scenario_inside_osgi() throws Exception {
        String scenario = "{\"rules\": {\"cluster\": \"c\", \"servers\": [\"a\", \"b\", \"c\"], \"apps\": {\"X\": {\"primary\": \"a\"}}},"
                + " \"steps\": [{\"fail\": \"a\"}]}";
        var steps = new Simulation(new DecisionEngine()).run(ScenarioReader.read("s.json", scenario, p -> {
            throw new java.io.IOException("no files here");
        }));
        String json = SimulationOutput.json(steps);
        assertTrue(json, json.contains("\"running\": \"b\""));
        assertEquals("b", steps.get(1).tables().app("X").running().orElseThrow());
    }
}
