package io.baton.rules;

import java.util.List;
import java.util.stream.Collectors;

/** A JSON input was rejected; {@link #problems()} lists every problem found, in document order. */
public class RuleFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<RuleProblem> problems;

    public RuleFileException(List<RuleProblem> problems) {
        super(problems.stream().map(RuleProblem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a rejection needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
