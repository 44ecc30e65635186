package io.go4j.debug;

import io.go4j.debug.internal.jfr.JfrBridge;

/**
 * JfrEvents makes go4j's goroutines visible to JDK Flight Recorder: after {@link #install()},
 * every JFR recording that enables go4j's events (a recording started with
 * {@code -XX:StartFlightRecording}, {@code jcmd JFR.start}, Mission Control or
 * {@link jdk.jfr.Recording}) gets them, and {@code jfr print} and Mission Control show them in
 * the category {@code go4j}:
 * <table>
 *   <caption>go4j's JFR events</caption>
 *   <tr><th>event</th><th>default</th><th>what</th></tr>
 *   <tr><td>{@value #GOROUTINE_START}, {@value #GOROUTINE_END}</td><td>off</td>
 *       <td>a goroutine begins or ends its task: id, creator id, where {@code go()} was called,
 *       labels</td></tr>
 *   <tr><td>{@value #BLOCK}</td><td>on, {@code threshold} 20 ms</td>
 *       <td>a goroutine parked in a go4j primitive, with the wait as the event's duration, the
 *       wait reason in Go's words, what it waited on, and the waiter's stack</td></tr>
 *   <tr><td>{@value #UNBLOCK}</td><td>off</td>
 *       <td>a wake-up: which goroutine (0: go4j's timer thread) made which parked goroutine
 *       runnable, with the waker's stack (the execution trace's unblock edge)</td></tr>
 *   <tr><td>{@value #MUTEX_CONTENTION}</td><td>on, {@code delayThreshold} 20 ms</td>
 *       <td>an unlock of a contended {@code Mutex} or {@code RWMutex}, with the unlocker's stack
 *       and the delay of the waiter it let in (Go's mutex profile)</td></tr>
 *   <tr><td>{@value #SCHED_LATENCY}</td><td>on, {@code latencyThreshold} 20 ms</td>
 *       <td>a goroutine that waited that long to run once runnable (see {@link SchedLatency})</td></tr>
 *   <tr><td>{@value #DEADLOCK}</td><td>on</td>
 *       <td>a deadlock found by go4j's detector: its description and how many goroutines</td></tr>
 *   <tr><td>{@value #USER_TASK}, {@value #USER_REGION}, {@value #USER_LOG}</td><td>on</td>
 *       <td>with go4j-trace, the program's own annotations (Go's {@code trace.NewTask},
 *       {@code WithRegion}, {@code Log}): a task from creation to end, a region, a log message,
 *       each with its task's id and the caller's stack; they need no installation, and do not
 *       need an execution trace to be recording</td></tr>
 * </table>
 *
 * <pre>{@code
 * JfrEvents.install();   // once, at startup: go4j's events follow every JFR recording from now on
 * System.out.println(JfrEvents.isInstalled());   // true
 * }</pre>
 *
 * <p>Then record as usual ({@code java -XX:StartFlightRecording:filename=app.jfr ...}) and read
 * the file with Mission Control or {@code jfr print --events go4j.Block --stack-depth 20 app.jfr}.
 * A {@value #BLOCK} event's stack trace is the waiter's, under a few frames of go4j's own (the
 * park and the listener that commits the event), which {@code jfr print}'s default depth of 5
 * frames fills.
 *
 * <p>Cost: nothing while no recording wants these events. Installing only registers a listener
 * for JFR's recording state changes; when a recording with one of the events enabled starts,
 * go4j-debug adds its listener to the core (which then reports starts, parks and unparks), and
 * when the last such recording stops, removes it, so that the core's listener is null again.
 * While it listens, each park costs an event object begun and kept in a thread-local until the
 * goroutine runs again (committed only above the threshold), and each wake-up a latency check;
 * the overhead has not been benchmarked yet.
 * Settings changed on a running recording, without starting or stopping one, take effect at the
 * next start or stop of any recording. {@value #DEADLOCK} needs no installation.
 */
public final class JfrEvents {
    /** The event name of a goroutine's start. */
    public static final String GOROUTINE_START = "go4j.GoroutineStart";
    /** The event name of a goroutine's end. */
    public static final String GOROUTINE_END = "go4j.GoroutineEnd";
    /** The event name of a park in a go4j primitive. */
    public static final String BLOCK = "go4j.Block";
    /** The event name of a wake-up of a parked goroutine, by its waker. */
    public static final String UNBLOCK = "go4j.Unblock";
    /** The event name of a contended Mutex or RWMutex hand-over. */
    public static final String MUTEX_CONTENTION = "go4j.MutexContention";
    /** The event name of a long scheduling latency. */
    public static final String SCHED_LATENCY = "go4j.SchedLatency";
    /** The event name of a deadlock found by go4j's detector. */
    public static final String DEADLOCK = "go4j.Deadlock";
    /** The event name of a task of the program (go4j-trace's {@code Trace.newTask}). */
    public static final String USER_TASK = "go4j.UserTask";
    /** The event name of a region of a goroutine's work (go4j-trace's {@code Trace.withRegion}). */
    public static final String USER_REGION = "go4j.UserRegion";
    /** The event name of a log message of the program (go4j-trace's {@code Trace.log}). */
    public static final String USER_LOG = "go4j.UserLog";

    private JfrEvents() {}

    /**
     * Makes go4j's events follow JFR's recordings from now on (see the class comment); nothing
     * if already installed. A recording already running gets the events from now on.
     */
    public static void install() {
        JfrBridge.install();
    }

    /** Stops producing go4j's events and removes go4j-debug's listener from the core; nothing if not installed. */
    public static void uninstall() {
        JfrBridge.uninstall();
    }

    /**
     * Returns whether go4j's events follow JFR's recordings.
     *
     * @return true between {@link #install()} and {@link #uninstall()}
     */
    public static boolean isInstalled() {
        return JfrBridge.installed();
    }

    /**
     * Returns whether go4j-debug listens to the core for JFR now: installed, and a running
     * recording wants one of the events that need the core's reports.
     *
     * @return true while a listener is added for JFR
     */
    public static boolean isListening() {
        return JfrBridge.listening();
    }
}
