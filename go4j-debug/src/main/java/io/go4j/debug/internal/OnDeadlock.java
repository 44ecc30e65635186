package io.go4j.debug.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * OnDeadlock is the seam through which other go4j modules act when the deadlock watcher reports
 * a global deadlock: go4j-trace's running flight recorder registers an action that saves its
 * window to a file. go4j-debug cannot depend on go4j-trace, so the tracer registers here while it
 * records, and the watcher runs every action before its report is printed (and before the
 * process halts, in exit mode); each action's line goes into the report.
 *
 * <p>Thread-safe. An action that throws does not stop the report: its failure is the line.
 */
public final class OnDeadlock {
    /** What a module does on a deadlock. */
    @FunctionalInterface
    public interface Action {
        /**
         * Acts on a deadlock the watcher is reporting, on the watcher's thread.
         *
         * @return a line for the report (e.g. where a file went), or null for none
         * @throws Exception if it fails (the report says so)
         */
        String onDeadlock() throws Exception;
    }

    private static final CopyOnWriteArrayList<Action> ACTIONS = new CopyOnWriteArrayList<>();

    private OnDeadlock() {}

    /**
     * Registers {@code action} until {@link #remove} (once, however often it is added).
     *
     * @param action the action
     */
    public static void add(Action action) {
        ACTIONS.addIfAbsent(action);
    }

    /**
     * Unregisters {@code action}; nothing if it is not registered.
     *
     * @param action the action
     */
    public static void remove(Action action) {
        ACTIONS.remove(action);
    }

    /**
     * Runs every registered action, in registration order (the deadlock watcher's report).
     *
     * @return their lines for the report, a failure's included
     */
    public static List<String> runAll() {
        List<String> lines = new ArrayList<>();
        for (Action a : ACTIONS) {
            try {
                String line = a.onDeadlock();
                if (line != null) {
                    lines.add(line);
                }
            } catch (Exception | Error e) {
                lines.add("on deadlock: " + a + " failed: " + e);
            }
        }
        return lines;
    }
}
