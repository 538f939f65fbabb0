package io.baton.api.steps;

import java.util.Locale;

/**
 * A boundary in the active controller's work, in the order one decision passes them (SPEC "Processing flags":
 * intended rows with their flags set, then the instructions, then the settled rows, then the history entry).
 */
public enum ControllerStep {
    /** This node took the controller lease (written) and has not reconciled yet. */
    TOOK_OVER,
    /** A decision is made; nothing of it is written yet. */
    DECIDED,
    /** The decision's changed rows are written with their processing flags set; no instruction is given yet. */
    INTENDED_ROWS,
    /** One instruction was confirmed by the cluster manager; the next one, if any, is not given yet. */
    INSTRUCTED,
    /** Every instruction was confirmed (and an operator's request answered); the settled rows are not written. */
    CONFIRMED,
    /** The settled rows (flags cleared) are written; the history entry is not. */
    SETTLED_ROWS,
    /** The history entry is written: the decision is complete. */
    RECORDED;

    /** The name in configuration and logs: {@code intended-rows}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The step a label names ({@code intended-rows}); an {@link IllegalArgumentException} that lists them if none. */
    public static ControllerStep ofLabel(String label) {
        for (ControllerStep s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        StringBuilder known = new StringBuilder();
        for (ControllerStep s : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(s.label());
        }
        throw new IllegalArgumentException("no controller step " + label + " (known: " + known + ")");
    }
}
