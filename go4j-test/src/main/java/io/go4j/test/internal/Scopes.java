package io.go4j.test.internal;

import io.go4j.Go;
import io.go4j.debug.internal.Listeners;
import io.go4j.debug.internal.Snapshot;
import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.Hooks;
import io.go4j.internal.runtime.Panics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scopes attributes goroutines to the test (or test class) that started them, transitively, and
 * collects each scope's goroutine panics. A scope is a JUnit test or container, named by its
 * unique id.
 *
 * <p>Attribution is by profiler label: while a test's code runs (its {@code @BeforeEach},
 * body, {@code @AfterEach}), its thread carries the label {@value #LABEL} = the test's unique id
 * ({@link Go#withLabels}); every goroutine inherits its creator's labels when {@code go()} is
 * called, so the goroutines a test started, and the ones those started, carry the test's id, and
 * no other test's, whatever runs in parallel.
 *
 * <p>Invariants: a goroutine's label names the scope whose code (or whose goroutine) called
 * {@code go()}; a scope's id is a prefix, at a {@code /} boundary, of the ids of the scopes it
 * contains (JUnit's unique ids: {@code [engine:junit-jupiter]/[class:X]/[method:m()]}), so
 * "started by this scope or one it contains" is a prefix test. The goroutine listener is
 * installed exactly while at least one scope is open.
 *
 * <p>Non-invariants: a goroutine started by a thread go4j did not start and that has no labels
 * (a plain {@code new Thread}, an executor's thread) belongs to no scope; so does one started
 * by a test's goroutine after the application replaced its labels' key (it cannot remove it).
 */
public final class Scopes {
    /*
     * Implementation notes.
     *
     * Why a label and not an InheritableThreadLocal read by the goroutine listener's started():
     * a label is copied by go() itself, on the creator's thread, before the goroutine can run,
     * so a leak check that runs right after the test sees the goroutine attributed even if it
     * has not been scheduled yet. started() runs on the new goroutine's thread, later: a check in
     * between would miss the goroutine, and a miss is a silent pass. The label is also visible
     * in dumps and profiles, which is what a reader of a parallel test run wants to know.
     *
     * The goroutine listener (through go4j-debug's Listeners, the one fan-out of the core's
     * listener) is added when the first scope opens and removed when the last one closes, so
     * that go4j's primitives pay nothing outside tests that use go4j-test.
     */

    /** The profiler label that names a goroutine's test. */
    public static final String LABEL = io.go4j.test.GoLeakExtension.LABEL;

    private static final Map<String, Scope> OPEN = new ConcurrentHashMap<>();
    private static int opened;   // guarded by Scopes.class: number of open scopes

    private Scopes() {}

    /**
     * A panic heard in a scope.
     *
     * @param report Go's report of it ({@code panic: ...}, the stack, {@code created by})
     * @param panic  what the goroutine threw
     */
    public record PanicReport(String report, Throwable panic) {}

    /** One open test or container: what its goroutines reported. */
    public static final class Scope {
        private final String id;
        private final List<PanicReport> panics = new ArrayList<>();   // guarded by this

        private Scope(String id) {
            this.id = id;
        }

        /**
         * Returns the scope's id.
         *
         * @return its JUnit unique id
         */
        public String id() {
            return id;
        }

        /**
         * Returns and forgets the panics heard so far.
         *
         * @return the panics, in the order they happened
         */
        public synchronized List<PanicReport> takePanics() {
            List<PanicReport> out = List.copyOf(panics);
            panics.clear();
            return out;
        }

        private synchronized void add(PanicReport p) {
            panics.add(p);
        }
    }

    /**
     * Opens the scope {@code id}: from now on its goroutines' panics are kept for it.
     *
     * @param id a JUnit unique id
     * @return the scope
     */
    public static Scope open(String id) {
        Scope s = new Scope(id);
        synchronized (Scopes.class) {
            if (OPEN.putIfAbsent(id, s) != null) {
                throw new IllegalStateException("go4j-test: scope " + id + " is already open "
                        + "(is the extension registered twice?)");
            }
            if (opened++ == 0) {
                Listeners.add(LISTENER);
            }
        }
        return s;
    }

    /**
     * Closes {@code s}; the panics of its goroutines are then kept by the scope that contains it,
     * if open.
     *
     * @param s an open scope
     */
    public static void close(Scope s) {
        synchronized (Scopes.class) {
            if (OPEN.remove(s.id, s) && --opened == 0) {
                Listeners.remove(LISTENER);
            }
        }
    }

    /**
     * Returns whether the scope {@code scopeId} is open.
     *
     * @param scopeId a JUnit unique id
     * @return true if it is open
     */
    public static boolean isOpen(String scopeId) {
        return OPEN.containsKey(scopeId);
    }

    /**
     * Returns the open scope that {@code labelValue} names, or the nearest open scope containing
     * it; null if none is open.
     *
     * @param labelValue a goroutine's {@value #LABEL} label
     * @return the scope, or null
     */
    public static Scope nearestOpen(String labelValue) {
        for (String id = labelValue; id != null; id = parentOf(id)) {
            Scope s = OPEN.get(id);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    /**
     * Returns whether a goroutine labelled {@code labelValue} belongs to scope {@code scopeId}:
     * started by its code, or by the code of a scope it contains.
     *
     * @param labelValue the goroutine's {@value #LABEL} label, or null
     * @param scopeId    a JUnit unique id
     * @return true if it belongs
     */
    public static boolean belongs(String labelValue, String scopeId) {
        return labelValue != null && labelValue.startsWith(scopeId)
                && (labelValue.length() == scopeId.length() || labelValue.charAt(scopeId.length()) == '/');
    }

    /**
     * Returns the live goroutines (started by {@code go()}, not adopted threads) that belong to
     * {@code scopeId}, with their stacks.
     *
     * @param scopeId       a JUnit unique id
     * @param withContained also those of the scopes it contains
     * @return the goroutines, by id
     */
    public static List<Snapshot.Entry> goroutinesOf(String scopeId, boolean withContained) {
        return Snapshot.take(g -> {
            String label = g.labels().get(LABEL);
            return !g.adopted() && (withContained ? belongs(label, scopeId) : scopeId.equals(label));
        }).goroutines();
    }

    /**
     * Runs {@code body} with the current thread labelled as scope {@code scopeId}'s code.
     *
     * @param scopeId a JUnit unique id
     * @param body    the test's code
     * @param <T>     what it returns
     * @return what {@code body} returned
     * @throws Throwable what {@code body} threw
     */
    public static <T> T runAs(String scopeId, Body<T> body) throws Throwable {
        Object[] result = new Object[1];
        Throwable[] thrown = new Throwable[1];
        Go.withLabels(Map.of(LABEL, scopeId), () -> {
            try {
                result[0] = body.run();
            } catch (Throwable t) {
                thrown[0] = t;
            }
        });
        if (thrown[0] != null) {
            throw thrown[0];
        }
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }

    /**
     * A test's code.
     *
     * @param <T> what it returns
     */
    @FunctionalInterface
    public interface Body<T> {
        /**
         * Runs it.
         *
         * @return its result
         * @throws Throwable what it throws
         */
        T run() throws Throwable;
    }

    /** The parent of a unique id ({@code a/[x:y]} of {@code a/[x:y]/[z:w]}), or null at the root. */
    static String parentOf(String id) {
        int cut = id.lastIndexOf("/[");
        return cut <= 0 ? null : id.substring(0, cut);
    }

    private static final Hooks.GoroutineListener LISTENER = new Hooks.GoroutineListener() {
        @Override
        public void panicked(Goroutine g, Throwable panic) {
            String label = g.labels().get(LABEL);
            Scope s = label == null ? null : nearestOpen(label);
            if (s != null) {
                // formatted now: the goroutine is still registered, so "created by" is known
                s.add(new PanicReport(Panics.format(g.thread(), panic), panic));
            }
        }
    };
}
