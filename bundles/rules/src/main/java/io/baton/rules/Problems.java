package io.baton.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects the problems of one JSON input, so validation reports all of them instead of the first. */
public final class Problems {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private final String file;
    private final List<RuleProblem> list = new ArrayList<>();

    public Problems(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    public void add(String path, String message) {
        list.add(new RuleProblem(file, path, message));
    }

    /** The problems so far, in the order found. */
    public List<RuleProblem> list() {
        return List.copyOf(list);
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public int size() {
        return list.size();
    }

    /** Throws a {@link RuleFileException} listing every problem, if there is any. */
    public void throwIfAny() throws RuleFileException {
        if (!list.isEmpty()) {
            throw new RuleFileException(list);
        }
    }

    /** The path of an object member: {@code $.apps.AP1}, or {@code $.apps['odd key']}. */
    public static String member(String path, String key) {
        return PLAIN_KEY.matcher(key).matches() ? path + "." + key
                : path + "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    /** The path of an array element: {@code $.servers[2]}. */
    public static String element(String path, int index) {
        return path + "[" + index + "]";
    }
}
