package io.go4j.logging;

import io.go4j.debug.internal.Listeners;
import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.Hooks;
import org.slf4j.MDC;

import java.util.Map;

/**
 * GoroutineMdc keeps SLF4J's MDC of every goroutine current with its identity and profiler
 * labels, so that a logging pattern prints them: {@code %X{goroutine}} (the goroutine id, Go's
 * {@code goid}), {@code %X{goroutine.creator}} (the id of the goroutine that started it) and
 * {@code %X{key}} for each label ({@code Go.withLabels}).
 *
 * <pre>{@code
 * GoroutineMdc.install();   // once, at start-up
 * Go.withLabels(Map.of("request", "abc"), () ->
 *         go(() -> log.info("working")));   // goroutine=42 request=abc working
 * }</pre>
 *
 * <p>The entries are set on the goroutine's own thread when it starts, before its task runs,
 * and again whenever its labels change (entering and leaving {@code Go.withLabels}); a
 * goroutine inherits its creator's labels, as in Go, so the entries follow a request into every
 * goroutine it starts. A thread that {@code go()} did not start (main, a pool thread) gets the
 * entries when it first calls {@code Go.withLabels}. Entries the application put in the MDC
 * under other keys are left alone; a label whose key is {@code goroutine} or
 * {@code goroutine.creator} is shadowed by the id.
 *
 * <p>Goroutines already running when {@link #install()} is called get their entries at their
 * next label change. SLF4J's MDC is per thread, and a goroutine is a thread, so nothing else is
 * needed: there is no copying of maps between threads.
 */
public final class GoroutineMdc {
    /*
     * Implementation notes. The bridge is one goroutine listener (core Hooks, shared through
     * go4j-debug's Listeners) whose started and labelsChanged callbacks run on the goroutine's own
     * thread, the thread whose MDC must change. LAST holds, per thread, the labels this bridge
     * last put, so that a label that disappears (leaving withLabels) is removed and nothing the
     * application put is touched. Per the listener contract the callbacks are quick and never
     * throw into the core (MDC.put only throws for a null key, which labels never have).
     */

    /** The MDC key of the goroutine id. */
    public static final String GOROUTINE = "goroutine";

    /** The MDC key of the id of the goroutine that started this one (absent for threads go() did not start). */
    public static final String CREATOR = "goroutine.creator";

    private static final ThreadLocal<Map<String, String>> LAST = new ThreadLocal<>();
    private static final Hooks.GoroutineListener LISTENER = new Hooks.GoroutineListener() {
        @Override
        public void started(Goroutine g) {
            update(g);
        }

        @Override
        public void labelsChanged(Goroutine g) {
            update(g);
        }
    };

    private static boolean installed;   // guarded by GoroutineMdc.class

    private GoroutineMdc() {}

    /**
     * Installs the bridge: from now on every goroutine keeps its MDC entries current. Installing
     * twice is the same as once.
     */
    public static synchronized void install() {
        if (!installed) {
            Listeners.add(LISTENER);
            installed = true;
        }
    }

    /**
     * Removes the bridge: goroutines started from now on get no entries, and label changes no
     * longer update them. Entries already set stay in their threads' MDC.
     */
    public static synchronized void uninstall() {
        if (installed) {
            Listeners.remove(LISTENER);
            installed = false;
        }
    }

    /**
     * Returns whether the bridge is installed.
     *
     * @return true between {@link #install()} and {@link #uninstall()}
     */
    public static synchronized boolean isInstalled() {
        return installed;
    }

    /** Puts g's id, creator and labels in the current thread's MDC (g is the current goroutine). */
    private static void update(Goroutine g) {
        Map<String, String> labels = g.labels();
        Map<String, String> last = LAST.get();
        if (last != null) {
            for (String key : last.keySet()) {
                if (!labels.containsKey(key)) {
                    MDC.remove(key);
                }
            }
        }
        labels.forEach(MDC::put);
        LAST.set(labels.isEmpty() ? null : labels);
        MDC.put(GOROUTINE, Long.toString(g.id()));
        if (g.adopted()) {
            MDC.remove(CREATOR);
        } else {
            MDC.put(CREATOR, Long.toString(g.creatorId()));
        }
    }
}
