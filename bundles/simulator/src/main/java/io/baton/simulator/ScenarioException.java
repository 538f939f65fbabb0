package io.baton.simulator;

import io.baton.rules.RuleProblem;

import java.util.List;
import java.util.stream.Collectors;

/** A scenario (or the rule file in it) is invalid, or one of its steps cannot happen. */
public class ScenarioException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<RuleProblem> problems;

    public ScenarioException(List<RuleProblem> problems) {
        super(problems.stream().map(RuleProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
