package io.go4j.trace.internal.agent;

import io.go4j.Go;
import io.go4j.trace.FlightRecorder;

/**
 * Agent starts a flight recorder before {@code main}, in a program that need not call go4j-trace:
 * {@code java -javaagent:go4j-trace.jar=flight[,age=5s][,bytes=64m] ...} (go4j-trace's jar names
 * this class as its {@code Premain-Class}). The argument, else the system property
 * {@value FlightRecorder#LAUNCH_PROPERTY}, else Go's defaults, gives its bounds
 * ({@link FlightOptions}); the program reaches the recorder through
 * {@link FlightRecorder#launched()}.
 *
 * <p>Invariant: {@link #launched()} is null, or the recorder this agent started (running unless
 * the program stopped it); it is set once, before {@code main}.
 */
public final class Agent {
    /*
     * Implementation notes.
     *
     * 1. The agent is a plain premain, like go4j-debug's deadlock agent: no Instrumentation, no
     *    class loader of its own. On the class path the JVM appends the jar to the application's
     *    class path, so the application's FlightRecorder (from this jar or from its own copy of
     *    go4j-trace earlier on the path) is the one launched() answers. On the module path, once
     *    io.go4j.trace is resolved the system class loader defines this class in that module
     *    (the JVM loads a Premain-Class through the system class loader by name), hence the
     *    package's qualified export to java.instrument, which invokes premain reflectively.
     * 2. The case that cannot work: go4j on the module path and io.go4j.trace not resolved. This
     *    class is then in the unnamed module, and go4j-core's and go4j-debug's internals are
     *    exported to the named io.go4j.trace only: the recorder would fail with an
     *    IllegalAccessError at its first event. checkModules refuses it before main, saying what
     *    to add, rather than export the internals to the unnamed module (go4j-race's agent has to,
     *    being no module; this one is, and the program would then hold two FlightRecorder
     *    classes, one of them unreachable from its code).
     * 3. The recorder starts on the main thread before main, so go4j-core is initialised then:
     *    go4j's launch-fixed switches read system properties given on the command line, as
     *    they must anyway (a property set by main would come too late for them).
     */

    private static volatile FlightRecorder launched;   // written once, by premain

    private Agent() {}

    /**
     * Starts the flight recorder before {@code main}; called by the JVM for {@code -javaagent}.
     *
     * @param args {@code flight[,age=DURATION][,bytes=SIZE]}, or empty (then the property)
     * @throws IllegalArgumentException if an option is bad (the JVM then refuses to start, with
     *         this message, which names the option and where it was given)
     * @throws IllegalStateException    if go4j-core or go4j-debug is missing, or go4j is on the
     *         module path without go4j-trace (the message says what to add)
     */
    public static void premain(String args) {
        FlightOptions options = FlightOptions.of(args, System.getProperty(FlightRecorder.LAUNCH_PROPERTY));
        FlightRecorder recorder;
        try {
            checkModules();
            recorder = new FlightRecorder(options.age(), options.bytes());
            recorder.start();
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("go4j trace: the flight recorder's agent needs go4j-core and go4j-debug"
                    + " beside go4j-trace on the class or module path (missing: " + e.getMessage() + ")", e);
        }
        launched = recorder;
    }

    /**
     * Returns the recorder this agent started.
     *
     * @return the recorder, or null if the JVM was not started with this agent
     */
    public static FlightRecorder launched() {
        return launched;
    }

    /** Refuses go4j on the module path with this class outside io.go4j.trace (note 2). */
    private static void checkModules() {
        Module core = Go.class.getModule();
        if (core.isNamed() && !Agent.class.getModule().isNamed()) {
            throw new IllegalStateException("go4j trace: go4j is on the module path, so the flight recorder's agent"
                    + " must run in module io.go4j.trace: put go4j-trace on the module path too and resolve it"
                    + " (--add-modules io.go4j.trace, or a requires io.go4j.trace in your module)");
        }
    }
}
