package io.go4j.trace.internal.analysis;

import io.go4j.debug.internal.GoDuration;
import io.go4j.trace.analysis.Frame;
import io.go4j.trace.analysis.Match;
import io.go4j.trace.analysis.Rule;
import io.go4j.trace.analysis.Rule.Attr;
import io.go4j.trace.analysis.Rule.Condition;
import io.go4j.trace.analysis.Rule.Op;
import io.go4j.trace.analysis.Rule.Var;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Matcher runs a set of {@link Rule}s over a stream of {@link Fact}s: an NFA per rule whose
 * partial matches wait at their next step, indexed by the variable values that step joins on,
 * and expire when the step's maximum gap passes.
 *
 * <p>Invariants: a partial match is at exactly one position (the index of the step it waits
 * for; {@code steps.size()} for a completed match held until the trace ends because of a
 * trailing exclusion); an event advances a partial at most once; the number of partials per
 * rule never exceeds {@link #MAX_PARTIALS}. Non-invariants: the indexes may hold stale entries
 * (a partial that moved on or died) until the next compaction; readers skip them.
 */
public final class Matcher {
    /*
     * Implementation notes.
     *
     * 1. Semantics: "skip till next match". A partial waiting at step i ignores the events that
     *    satisfy neither step i nor an exclusion at i; the first event that satisfies step i
     *    (at least minGap after the previous step) advances it, and it no longer waits for
     *    another candidate (no branching: one partial, one path). An event that satisfies an
     *    exclusion at i kills it. Every event that satisfies step 0 starts a new partial,
     *    except for a repeated step 0 ("times N"), which keeps one partial per binding of its
     *    variables and a sliding window of its last occurrences.
     * 2. Indexing. The partials at position i are kept in a list, and for each clause at i
     *    (the step, the exclusions) whose first condition is "attr == $var", in a hash map
     *    from $var's value to the partials: an event is offered only to the partials its own
     *    attr value selects (a "start where g == $g" looks up the event's g). Clauses without
     *    such a join scan the list. Clauses at i that join on the same variable share one map
     *    (keyedAt: "step start where g == $g" and "not start where g == $g" hold the same
     *    partials under the same values), so a partial is put once per variable, not per clause. An advanced partial is stamped with the event's sequence
     *    number, so that the same event cannot advance it again at its new position.
     * 3. Bounded memory. Each partial at a position below the last step expires when its step's
     *    maximum gap (the rule's window if none) has passed since the previous step; expired,
     *    dead and moved partials are dropped from the lists and indexes every COMPACT_EVERY
     *    events. A repeated step keeps at most N occurrences. Past MAX_PARTIALS per rule the
     *    oldest are dropped down to 90% of it (counted in dropped(), reported). An index is
     *    rebuilt only when its stale entries outnumber the live ones (rebuilding 100 K entries
     *    at every compaction cost seconds). Matches at the same places (the path's kinds,
     *    blocking stacks and start functions) are counted, not kept: at most MAX_DISTINCT per
     *    rule. Stale entries are also dropped from a list as an event's loop walks it: without
     *    that, a join shared by all partials (lock-convoy's "blocker == $b") made every event
     *    walk the dead and moved entries of 4096 events (the first profile's top line).
     * 4. The cost per event (issue 12's 1 GiB measure, JFR) was boxing: the indexes were
     *    HashMap<Object, ...> looked up with a boxed attribute, and each condition boxed the
     *    event's attribute to compare it. A join on a number (every attribute but reason, func,
     *    text, with a variable never bound to text) now uses a LongIndex, and a condition on a
     *    number compares longs (NUM_CONST, NUM_VAR); the others keep the generic comparison
     *    (GENERIC), whose semantics are the reference. A "stack ~ text" condition's answer is
     *    memoised per stack id (the stack table is fixed: its answer cannot change).
     */

    /** Partials per rule at most. Empirical: 100 K partials is ~20 MB; revisit with real rules. */
    static final int MAX_PARTIALS = 100_000;
    /** Events between two compactions of the indexes (note 3). */
    static final int COMPACT_EVERY = 4096;
    /** Distinct matches kept per rule. */
    static final int MAX_DISTINCT = 1000;

    private final LongFunction<List<Frame>> stacks;
    private final List<RuleState> rules = new ArrayList<>();
    private long seq;
    private long dropped;

    /**
     * Returns a matcher of {@code rules} over a trace whose stack table is {@code stacks}.
     *
     * @param rules  the rules
     * @param stacks the stack table
     */
    public Matcher(List<Rule> rules, LongFunction<List<Frame>> stacks) {
        this.stacks = stacks;
        for (Rule r : rules) {
            this.rules.add(new RuleState(r));
        }
    }

    /** Returns how many partial matches were dropped by the MAX_PARTIALS bound. */
    public long dropped() {
        return dropped;
    }

    /** Returns how many partial matches are alive now, over all rules. */
    public int partials() {
        int n = 0;
        for (RuleState r : rules) {
            n += r.live;
        }
        return n;
    }

    /**
     * Offers one fact to every rule.
     *
     * @param f the next fact, in time order
     */
    public void accept(Fact f) {
        seq++;
        for (RuleState r : rules) {
            r.accept(f);
            if (seq % COMPACT_EVERY == 0 || r.live > MAX_PARTIALS) {
                r.compact(f.time);
            }
        }
    }

    /**
     * Ends the stream: the completed matches held by a trailing exclusion are reported.
     *
     * @return every rule's matches, rules in order, each rule's in order of first occurrence
     */
    public List<Match> finish() {
        List<Match> out = new ArrayList<>();
        for (RuleState r : rules) {
            List<Partial> held = r.at[r.steps.length];
            for (Partial p : held) {
                if (!p.dead && p.pos == r.steps.length) {
                    r.report(p);
                }
            }
            for (Found m : r.found.values()) {
                double c = Math.min(0.99, 1 - Math.pow(1 - r.rule.confidence(), m.count));
                out.add(new Match(r.rule.name(), r.rule.description(), c, m.count, m.path));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------

    /** A step or an exclusion, compiled. */
    private static final class Clause {
        final Rule.Step step;
        final boolean not;
        final Attr keyAttr;       // note 2: the join, or null
        final int keySlot;
        final Attr[] attrs;
        final Op[] ops;
        final Object[] values;    // Long, String, or Integer slot of a variable
        final int[] modes;        // note 4: NUM_CONST, NUM_VAR or GENERIC
        final long[] nums;        // NUM_CONST: the value
        final LongIndex<Boolean>[] contains;   // a "stack ~ text" condition's answer per stack id
        final Attr[] bindAttrs;
        final int[] bindSlots;
        final boolean numericKey; // the join's attribute and variable are numbers: longIndex, else index
        LongIndex<List<Partial>> longIndex;
        Map<Object, List<Partial>> index;

        @SuppressWarnings("unchecked")
        Clause(Rule.Step step, boolean not, Map<String, Integer> slots, java.util.Set<String> textVars) {
            this.step = step;
            this.not = not;
            int n = step.conditions().size();
            attrs = new Attr[n];
            ops = new Op[n];
            values = new Object[n];
            modes = new int[n];
            nums = new long[n];
            contains = new LongIndex[n];
            Attr ka = null;
            int ks = -1;
            boolean kn = false;
            for (int i = 0; i < n; i++) {
                Condition c = step.conditions().get(i);
                attrs[i] = c.attr();
                ops[i] = c.op();
                boolean numeric = numeric(c.attr()) && c.op() != Op.CONTAINS;
                if (c.value() instanceof Var v) {
                    Integer slot = slots.get(v.name());
                    if (slot == null) {
                        throw new IllegalArgumentException("$" + v.name() + " is not bound by an earlier step");
                    }
                    values[i] = slot;
                    modes[i] = numeric && !textVars.contains(v.name()) ? NUM_VAR : GENERIC;
                    if (ka == null && c.op() == Op.EQ) {
                        ka = c.attr();
                        ks = slot;
                        kn = modes[i] == NUM_VAR;
                    }
                } else {
                    values[i] = c.value();
                    if (numeric && c.value() instanceof Long x) {
                        modes[i] = NUM_CONST;
                        nums[i] = x;
                    } else {
                        modes[i] = GENERIC;
                    }
                }
                if (c.op() == Op.CONTAINS && stack(c.attr())) {
                    contains[i] = new LongIndex<>();
                }
            }
            keyAttr = ka;
            keySlot = ks;
            numericKey = kn;
            if (ka != null) {
                if (kn) {
                    longIndex = new LongIndex<>();
                } else {
                    index = new HashMap<>();
                }
            }
            bindAttrs = step.binds().values().toArray(new Attr[0]);
            bindSlots = new int[bindAttrs.length];
            int i = 0;
            for (String var : step.binds().keySet()) {
                bindSlots[i++] = slots.computeIfAbsent(var, k -> slots.size());
            }
        }

        boolean kindMatches(Fact f) {
            return step.event() == Rule.Event.ANY || step.event() == f.kind;
        }

        boolean indexed() {
            return keyAttr != null;
        }

        /** The partials the event's join value selects, or null. */
        List<Partial> lookup(Fact f) {
            return numericKey ? longIndex.get(attrLong(f, keyAttr)) : index.get(attr(f, keyAttr));
        }

        /** Adds p to the index, under its value of the join's variable. */
        void put(Partial p) {
            Object key = p.vars[keySlot];
            List<Partial> l;
            if (numericKey) {
                if (key == null) {
                    return;   // unbound: no event's number equals it
                }
                long k = (Long) key;
                l = longIndex.get(k);
                if (l == null) {
                    longIndex.put(k, l = new ArrayList<>());
                }
            } else {
                l = index.computeIfAbsent(key, x -> new ArrayList<>());
            }
            l.add(p);
        }

        /** Uses {@code owner}'s index: the same variable at the same position selects the same partials. */
        void share(Clause owner) {
            longIndex = owner.longIndex;
            index = owner.index;
        }

        void clearIndex() {
            if (numericKey) {
                longIndex.clear();
            } else {
                index.clear();
            }
        }
    }

    /** A partial match. */
    private static final class Partial {
        int pos;
        final Object[] vars;
        final Fact[] path;
        final String[] notes;
        ArrayDeque<Fact> reps;
        long last;
        long stamp;
        boolean dead;

        Partial(int slots, int steps) {
            vars = new Object[slots];
            path = new Fact[steps];
            notes = new String[steps];
        }
    }

    /** One distinct match and its count. */
    private static final class Found {
        final List<Match.Step> path;
        int count;

        Found(List<Match.Step> path) {
            this.path = path;
        }
    }

    /** One rule's automaton. */
    private final class RuleState {
        final Rule rule;
        final Map<String, Integer> slots = new HashMap<>();
        final Clause[] steps;
        final Clause[][] clausesAt;     // position -> its step (if any) first, then its exclusions
        final Clause[][] keyedAt;       // position -> one clause per distinct index there (note 2)
        final List<Partial>[] at;
        final int[] indexed;            // per position: entries put in its indexes since the last rebuild
        final Map<List<Object>, Partial> counting0 = new HashMap<>();
        final LinkedHashMap<List<Object>, Found> found = new LinkedHashMap<>();
        int live;

        @SuppressWarnings("unchecked")
        RuleState(Rule rule) {
            this.rule = rule;
            int n = rule.steps().size();
            steps = new Clause[n];
            java.util.Set<String> textVars = new java.util.HashSet<>();   // bound (somewhere) to text
            for (Rule.Step s : rule.steps()) {
                s.binds().forEach((var, attr) -> {
                    if (!numeric(attr)) {
                        textVars.add(var);
                    }
                });
            }
            List<List<Clause>> byPos = new ArrayList<>();
            for (int i = 0; i <= n; i++) {
                byPos.add(new ArrayList<>());
            }
            for (int i = 0; i < n; i++) {
                for (Rule.Not not : rule.nots()) {
                    if (not.before() == i) {
                        byPos.get(i).add(new Clause(not.clause(), true, slots, textVars));
                    }
                }
                steps[i] = new Clause(rule.steps().get(i), false, slots, textVars);
                byPos.get(i).add(0, steps[i]);
            }
            for (Rule.Not not : rule.nots()) {
                if (not.before() == n) {
                    byPos.get(n).add(new Clause(not.clause(), true, slots, textVars));
                }
            }
            clausesAt = new Clause[n + 1][];
            keyedAt = new Clause[n + 1][];
            at = new List[n + 1];
            indexed = new int[n + 1];
            for (int i = 0; i <= n; i++) {
                clausesAt[i] = byPos.get(i).toArray(new Clause[0]);
                at[i] = new ArrayList<>();
                List<Clause> owners = new ArrayList<>();
                for (Clause c : clausesAt[i]) {
                    Clause owner = null;
                    for (Clause o : owners) {
                        if (c.indexed() && o.keySlot == c.keySlot && o.numericKey == c.numericKey) {
                            owner = o;
                        }
                    }
                    if (owner != null) {
                        c.share(owner);
                    } else if (c.indexed()) {
                        owners.add(c);
                    }
                }
                keyedAt[i] = owners.toArray(new Clause[0]);
            }
        }

        void accept(Fact f) {
            int n = steps.length;
            for (int pos = 1; pos <= n; pos++) {
                for (Clause c : clausesAt[pos]) {
                    if (!c.kindMatches(f)) {
                        continue;
                    }
                    List<Partial> candidates = c.indexed() ? c.lookup(f) : at[pos];
                    if (candidates == null || candidates.isEmpty()) {
                        continue;
                    }
                    // Advancing appends to the lists of later positions only, so this list's
                    // first n entries are the ones to visit. Stale entries (dead, moved on) are
                    // dropped as the loop meets them (note 3): w is where the next kept one goes.
                    int size = candidates.size();
                    int w = 0;
                    for (int k = 0; k < size; k++) {
                        Partial p = candidates.get(k);
                        if (p.dead || p.pos != pos) {
                            continue;
                        }
                        candidates.set(w++, p);
                        if (p.stamp == seq) {
                            continue;
                        }
                        if (expired(p, f.time)) {
                            kill(p);
                        } else if (c.not) {
                            if (holds(c, f, p.vars)) {
                                kill(p);
                            }
                        } else if (holds(c, f, p.vars) && f.time - p.last >= c.step.minGap()) {
                            matched(p, c, f);
                        }
                    }
                    if (w < size) {
                        candidates.subList(w, size).clear();
                        if (c.indexed()) {
                            indexed[pos] -= size - w;
                        }
                    }
                }
            }
            Clause first = steps[0];
            if (first.kindMatches(f) && holds(first, f, null)) {
                Partial p = new Partial(slots.size(), n);
                bind(first, f, p.vars);
                if (first.step.times() <= 1) {
                    p.stamp = seq;
                    p.path[0] = f;
                    p.notes[0] = "";
                    p.last = f.time;
                    live++;
                    advance(p, 1);
                } else {
                    List<Object> key = Arrays.asList(p.vars.clone());
                    Partial q = counting0.get(key);
                    if (q == null) {
                        q = p;
                        q.reps = new ArrayDeque<>();
                        counting0.put(key, q);
                    }
                    if (repeated(q, first, f)) {
                        counting0.remove(key);
                        q.stamp = seq;
                        q.last = f.time;
                        live++;
                        advance(q, 1);
                    }
                }
            }
        }

        /** A repeated step's occurrence: true when it has its N within its span (note 3). */
        private boolean repeated(Partial p, Clause c, Fact f) {
            p.reps.addLast(f);
            long span = c.step.within() > 0 ? c.step.within() : rule.window();
            while (f.time - p.reps.peekFirst().time > span) {
                p.reps.removeFirst();
            }
            if (p.reps.size() < c.step.times()) {
                return false;
            }
            Fact firstRep = p.reps.peekFirst();
            p.path[p.pos] = firstRep;
            p.notes[p.pos] = p.reps.size() + " events in " + GoDuration.format(f.time - firstRep.time);
            p.reps = null;
            return true;
        }

        private void matched(Partial p, Clause c, Fact f) {
            bind(c, f, p.vars);
            p.stamp = seq;
            if (c.step.times() > 1) {
                if (p.reps == null) {
                    p.reps = new ArrayDeque<>();
                }
                if (!repeated(p, c, f)) {
                    p.last = f.time;
                    return;
                }
            } else {
                p.path[p.pos] = f;
                p.notes[p.pos] = "";
            }
            p.last = f.time;
            advance(p, p.pos + 1);
        }

        private void advance(Partial p, int pos) {
            p.pos = pos;
            if (pos == steps.length && clausesAt[pos].length == 0) {
                report(p);
                kill(p);
                return;
            }
            at[pos].add(p);
            for (Clause c : keyedAt[pos]) {
                c.put(p);
                indexed[pos]++;
            }
        }

        private boolean expired(Partial p, long now) {
            if (p.pos >= steps.length) {
                return false;   // held until the trace ends
            }
            long max = steps[p.pos].step.maxGap() > 0 ? steps[p.pos].step.maxGap() : rule.window();
            return now - p.last > max;
        }

        private void kill(Partial p) {
            if (!p.dead) {
                p.dead = true;
                live--;
            }
        }

        void compact(long now) {
            for (int pos = 1; pos < at.length; pos++) {
                List<Partial> keep = new ArrayList<>();
                for (Partial p : at[pos]) {
                    if (!p.dead && p.pos == pos && expired(p, now)) {
                        kill(p);
                    }
                    if (!p.dead && p.pos == pos) {
                        keep.add(p);
                    }
                }
                if (live > MAX_PARTIALS && !keep.isEmpty()) {
                    // down to 90% of the bound in one go, so that the next compaction is
                    // MAX_PARTIALS / 10 events away (compacting at every event is quadratic)
                    int drop = Math.min(keep.size(), live - MAX_PARTIALS / 10 * 9);
                    for (int k = 0; k < drop; k++) {
                        kill(keep.get(k));
                    }
                    dropped += drop;
                    keep = new ArrayList<>(keep.subList(drop, keep.size()));
                }
                at[pos] = keep;
                if (indexed[pos] > 2 * keyedAt[pos].length * keep.size() + 1024) {
                    indexed[pos] = 0;
                    for (Clause c : keyedAt[pos]) {
                        c.clearIndex();
                        for (Partial p : keep) {
                            c.put(p);
                            indexed[pos]++;
                        }
                    }
                }
            }
            counting0.values().removeIf(q -> now - q.reps.peekLast().time > spanOf(steps[0]));
        }

        private long spanOf(Clause c) {
            return c.step.within() > 0 ? c.step.within() : rule.window();
        }

        void report(Partial p) {
            Object[] places = new Object[3 * p.path.length];   // per step: kind, blocking or own stack, func
            for (int i = 0; i < p.path.length; i++) {
                Fact f = p.path[i];
                places[3 * i] = f.kind;
                places[3 * i + 1] = f.blocker != 0 ? f.blocker : f.stack;
                places[3 * i + 2] = f.func;
            }
            List<Object> key = Arrays.asList(places);
            Found m = found.get(key);
            if (m == null) {
                if (found.size() >= MAX_DISTINCT) {
                    return;
                }
                List<Match.Step> path = new ArrayList<>();
                for (int i = 0; i < p.path.length; i++) {
                    Fact f = p.path[i];
                    long stack = (f.kind == Rule.Event.BLOCK || f.kind == Rule.Event.UNBLOCK) && f.blocker != 0
                            ? f.blocker : f.stack;
                    path.add(new Match.Step(f.time, f.kind, f.g, f.target, f.func, f.reason, stacks.apply(stack),
                            p.notes[i]));
                }
                m = new Found(List.copyOf(path));
                found.put(key, m);
            }
            m.count++;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Conditions

    /** Condition modes (note 4). */
    private static final int GENERIC = 0;
    private static final int NUM_CONST = 1;
    private static final int NUM_VAR = 2;

    private boolean holds(Clause c, Fact f, Object[] vars) {
        for (int i = 0; i < c.attrs.length; i++) {
            int mode = c.modes[i];
            if (mode == NUM_CONST) {
                if (!compare(attrLong(f, c.attrs[i]), c.ops[i], c.nums[i])) {
                    return false;
                }
                continue;
            }
            Object expected = c.values[i];
            if (expected instanceof Integer slot) {
                if (vars == null) {
                    return false;
                }
                expected = vars[slot];
            }
            if (mode == NUM_VAR) {
                if (!(expected instanceof Long y) || !compare(attrLong(f, c.attrs[i]), c.ops[i], y)) {
                    return false;
                }
            } else if (c.contains[i] != null) {
                long id = attrLong(f, c.attrs[i]);
                Boolean memo = c.contains[i].get(id);
                if (memo == null) {
                    memo = compare(c.attrs[i], id, c.ops[i], expected);
                    c.contains[i].put(id, memo);
                }
                if (!memo) {
                    return false;
                }
            } else if (!compare(c.attrs[i], attr(f, c.attrs[i]), c.ops[i], expected)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the attribute is a number (else text). */
    private static boolean numeric(Attr a) {
        return switch (a) {
            case G, TARGET, BLOCKER, STACK, LATENCY, WAITED, LIVE, P, CREATOR, WAKER, WAKESTACK -> true;
            case REASON, FUNC, TEXT -> false;
        };
    }

    /** Whether the attribute is a stack id (its {@code ~} tests the stack's functions). */
    private static boolean stack(Attr a) {
        return a == Attr.BLOCKER || a == Attr.STACK || a == Attr.WAKESTACK;
    }

    /** A numeric attribute's value, unboxed. */
    private static long attrLong(Fact f, Attr a) {
        return switch (a) {
            case G -> f.g;
            case TARGET -> f.target;
            case BLOCKER -> f.blocker;
            case STACK -> f.stack;
            case LATENCY -> f.latency;
            case WAITED -> f.waited;
            case LIVE -> f.live;
            case P -> f.p;
            case CREATOR -> f.creator;
            case WAKER -> f.waker;
            case WAKESTACK -> f.wakeStack;
            case REASON, FUNC, TEXT -> throw new IllegalArgumentException(a + " is no number");
        };
    }

    private static boolean compare(long x, Op op, long y) {
        return switch (op) {
            case EQ -> x == y;
            case NE -> x != y;
            case LT -> x < y;
            case LE -> x <= y;
            case GT -> x > y;
            case GE -> x >= y;
            case CONTAINS -> false;
        };
    }

    private static void bind(Clause c, Fact f, Object[] vars) {
        for (int i = 0; i < c.bindAttrs.length; i++) {
            vars[c.bindSlots[i]] = attr(f, c.bindAttrs[i]);
        }
    }

    static Object attr(Fact f, Attr a) {
        return switch (a) {
            case G -> f.g;
            case TARGET -> f.target;
            case REASON -> f.reason == null ? "" : f.reason;
            case BLOCKER -> f.blocker;
            case STACK -> f.stack;
            case FUNC -> f.func;
            case LATENCY -> f.latency;
            case WAITED -> f.waited;
            case LIVE -> f.live;
            case P -> (long) f.p;
            case TEXT -> f.text == null ? "" : f.text;
            case CREATOR -> f.creator;
            case WAKER -> f.waker;
            case WAKESTACK -> f.wakeStack;
        };
    }

    private boolean compare(Attr a, Object actual, Op op, Object expected) {
        if (expected == null) {
            return false;
        }
        if (op == Op.CONTAINS) {
            String needle = expected.toString();
            if (stack(a) && actual instanceof Long id) {
                for (Frame fr : stacks.apply(id)) {
                    if (fr.function().contains(needle)) {
                        return true;
                    }
                }
                return false;
            }
            return String.valueOf(actual).contains(needle);
        }
        if (actual instanceof Long x && expected instanceof Long y) {
            int c = Long.compare(x, y);
            return switch (op) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                case CONTAINS -> false;
            };
        }
        return switch (op) {
            case EQ -> actual.toString().equals(expected.toString());
            case NE -> !actual.toString().equals(expected.toString());
            default -> false;
        };
    }
}
