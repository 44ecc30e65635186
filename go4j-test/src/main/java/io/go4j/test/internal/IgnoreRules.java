package io.go4j.test.internal;

import io.go4j.debug.internal.Frames;
import io.go4j.debug.internal.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * IgnoreRules says which leaked goroutines a leak check lets pass, as goleak's options do: by top
 * function ({@code IgnoreTopFunction}), by creation site ({@code IgnoreCreatedBy}), and, beyond
 * goleak, by profiler label.
 *
 * <p>A function pattern is a function's full name ({@code com.acme.Worker.loop}, see
 * go4j-debug's {@link Frames#function} and {@link Frames#topFunction}) or a prefix of one
 * followed by {@code *} ({@code com.acme.Worker.*}, {@code com.acme.*}). A label rule is
 * {@code key=value} or {@code key} (any value).
 *
 * <p>Invariant: every pattern held is valid (checked when the rules are made, with a message
 * saying which one is not).
 *
 * @param topFunctions the top-function patterns
 * @param createdBy    the creation-site patterns (the function that called {@code go})
 * @param labels       the label rules
 */
public record IgnoreRules(List<String> topFunctions, List<String> createdBy, List<String> labels) {
    /** No rule: every leak counts. */
    public static final IgnoreRules NONE = new IgnoreRules(List.of(), List.of(), List.of());

    /**
     * Checks and copies the rules.
     *
     * @param topFunctions the top-function patterns
     * @param createdBy    the creation-site patterns
     * @param labels       the label rules
     * @throws IllegalArgumentException naming the first invalid rule
     */
    public IgnoreRules {
        topFunctions = checkedFunctions("top function", topFunctions);
        createdBy = checkedFunctions("created by", createdBy);
        labels = List.copyOf(labels);
        for (String l : labels) {
            Objects.requireNonNull(l, "label rule");
            if (l.isBlank() || l.startsWith("=")) {
                throw new IllegalArgumentException("go4j-test: invalid label rule \"" + l
                        + "\": want key=value or key");
            }
        }
    }

    /**
     * Returns these rules and {@code other}'s.
     *
     * @param other more rules
     * @return the union
     */
    public IgnoreRules plus(IgnoreRules other) {
        return new IgnoreRules(concat(topFunctions, other.topFunctions), concat(createdBy, other.createdBy),
                concat(labels, other.labels));
    }

    /**
     * Returns whether a rule lets goroutine {@code e} pass.
     *
     * @param e a goroutine, with its stack
     * @return true if it is ignored
     */
    public boolean ignores(Snapshot.Entry e) {
        if (!topFunctions.isEmpty()) {
            String top = Frames.topFunction(e.stack());
            if (top != null && anyMatch(topFunctions, top)) {
                return true;
            }
        }
        if (!createdBy.isEmpty() && e.createdBy() != null && anyMatch(createdBy, Frames.function(e.createdBy()))) {
            return true;
        }
        for (String rule : labels) {
            if (hasLabel(e.labels(), rule)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasLabel(Map<String, String> labels, String rule) {
        int eq = rule.indexOf('=');
        if (eq < 0) {
            return labels.containsKey(rule);
        }
        return rule.substring(eq + 1).equals(labels.get(rule.substring(0, eq)));
    }

    private static boolean anyMatch(List<String> patterns, String function) {
        for (String p : patterns) {
            if (p.endsWith("*") ? function.startsWith(p.substring(0, p.length() - 1)) : function.equals(p)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> checkedFunctions(String what, List<String> patterns) {
        List<String> out = List.copyOf(patterns);
        for (String p : out) {
            if (p.isBlank() || p.indexOf('*') >= 0 && p.indexOf('*') != p.length() - 1 || p.contains("(")) {
                throw new IllegalArgumentException("go4j-test: invalid " + what + " pattern \"" + p
                        + "\": want a function such as com.acme.Worker.loop, or a prefix ending in *");
            }
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        if (b.isEmpty()) {
            return a;
        }
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
