package io.go4j.debug;

import io.go4j.debug.internal.Snapshot;
import io.go4j.debug.internal.deadlock.DeadlockWatcher;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Deadlocks finds goroutines that can never run again. Its watcher does what Go's runtime does
 * when every goroutine is blocked: it prints {@code fatal error: all goroutines are asleep -
 * deadlock!}, a blank line and every goroutine's stack to standard error, and ends the process
 * with status 2.
 *
 * <pre>{@code
 * try (var watcher = Deadlocks.start(Deadlocks.Options.defaults())) {
 *     runTheProgram();
 * }
 * }</pre>
 *
 * <p><b>When it fires.</b> Only when every goroutine, main included (main is seen once it waits
 * in a go4j primitive), is parked in a go4j primitive without a deadline ({@code chan receive},
 * {@code sync.Mutex.Lock}, {@code select}...), no go4j timer can fire, no
 * {@code SignalContext} waits for the JVM's shutdown, no other thread could act (any live
 * platform thread that is not the JVM's own, whatever it is doing: running, sleeping, blocked in
 * I/O or in a JDK lock), and the JDK's thread dump lists no virtual thread that go4j has not
 * seen; and only when that picture is the same in two looks one interval apart, same goroutines
 * in the same waits begun at the same instants. False reports are worse than missed ones, so
 * whatever go4j cannot see prevents a report. In particular:
 * <ul>
 *   <li>With {@code -Djdk.trackAllThreads=false} (which {@link Leaks} needs) the JDK does not
 *       list plain virtual threads, so the watcher never reports a global deadlock.</li>
 *   <li>A program that waits for its own shutdown hook to wake a goroutine (through a go4j
 *       channel, say) is reported: the JVM does not list shutdown hooks. Use
 *       {@code SignalContext}, which the watcher knows, or {@link Action#REPORT}.</li>
 *   <li>A program with an idle platform thread of its own (an idle thread pool) is never
 *       reported, even if nothing will ever wake that thread.</li>
 * </ul>
 *
 * <p><b>Switching it on.</b> From the program, {@link #start(Options)}. For a program that never
 * calls go4j-debug, start the JVM with go4j-debug's jar as an agent,
 * {@code -javaagent:go4j-debug.jar} (exit mode) or {@code -javaagent:go4j-debug.jar=report}, with
 * go4j-debug and go4j-core on the class path; the agent reads its argument, else the system
 * property {@code go4j.deadlock} ({@code exit} or {@code report}), and starts the watcher before
 * {@code main}. {@link #startIfRequested()} does the same from code. The watcher's looks may load
 * go4j-core, whose launch switches ({@code go4j.*} properties) are then read: set them on the
 * command line, not in {@code main}.
 *
 * <p><b>Cost.</b> One daemon platform thread; a look every interval walks go4j's goroutine
 * registry without taking stacks. Once everything else says "deadlock" it asks the JDK for a
 * thread dump (about 45 µs per thread), retried less and less often while a hidden thread keeps
 * the same picture from being reported.
 */
public final class Deadlocks {
    /** The system property read by {@link #startIfRequested()} and the agent. */
    public static final String PROPERTY = "go4j.deadlock";

    private Deadlocks() {}

    /** What the watcher does once it has reported a global deadlock. */
    public enum Action {
        /** Halt the process with status 2, as Go does. */
        EXIT,
        /** Keep the process running and keep watching; each deadlock is reported once. */
        REPORT;

        /**
         * Parses an action as the property {@value Deadlocks#PROPERTY} and the agent spell it.
         *
         * @param text {@code exit} or {@code report} (any case, surrounding blanks ignored)
         * @return the action
         * @throws IllegalArgumentException for any other text
         */
        public static Action parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "exit" -> EXIT;
                case "report" -> REPORT;
                default -> throw new IllegalArgumentException(
                        "go4j: unknown deadlock action \"" + text + "\" (want exit or report)");
            };
        }
    }

    /**
     * How the watcher works.
     *
     * @param action   what to do after the report
     * @param interval the time between two looks; a deadlock is reported after about two of them
     * @param output   where the report goes (Go: standard error)
     */
    public record Options(Action action, Duration interval, PrintStream output) {
        /** The default interval between two looks. */
        public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);

        /**
         * Checks the options.
         *
         * @throws NullPointerException     if an argument is null
         * @throws IllegalArgumentException if {@code interval} is not positive
         */
        public Options {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(output, "output");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("deadlock watcher: interval must be positive, got " + interval);
            }
        }

        /**
         * Returns Go's behaviour: exit with status 2 after reporting to standard error, looking
         * every {@link #DEFAULT_INTERVAL}.
         *
         * @return the options
         */
        public static Options defaults() {
            return new Options(Action.EXIT, DEFAULT_INTERVAL, System.err);
        }

        /**
         * Returns these options with another action.
         *
         * @param action what to do after the report
         * @return the options
         */
        public Options withAction(Action action) {
            return new Options(action, interval, output);
        }

        /**
         * Returns these options with another interval.
         *
         * @param interval the time between two looks
         * @return the options
         */
        public Options withInterval(Duration interval) {
            return new Options(action, interval, output);
        }

        /**
         * Returns these options with another output.
         *
         * @param output where the report goes
         * @return the options
         */
        public Options withOutput(PrintStream output) {
            return new Options(action, interval, output);
        }
    }

    /**
     * Starts a watcher thread.
     *
     * @param options how it works
     * @return the watcher; closing it stops it
     */
    public static Watcher start(Options options) {
        Objects.requireNonNull(options, "options");
        DeadlockWatcher w = new DeadlockWatcher(options.action() == Action.EXIT, options.interval().toNanos(),
                options.output(), FULL_DUMP);
        w.start();
        return new Watcher(w);
    }

    /**
     * Starts a watcher if the system property {@value #PROPERTY} asks for one: {@code exit} or
     * {@code report} start one with that action and the default interval and output; no
     * property starts none.
     *
     * @return the watcher, or null if the property is not set
     * @throws IllegalArgumentException if the property has another value
     */
    public static Watcher startIfRequested() {
        String mode = System.getProperty(PROPERTY);
        return mode == null ? null : start(Options.defaults().withAction(Action.parse(mode)));
    }

    /** Writes Go's full goroutine dump; the snapshot it is given is not reused (the dump takes its own). */
    private static final Function<Snapshot, String> FULL_DUMP = s -> {
        StringBuilder b = new StringBuilder();
        try {
            GoroutineDump.write(b, GoroutineDump.Options.full());
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a StringBuilder does not throw
        }
        return b.toString();
    };

    /** A running deadlock watcher; closing it stops it. */
    public static final class Watcher implements AutoCloseable {
        private final DeadlockWatcher impl;

        private Watcher(DeadlockWatcher impl) {
            this.impl = impl;
        }

        /**
         * Returns whether the watcher is still watching.
         *
         * @return true until it is closed (or, in exit mode, the process ends)
         */
        public boolean running() {
            return impl.running();
        }

        /**
         * Returns how many global deadlocks it has reported (in report mode; in exit mode the
         * first report ends the process).
         *
         * @return the count
         */
        public int reports() {
            return impl.reports();
        }

        /** Stops the watcher and waits for its thread to end. */
        @Override
        public void close() {
            impl.close();
        }
    }
}
