package io.go4j.trace.analysis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Rule is a pattern of trace events that points at a root cause: a sequence of steps, each an
 * event kind with conditions on the event, matched in time order over a trace whose goroutines
 * interleave. A step can bind variables ({@code $g = target}) that later steps and exclusions
 * test ({@code g == $g}), so "the same goroutine", "the same blocker", "the goroutine that woke
 * it" ({@code waker}) or "its creator" ({@code creator}) is a condition like any other; a step may have to follow the previous one within a gap ({@code gap 0..5ms}), or occur
 * {@code times N within D}; an exclusion ({@code not}) kills a partial match if its event occurs
 * between two steps, or, after the last step, before the trace ends.
 *
 * <p>Rules are built with {@link #named(String)} or parsed from text by {@link Rules#parse};
 * {@link Rules#builtIn()} holds go4j's. The events are the ones {@link Event} lists, each with the
 * attributes of {@link Attr}. The matching semantics (documented in the module's README) are:
 * a partial match waits at its next step; an event that satisfies the step (and comes at least
 * the step's minimum gap after the previous step) advances it, one that satisfies an exclusion at
 * that position kills it, and it is dropped when the step's maximum gap passes (the rule's
 * {@linkplain Builder#window window} when the step gives none), which keeps memory bounded.
 * Matches of one rule at the same places (the same kinds, blocking stacks and start functions)
 * are reported once, with their number of occurrences.
 *
 * <p>Immutable and thread-safe.
 */
public final class Rule {
    /** The events a step matches, as the analyses see them. */
    public enum Event {
        /** {@code g} creates goroutine {@code target}. */ CREATE,
        /** {@code g} starts running, {@code latency} ns after it became runnable ({@code reason}: why it was). */ START,
        /** {@code g} blocks: {@code reason} (Go's: "chan send", "sync"...), {@code blocker} its stack. */ BLOCK,
        /** {@code g} (0: a timer) wakes {@code target}, blocked {@code waited} ns for {@code reason} at {@code blocker}. */ UNBLOCK,
        /** {@code g} ends. */ END,
        /** {@code g} yields or is preempted ({@code reason}: "yield", "preempted"). */ YIELD,
        /** A user task, region or log event; {@code text} is its name or {@code key=value}. */ USER,
        /** Any of the above. */ ANY;

        /**
         * Returns the word the text form uses, e.g. {@code "block"}.
         *
         * @return the word
         */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** An event's attributes, tested by conditions and bound to variables. */
    public enum Attr {
        /** The goroutine the event happens on (for {@code unblock}: the waker, 0 for a timer). */ G,
        /** The goroutine it acts on ({@code create}, {@code unblock}), else 0. */ TARGET,
        /** Go's block reason ({@code block}, {@code unblock}), why it was runnable ({@code start}). */ REASON,
        /** The stack the (woken) goroutine blocked at: as a value its id; {@code ~} tests its functions. */ BLOCKER,
        /** The event's own stack: as a value its id; {@code ~} tests its functions. */ STACK,
        /** The start function (goroutine group) of {@code target}, or of {@code g} if none. */ FUNC,
        /** {@code start}: nanoseconds runnable before it. */ LATENCY,
        /** {@code unblock}: nanoseconds the woken goroutine was blocked. */ WAITED,
        /** The number of goroutines alive after the event. */ LIVE,
        /** The processor that wrote the event. */ P,
        /** {@code user}: the name or {@code key=value}. */ TEXT,
        /**
         * The goroutine that created {@code target}, or {@code g} if none: 0 for the Timers lane
         * (a timer's {@code afterFunc}), -1 if it was alive before the trace began.
         */
        CREATOR,
        /**
         * The goroutine whose wake-up last made {@code target}, or {@code g} if none, runnable: for
         * {@code unblock} the waker itself ({@code g}); for {@code start} the wake-up it starts
         * after; for {@code block}, {@code end}, {@code yield} its latest release. 0 for a timer,
         * -1 if nothing woke it in the trace (it ran since its creation).
         */
        WAKER,
        /** The stack that {@link #WAKER} woke it from: as a value its id; {@code ~} tests its functions. */
        WAKESTACK;

        /**
         * Returns the word the text form uses, e.g. {@code "blocker"}.
         *
         * @return the word
         */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A comparison. */
    public enum Op {
        /** {@code ==}. */ EQ("=="),
        /** {@code !=}. */ NE("!="),
        /** {@code <}. */ LT("<"),
        /** {@code <=}. */ LE("<="),
        /** {@code >}. */ GT(">"),
        /** {@code >=}. */ GE(">="),
        /** {@code ~}: the text contains the value; for a stack, one of its functions does. */ CONTAINS("~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /**
         * Returns the operator as the text form writes it.
         *
         * @return the symbol
         */
        public String symbol() {
            return symbol;
        }
    }

    /**
     * A variable reference, as a condition's value.
     *
     * @param name the variable's name, without {@code $}
     */
    public record Var(String name) {
        @Override
        public String toString() {
            return "$" + name;
        }
    }

    /**
     * A condition on an event: {@code attr op value}, where value is a Long, a String or a
     * {@link Var} bound by an earlier step.
     *
     * @param attr  the attribute
     * @param op    the comparison
     * @param value the value
     */
    public record Condition(Attr attr, Op op, Object value) {
        /** Checks the value's type. */
        public Condition {
            Objects.requireNonNull(attr, "attr");
            Objects.requireNonNull(op, "op");
            if (!(value instanceof Long || value instanceof String || value instanceof Var)) {
                throw new IllegalArgumentException("a condition's value is a Long, a String or a Var, not " + value);
            }
        }
    }

    /**
     * A step or an exclusion.
     *
     * @param event      the event kind it matches
     * @param conditions all must hold
     * @param binds      variable name to the attribute it takes from the matched event (steps only)
     * @param minGap     nanoseconds it must come at least after the previous step
     * @param maxGap     nanoseconds within which it must come after the previous step (0: the rule's window)
     * @param times      how many matching events the step needs (1 normally)
     * @param within     for {@code times > 1}: the span those events must fit in, nanoseconds (0: the window)
     */
    public record Step(Event event, List<Condition> conditions, Map<String, Attr> binds, long minGap, long maxGap,
            int times, long within) {
        /** Copies the lists. */
        public Step {
            conditions = List.copyOf(conditions);
            binds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(binds));
        }
    }

    /**
     * An exclusion at a position: it kills a partial match waiting for step {@code before}
     * ({@code before == steps().size()}: a completed match, until the trace ends).
     *
     * @param before the index of the step it precedes
     * @param clause the event and conditions
     */
    public record Not(int before, Step clause) {}

    private final String name;
    private final String description;
    private final double confidence;
    private final long window;
    private final List<Step> steps;
    private final List<Not> nots;

    private Rule(Builder b) {
        this.name = b.name;
        this.description = b.description;
        this.confidence = b.confidence;
        this.window = b.window;
        this.steps = List.copyOf(b.steps);
        this.nots = List.copyOf(b.nots);
    }

    /**
     * Starts a rule.
     *
     * @param name its name, e.g. {@code "lock-convoy"}
     * @return a builder
     */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /**
     * Returns the name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns what a match means, for the report.
     *
     * @return the description, possibly empty
     */
    public String description() {
        return description;
    }

    /**
     * Returns the confidence of one match, in (0, 1].
     *
     * @return the confidence
     */
    public double confidence() {
        return confidence;
    }

    /**
     * Returns the default maximum gap between steps, in nanoseconds.
     *
     * @return the window
     */
    public long window() {
        return window;
    }

    /**
     * Returns the steps, in order.
     *
     * @return the steps
     */
    public List<Step> steps() {
        return steps;
    }

    /**
     * Returns the exclusions.
     *
     * @return the exclusions
     */
    public List<Not> nots() {
        return nots;
    }

    @Override
    public String toString() {
        return "rule " + name + " (" + steps.size() + " steps)";
    }

    /**
     * A Builder assembles a rule: {@link #step} or {@link #not} starts a clause, and
     * {@link #where}, {@link #bind}, {@link #gap}, {@link #times} refine the last one.
     *
     * <pre>{@code
     * Rule slowWake = Rule.named("slow-wake")
     *     .step(Rule.Event.UNBLOCK).bind("g", Rule.Attr.TARGET)
     *     .step(Rule.Event.START).where(Rule.Attr.G, Rule.Op.EQ, new Rule.Var("g"))
     *                            .where(Rule.Attr.LATENCY, Rule.Op.GE, 5_000_000L)
     *     .not(Rule.Event.START).where(Rule.Attr.G, Rule.Op.EQ, new Rule.Var("g"))
     *     .build();
     * }</pre>
     */
    public static final class Builder {
        private final String name;
        private String description = "";
        private double confidence = 0.5;
        private long window = 10_000_000_000L;
        private final List<Step> steps = new ArrayList<>();
        private final List<Not> nots = new ArrayList<>();
        // the clause being built
        private Event event;
        private boolean isNot;
        private List<Condition> conditions;
        private Map<String, Attr> binds;
        private long minGap;
        private long maxGap;
        private int times;
        private long within;

        private Builder(String name) {
            if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
                throw new IllegalArgumentException("a rule's name is a word (letters, digits, - _ .), not " + name);
            }
            this.name = name;
        }

        /**
         * Sets what a match means.
         *
         * @param text the description
         * @return this builder
         */
        public Builder describe(String text) {
            this.description = Objects.requireNonNull(text);
            return this;
        }

        /**
         * Sets the confidence of one match.
         *
         * @param c the confidence, in (0, 1] (0.5 if not set)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder confidence(double c) {
            if (!(c > 0 && c <= 1)) {
                throw new IllegalArgumentException("confidence must be in (0, 1], not " + c);
            }
            this.confidence = c;
            return this;
        }

        /**
         * Sets the default maximum gap between steps (10 s if not set).
         *
         * @param d the window, positive
         * @return this builder
         */
        public Builder window(Duration d) {
            this.window = positive(d, "window");
            return this;
        }

        /**
         * Starts the next step.
         *
         * @param e the event it matches
         * @return this builder
         */
        public Builder step(Event e) {
            flush();
            start(e, false);
            return this;
        }

        /**
         * Starts an exclusion before the next step (or, after the last, until the trace ends).
         *
         * @param e the event it excludes
         * @return this builder
         * @throws IllegalStateException before the first step
         */
        public Builder not(Event e) {
            flush();
            if (steps.isEmpty()) {
                throw new IllegalStateException("rule " + name + ": a 'not' must follow a step");
            }
            start(e, true);
            return this;
        }

        /**
         * Adds a condition to the current clause.
         *
         * @param attr  the attribute
         * @param op    the comparison
         * @param value a Long (or Integer), a String, or a {@link Var} bound by an earlier step
         * @return this builder
         * @throws IllegalArgumentException if the variable is not bound by an earlier step
         */
        public Builder where(Attr attr, Op op, Object value) {
            current("where");
            if (value instanceof Integer i) {
                value = i.longValue();
            }
            if (value instanceof Var v && !bound(v.name())) {
                throw new IllegalArgumentException("rule " + name + ": $" + v.name() + " is not bound by an earlier step");
            }
            conditions.add(new Condition(attr, op, value));
            return this;
        }

        /**
         * Binds {@code $var} to the current step's event's {@code attr}.
         *
         * @param var  the variable's name, without {@code $}
         * @param attr the attribute
         * @return this builder
         */
        public Builder bind(String var, Attr attr) {
            current("bind");
            if (isNot) {
                throw new IllegalStateException("rule " + name + ": a 'not' binds no variable");
            }
            binds.put(Objects.requireNonNull(var), Objects.requireNonNull(attr));
            return this;
        }

        /**
         * Requires the current step to come {@code min} to {@code max} after the previous one.
         *
         * @param min the minimum gap
         * @param max the maximum gap, positive, at least min
         * @return this builder
         */
        public Builder gap(Duration min, Duration max) {
            current("gap");
            this.minGap = min.isNegative() ? 0 : min.toNanos();
            this.maxGap = positive(max, "gap");
            if (maxGap < minGap) {
                throw new IllegalArgumentException("rule " + name + ": gap " + min + ".." + max + " is empty");
            }
            return this;
        }

        /**
         * Requires {@code n} matching events for the current step, spanning at most {@code within}.
         *
         * @param n      the count, at least 1
         * @param within the span, or null for the rule's window
         * @return this builder
         */
        public Builder times(int n, Duration within) {
            current("times");
            if (n < 1) {
                throw new IllegalArgumentException("rule " + name + ": times must be >= 1, not " + n);
            }
            this.times = n;
            this.within = within == null ? 0 : positive(within, "within");
            return this;
        }

        /**
         * Returns the rule.
         *
         * @return the rule
         * @throws IllegalStateException if it has no step
         */
        public Rule build() {
            flush();
            if (steps.isEmpty()) {
                throw new IllegalStateException("rule " + name + " has no step");
            }
            return new Rule(this);
        }

        private boolean bound(String var) {
            for (Step s : steps) {
                if (s.binds().containsKey(var)) {
                    return true;
                }
            }
            return false;
        }

        private void start(Event e, boolean not) {
            event = Objects.requireNonNull(e);
            isNot = not;
            conditions = new ArrayList<>();
            binds = new LinkedHashMap<>();
            minGap = 0;
            maxGap = 0;
            times = 1;
            within = 0;
        }

        private void current(String what) {
            if (event == null) {
                throw new IllegalStateException("rule " + name + ": '" + what + "' before any step");
            }
        }

        private void flush() {
            if (event == null) {
                return;
            }
            Step s = new Step(event, conditions, binds, minGap, maxGap, times, within);
            if (isNot) {
                nots.add(new Not(steps.size(), s));
            } else {
                steps.add(s);
            }
            event = null;
        }

        private long positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("rule " + name + ": " + what + " must be positive, not " + d);
            }
            return d.toNanos();
        }
    }
}
