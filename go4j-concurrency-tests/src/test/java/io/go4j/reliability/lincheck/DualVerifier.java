package io.go4j.reliability.lincheck;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionResult;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.execution.ResultWithClock;
import org.jetbrains.kotlinx.lincheck.util.LincheckResult;
import org.jetbrains.kotlinx.lincheck.util.ValueResult;
import org.jetbrains.lincheck.datastructures.verifier.Verifier;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * DualVerifier is a Lincheck {@link Verifier} that checks an execution's results against a
 * {@link DualSpec}: it searches for an order of the operations' start and completion steps that
 * respects each thread's program order and the real-time order Lincheck recorded (an operation
 * that started after another returned is started after it completed), in which the specification
 * produces exactly the results observed. It is Lincheck's linearizability check extended to
 * operations that block (each is linearized when it registers and when it is served) and to
 * specifications that choose (every allowed choice is tried).
 *
 * <p>The same search, run without observed results, tells whether a scenario can hang in some
 * order ({@link #mayHang}); the scenario generator keeps only scenarios that cannot, so blocking
 * operations can be checked in random scenarios without a deadlock being the expected outcome.
 *
 * <p>Lincheck creates a verifier with the sequential-specification class, which is the test
 * class here: it must have a public static {@code model()} method returning a fresh initial
 * {@link DualSpec}. Every operation of a test using this verifier returns a non-null value (a
 * panic is returned as its message), so that results compare by {@code equals}.
 */
public final class DualVerifier implements Verifier {
    /*
     * Implementation notes.
     *
     * Search: depth first over configurations (spec state, returned-operation count per thread,
     * whether each thread's current operation is parked), remembering configurations that failed
     * so that each is explored once. A step starts the next operation of a thread whose
     * real-time predecessors have all returned, or takes an internal step of the specification.
     * An operation completed by a step returns at once: returning later could only add
     * real-time constraints, never remove one. Scenarios are a few operations per thread, so the
     * search is small; it runs once per distinct result of an invocation (Lincheck caches).
     */

    /** Operation ids: thread index times this, plus the index within the thread. */
    private static final int STRIDE = 1_000;

    private final Supplier<DualSpec<?>> model;

    /** Called by Lincheck with the sequential specification, here the test class. */
    public DualVerifier(Class<?> testClass) {
        this.model = modelOf(testClass);
    }

    @Override
    public boolean verifyResults(ExecutionScenario scenario, ExecutionResult result) {
        List<List<Actor>> threads = scenario.getParallelExecution();
        int n = threads.size();
        Object[][] expected = new Object[n][];
        int[][][] clocks = new int[n][][];
        for (int t = 0; t < n; t++) {
            List<ResultWithClock> rs = result.getParallelResultsWithClock().get(t);
            expected[t] = new Object[rs.size()];
            clocks[t] = new int[rs.size()][];
            for (int i = 0; i < rs.size(); i++) {
                expected[t][i] = valueOf(rs.get(i).getResult());
                clocks[t][i] = rs.get(i).getClockOnStart().getClock();
            }
        }
        List<DualSpec<?>> states = runSequential(List.of(model.get()), scenario.getInitExecution(),
                values(result.getInitResults()), n);
        Search search = new Search(threads, expected, clocks, scenario.getPostExecution(),
                values(result.getPostResults()));
        for (DualSpec<?> s : states) {
            if (search.explore(s, new int[n], new boolean[n])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns true if some order of the scenario's steps leaves an operation parked for ever
     * (with every other thread finished or parked too), parks an initial or final operation, or
     * reaches a step the specification calls misuse.
     */
    static boolean mayHang(Supplier<DualSpec<?>> model, List<Actor> init, List<List<Actor>> threads,
                           List<Actor> post) {
        List<DualSpec<?>> states = runSequential(List.of(model.get()), init, null, threads.size());
        if (states == null) {
            return true;
        }
        Search search = new Search(threads, null, null, post, null);
        for (DualSpec<?> s : states) {
            if (search.findHang(s, new int[threads.size()], new boolean[threads.size()])) {
                return true;
            }
        }
        return false;
    }

    /** Returns the model factory of a test class: its public static {@code model()}. */
    static Supplier<DualSpec<?>> modelOf(Class<?> testClass) {
        java.lang.reflect.Method factory;
        try {
            factory = testClass.getMethod("model");
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(testClass + " has no public static model()", e);
        }
        return () -> {
            try {
                return (DualSpec<?>) factory.invoke(null);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /**
     * Runs sequential operations (the initial or final part, thread index {@code thread}) from
     * every state in {@code states}; each must complete at once, with the expected result when
     * {@code expected} is given. Returns the states reached, or null if an operation parks in
     * some branch (only when {@code expected} is null: the scenario could hang).
     */
    private static List<DualSpec<?>> runSequential(List<DualSpec<?>> states, List<Actor> ops,
                                                   List<Object> expected, int thread) {
        for (int i = 0; i < ops.size(); i++) {
            Actor a = ops.get(i);
            int id = thread * STRIDE + i;
            List<DualSpec<?>> next = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (DualSpec<?> s : states) {
                for (DualSpec<?> n : s.start(a.getMethod().getName(), a.getArguments(), id)) {
                    Map<Integer, Object> done = n.drainCompleted();
                    if (!done.containsKey(id) || n.misuse) {
                        if (expected == null) {
                            return null;   // parks: the scenario may hang
                        }
                        continue;
                    }
                    if (expected != null && !Objects.equals(done.get(id), expected.get(i))) {
                        continue;
                    }
                    if (seen.add(n.key())) {
                        next.add(n);
                    }
                }
            }
            states = next;
        }
        return states;
    }

    private static List<Object> values(List<? extends LincheckResult> results) {
        List<Object> values = new ArrayList<>();
        for (LincheckResult r : results) {
            values.add(valueOf(r));
        }
        return values;
    }

    private static Object valueOf(LincheckResult r) {
        return r instanceof ValueResult v ? v.getValue() : r;   // anything else never matches
    }

    /** The depth-first search over configurations of one scenario. */
    private static final class Search {
        private final List<List<Actor>> threads;
        private final Object[][] expected;      // null when looking for hangs
        private final int[][][] clocks;         // null when looking for hangs
        private final List<Actor> post;
        private final List<Object> postExpected;
        private final Set<String> explored = new HashSet<>();

        Search(List<List<Actor>> threads, Object[][] expected, int[][][] clocks, List<Actor> post,
               List<Object> postExpected) {
            this.threads = threads;
            this.expected = expected;
            this.clocks = clocks;
            this.post = post;
            this.postExpected = postExpected;
        }

        /** Returns true if the observed results can be explained from this configuration. */
        boolean explore(DualSpec<?> s, int[] pos, boolean[] parked) {
            if (!explored.add(s.key() + Arrays.toString(pos) + Arrays.toString(parked))) {
                return false;   // explored before, and failed (a success ends the search)
            }
            if (allReturned(pos)) {
                List<DualSpec<?>> end = runSequential(List.of(s), post, postExpected, threads.size() + 1);
                return !end.isEmpty();
            }
            for (int t = 0; t < threads.size(); t++) {
                if (!parked[t] && pos[t] < threads.get(t).size() && predecessorsReturned(t, pos)) {
                    Actor a = threads.get(t).get(pos[t]);
                    for (DualSpec<?> n : s.start(a.getMethod().getName(), a.getArguments(), t * STRIDE + pos[t])) {
                        int[] p = pos.clone();
                        boolean[] k = parked.clone();
                        k[t] = true;
                        if (collect(n, p, k) && explore(n, p, k)) {
                            return true;
                        }
                    }
                }
            }
            for (DualSpec<?> n : s.internal()) {
                int[] p = pos.clone();
                boolean[] k = parked.clone();
                if (collect(n, p, k) && explore(n, p, k)) {
                    return true;
                }
            }
            return false;
        }

        /** Returns true if some order from this configuration hangs. */
        boolean findHang(DualSpec<?> s, int[] pos, boolean[] parked) {
            if (!explored.add(s.key() + Arrays.toString(pos) + Arrays.toString(parked))) {
                return false;
            }
            if (allReturned(pos)) {
                return runSequential(List.of(s), post, null, threads.size() + 1) == null;
            }
            boolean moved = false;
            for (int t = 0; t < threads.size(); t++) {
                if (!parked[t] && pos[t] < threads.get(t).size()) {
                    Actor a = threads.get(t).get(pos[t]);
                    for (DualSpec<?> n : s.start(a.getMethod().getName(), a.getArguments(), t * STRIDE + pos[t])) {
                        moved = true;
                        int[] p = pos.clone();
                        boolean[] k = parked.clone();
                        k[t] = true;
                        collect(n, p, k);
                        if (n.misuse || findHang(n, p, k)) {
                            return true;
                        }
                    }
                }
            }
            for (DualSpec<?> n : s.internal()) {
                moved = true;
                int[] p = pos.clone();
                boolean[] k = parked.clone();
                collect(n, p, k);
                if (n.misuse || findHang(n, p, k)) {
                    return true;
                }
            }
            return !moved;   // operations left, and none can move: hung
        }

        /**
         * Returns the operations completed by the step that produced {@code n}, checking their
         * results; false if one differs from what was observed.
         */
        private boolean collect(DualSpec<?> n, int[] pos, boolean[] parked) {
            for (Map.Entry<Integer, Object> e : n.drainCompleted().entrySet()) {
                int t = e.getKey() / STRIDE;
                int i = e.getKey() % STRIDE;
                if (t >= threads.size() || !parked[t] || pos[t] != i) {
                    throw new IllegalStateException("specification completed operation " + e.getKey()
                            + " that is not parked: " + n.key());
                }
                if (expected != null && !Objects.equals(e.getValue(), expected[t][i])) {
                    return false;
                }
                pos[t]++;
                parked[t] = false;
            }
            return true;
        }

        private boolean allReturned(int[] pos) {
            for (int t = 0; t < threads.size(); t++) {
                if (pos[t] < threads.get(t).size()) {
                    return false;
                }
            }
            return true;
        }

        /** Every operation that returned before this one started (per Lincheck's clock) has returned here. */
        private boolean predecessorsReturned(int t, int[] pos) {
            int[] clock = clocks[t][pos[t]];
            for (int u = 0; u < threads.size(); u++) {
                if (u != t && pos[u] < clock[u]) {
                    return false;
                }
            }
            return true;
        }
    }
}
