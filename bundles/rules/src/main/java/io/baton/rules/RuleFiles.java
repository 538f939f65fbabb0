package io.baton.rules;

import com.google.gson.JsonElement;
import io.baton.api.model.Rules;

/**
 * Reads rule files (SPEC "Rule file"). Everything is checked before anything is used: unknown
 * fields, undeclared servers or apps, duplicates, wrong types, contradictions such as a backup naming
 * its own primary, and templates that do not fit. All problems are reported together, each with the
 * file, the JSON path and what is wrong; a rejected file never yields a partial rule table.
 */
public final class RuleFiles {
    private RuleFiles() {
    }

    /**
     * Parses and validates a rule file.
     *
     * @param file the name to report problems against, e.g. the file's path
     * @param text the file's content
     * @throws RuleFileException listing every problem found
     */
    public static Rules parse(String file, String text) throws RuleFileException {
        Problems problems = new Problems(file);
        JsonElement root = StrictJson.parse(text, problems).orElse(null);
        problems.throwIfAny();
        return fromJson(root, "$", problems);
    }

    /**
     * Validates a rule file already read as JSON, e.g. one inline in a simulator scenario.
     *
     * @param root     the rule file's JSON object
     * @param path     the JSON path of {@code root} in its document, for messages ({@code $} for a whole file)
     * @param problems where problems are collected (and whose file name they carry)
     * @throws RuleFileException listing every problem found, including those already in {@code problems}
     */
    public static Rules fromJson(JsonElement root, String path, Problems problems) throws RuleFileException {
        Rules rules = new RuleFileParser(problems).parse(root, path);
        problems.throwIfAny();
        return rules;
    }
}
