package io.go4j.trace.analysis;

import java.util.List;

/**
 * A Match is one finding of a {@link Rule}: the path of events that matched its steps, the
 * number of times the same pattern matched at the same places, and a confidence.
 *
 * @param rule        the rule's name
 * @param description what the rule says a match means
 * @param confidence  1 - (1 - the rule's confidence) ^ occurrences, capped at 0.99: more
 *                    evidence of the same pattern, more confidence
 * @param occurrences how many times it matched at the same places
 * @param path        the first occurrence's events, one per step
 */
public record Match(String rule, String description, double confidence, int occurrences, List<Step> path) {
    /** Copies the path. */
    public Match {
        path = List.copyOf(path);
    }

    /**
     * One step's event in a match.
     *
     * @param time   nanoseconds since the trace's start
     * @param event  the event kind
     * @param g      the goroutine it happened on (0: a timer)
     * @param target the goroutine it acted on, or 0
     * @param func   the start function of target, or of g
     * @param reason the block reason, or why runnable, or null
     * @param stack  the stack that tells most: a block's or a wake-up's blocker, else the event's
     * @param note   for a repeated step, how many events and over how long; else ""
     */
    public record Step(long time, Rule.Event event, long g, long target, String func, String reason,
            List<Frame> stack, String note) {
        /** Copies the stack. */
        public Step {
            stack = List.copyOf(stack);
        }
    }
}
