package io.baton.adapter.command;

import io.baton.api.model.Placement;
import io.baton.api.spi.ClusterManagerException;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the members and status commands' output line by line with the configured patterns (found
 * anywhere in a line unless anchored). Lines that do not match are ignored: headers, blank lines.
 */
final class OutputParser {
    private final Pattern status;
    private final Pattern members;

    OutputParser(Pattern status, Pattern members) {
        this.status = status;
        this.members = members;
    }

    /** Compiles a configured pattern that must have the given named groups. */
    static Pattern compile(String key, String regex, List<String> groups) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(key + ": not a valid regular expression: " + e.getMessage(), e);
        }
        for (String group : groups) {
            if (!regex.contains("(?<" + group + ">")) {
                throw new IllegalArgumentException(key + ": needs a named group (?<" + group + ">…), in: " + regex);
            }
        }
        return pattern;
    }

    /**
     * The member nodes, in the order printed.
     *
     * @throws ClusterManagerException if no line names a member: a cluster manager that answers
     *                                 has at least one, so this is a wrong pattern or a stopped
     *                                 cluster, never "every server left"
     */
    Set<String> members(String output) throws ClusterManagerException {
        Set<String> nodes = new LinkedHashSet<>();
        output.lines().forEach(line -> {
            Matcher m = members.matcher(line);
            if (m.find() && !blank(m.group("node"))) {
                nodes.add(m.group("node").strip());
            }
        });
        if (nodes.isEmpty()) {
            throw new ClusterManagerException("reading the members failed: no line of the output ("
                    + output.lines().count() + " lines) matches membersPattern " + members.pattern());
        }
        return nodes;
    }

    /**
     * Where each application runs; an application shown with node "-" or none is stopped, as is one
     * not shown at all.
     *
     * @throws ClusterManagerException if an application is shown running on two nodes
     */
    Placement placement(String output) throws ClusterManagerException {
        Map<String, String> running = new LinkedHashMap<>();
        for (String line : (Iterable<String>) output.lines()::iterator) {
            Matcher m = status.matcher(line);
            if (!m.find() || blank(m.group("app"))) {
                continue;
            }
            String app = m.group("app").strip();
            String node = m.group("node") == null ? "" : m.group("node").strip();
            if (node.isEmpty() || node.equals("-")) {
                continue;
            }
            String other = running.putIfAbsent(app, node);
            if (other != null && !other.equals(node)) {
                throw new ClusterManagerException("reading the status failed: application " + app
                        + " is shown running on both " + other + " and " + node);
            }
        }
        return new Placement(running);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
