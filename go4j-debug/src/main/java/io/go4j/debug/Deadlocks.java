package io.go4j.debug;

import io.go4j.debug.internal.LoggerStream;
import io.go4j.debug.internal.Snapshot;
import io.go4j.debug.internal.deadlock.DeadlockWatcher;
import io.go4j.debug.internal.deadlock.LockCycleReport;
import io.go4j.debug.internal.deadlock.LockGraph;
import io.go4j.internal.runtime.Hooks;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Deadlocks finds goroutines that can never run again. Its watcher does what Go's runtime does
 * when every goroutine is blocked: it prints {@code fatal error: all goroutines are asleep -
 * deadlock!}, a blank line and every goroutine's stack to standard error, and ends the process
 * with status 2. Beyond Go, {@link #lockCycles()} finds partial deadlocks among go4j's locks
 * while the rest of the program runs (and the watcher can report them as they appear), and
 * {@link Leaks} proves goroutines blocked for ever on primitives nothing can reach.
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
 * <p><b>Where reports go.</b> To standard error, as Go's runtime prints them, or to the
 * {@link Options#output() output} given. With {@code -Dgo4j.log=system} the default output is the
 * {@code System.Logger} named {@code io.go4j.deadlock} ({@code ERROR}, one message per report), so
 * that a {@code System.Logger} bridge (go4j-logging's README) sends the reports where the
 * application's logs go. In exit mode the report is handed to the output and flushed before the
 * process halts: a synchronous appender has written it; an asynchronous one (a queue drained by
 * its own thread) may lose it, since halting runs no shutdown hook.
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
     * @param action     what to do after the report
     * @param interval   the time between two looks; a deadlock is reported after about two of them
     * @param output     where the report goes (Go: standard error)
     * @param lockCycles beyond Go: also report each lock cycle ({@link #lockCycles()}) once, when
     *                   two consecutive looks find it, without stopping the program
     */
    public record Options(Action action, Duration interval, PrintStream output, boolean lockCycles) {
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
         * every {@link #DEFAULT_INTERVAL}. Under {@code -Dgo4j.log=system} (go4j-core's switch for
         * its own reports) the output is instead the {@code System.Logger} named
         * {@value io.go4j.debug.internal.LoggerStream#DEADLOCK_LOGGER}: each report one message
         * at {@code ERROR}, its lines kept, logged before the process halts.
         *
         * @return the options
         */
        public static Options defaults() {
            return new Options(Action.EXIT, DEFAULT_INTERVAL, defaultOutput(), false);
        }

        /** Standard error, or under {@code -Dgo4j.log=system} the deadlock reports' logger. */
        private static PrintStream defaultOutput() {
            return Hooks.SYSTEM_LOGGER
                    ? LoggerStream.of(LoggerStream.DEADLOCK_LOGGER, System.Logger.Level.ERROR)
                    : System.err;
        }

        /**
         * Returns these options with another action.
         *
         * @param action what to do after the report
         * @return the options
         */
        public Options withAction(Action action) {
            return new Options(action, interval, output, lockCycles);
        }

        /**
         * Returns these options with another interval.
         *
         * @param interval the time between two looks
         * @return the options
         */
        public Options withInterval(Duration interval) {
            return new Options(action, interval, output, lockCycles);
        }

        /**
         * Returns these options with another output.
         *
         * @param output where the report goes
         * @return the options
         */
        public Options withOutput(PrintStream output) {
            return new Options(action, interval, output, lockCycles);
        }

        /**
         * Returns these options with lock cycles reported, or not.
         *
         * @param lockCycles whether the watcher reports lock cycles too
         * @return the options
         */
        public Options withLockCycles(boolean lockCycles) {
            return new Options(action, interval, output, lockCycles);
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
                options.output(), FULL_DUMP, options.lockCycles());
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

    /**
     * Finds the lock cycles of the program now (beyond Go): goroutines each parked in
     * {@code Mutex.lock}, {@code RWMutex.lock} or {@code RWMutex.rLock} for a lock that the next
     * one holds, the last waiting for the first's (a goroutine that locks a Mutex it holds is a
     * cycle of one), with the goroutines whose lock waits lead into the cycle. The rest of the
     * program keeps running; nothing is stopped or reported.
     *
     * <p>It looks twice, {@value #CONFIRM_MILLIS} ms apart, and returns the cycles both looks
     * found with the same goroutines in the same waits (begun at the same instants). A cycle is
     * a deadlock unless a goroutine outside it unlocks one of its locks: a go4j Mutex, like Go's,
     * may be unlocked by a goroutine that did not lock it, which go4j cannot rule out. Goroutines
     * blocked for ever on channels and WaitGroups that no running goroutine can reach are found
     * by {@link Leaks}, which proves it with the garbage collector.
     *
     * @return the cycles, ordered by their lowest goroutine id; empty if there are none
     */
    public static List<LockCycle> lockCycles() {
        List<LockGraph.Cycle> first = LockGraph.find(Snapshot.take(false, false));
        if (first.isEmpty()) {
            return List.of();
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(CONFIRM_MILLIS));
        Snapshot again = Snapshot.take(false, false);
        return LockCycleReport.describe(LockGraph.sameCycles(first, LockGraph.find(again)), again.taken());
    }

    /** The pause between the two looks of {@link #lockCycles()}, in milliseconds. */
    public static final int CONFIRM_MILLIS = 20;

    /**
     * One goroutine of a lock cycle, waiting for a lock that another holds.
     *
     * @param goroutine  the waiting goroutine's id
     * @param waitReason its wait, in Go's words ({@code sync.Mutex.Lock}...)
     * @param lock       the lock it waits for (a {@code Mutex} or {@code RWMutex})
     * @param holder     the id of the goroutine (or thread) holding that lock
     * @param waited     how long it has waited
     * @param at         the innermost frame of the program (outside go4j and the JDK) where it
     *                   waits, or null if none is known
     */
    public record LockWait(long goroutine, String waitReason, Object lock, long holder, Duration waited,
                           StackTraceElement at) {
        /**
         * Returns one line: {@code goroutine 21 [sync.Mutex.Lock, 1204 ms]: waits for
         * io.go4j.sync.Mutex@1b6d3586 held by goroutine 22}, and the program's frame on a second
         * line if known.
         *
         * @return the text
         */
        public String describe() {
            return "goroutine " + goroutine + " [" + waitReason + ", " + waited.toMillis() + " ms]: waits for "
                    + lock.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(lock))
                    + " held by goroutine " + holder + (at == null ? "" : "\n\tat " + at);
        }
    }

    /**
     * A lock cycle (a partial deadlock) and the goroutines stuck behind it.
     *
     * @param cycle  the goroutines of the cycle, each waiting for a lock the next holds, the
     *               last for one the first holds, starting with the lowest id
     * @param behind goroutines outside the cycle whose lock waits lead into it, by id
     */
    public record LockCycle(List<LockWait> cycle, List<LockWait> behind) {
        /**
         * Returns the cycle as text for a person: a header line naming the goroutines, each
         * goroutine's {@link LockWait#describe()}, then those behind the cycle.
         *
         * @return the report, ending with a newline
         */
        public String report() {
            StringBuilder b = new StringBuilder("go4j: lock cycle (partial deadlock) among goroutines ");
            for (int i = 0; i < cycle.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(cycle.get(i).goroutine());
            }
            b.append('\n');
            for (LockWait w : cycle) {
                b.append(w.describe()).append('\n');
            }
            if (!behind.isEmpty()) {
                b.append("waiting behind the cycle:\n");
                for (LockWait w : behind) {
                    b.append(w.describe()).append('\n');
                }
            }
            return b.toString();
        }
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
