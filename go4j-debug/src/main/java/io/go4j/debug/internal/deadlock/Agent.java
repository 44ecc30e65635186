package io.go4j.debug.internal.deadlock;

import io.go4j.debug.Deadlocks;
import io.go4j.debug.SchedTrace;

/**
 * Agent starts the deadlock watcher in a JVM that never calls go4j-debug:
 * {@code java -javaagent:go4j-debug.jar[=exit|report] -cp ...} (go4j-debug's jar names this class
 * as its {@code Premain-Class}). The argument, else the system property
 * {@value Deadlocks#PROPERTY}, else {@code exit}, chooses what happens after a report.
 */
public final class Agent {
    private Agent() {}

    /**
     * Starts the watcher before {@code main}; called by the JVM for {@code -javaagent}.
     *
     * @param args {@code exit}, {@code report}, or empty
     * @throws IllegalArgumentException if {@code args} or the property is something else (the
     *         JVM then refuses to start, with this message)
     */
    public static void premain(String args) {
        String mode = args != null && !args.isBlank() ? args : System.getProperty(Deadlocks.PROPERTY, "exit");
        Deadlocks.start(Deadlocks.Options.defaults().withAction(Deadlocks.Action.parse(mode)));
        SchedTrace.startIfRequested();   // -Dgo4j.schedtrace=N: Go's GODEBUG=schedtrace=N
    }
}
