package io.go4j.trace;

import io.go4j.Go;
import io.go4j.debug.internal.GoDuration;
import io.go4j.debug.internal.OnDeadlock;
import io.go4j.trace.internal.FlightWindow;
import io.go4j.trace.internal.agent.Agent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A FlightRecorder keeps the recent past of a go4j program's execution trace in memory, and
 * writes it on demand, as Go 1.25's {@code trace.FlightRecorder} does: start it once, and when
 * something goes wrong (a slow request, a deadlock, a failed health check) call
 * {@link #writeTo(OutputStream)} to save the last moments as a trace file that
 * {@code go tool trace} opens.
 *
 * <pre>{@code
 * FlightRecorder fr = new FlightRecorder(Duration.ofSeconds(5), 64 << 20);
 * fr.start();
 * ...
 * if (requestTook > threshold) {
 *     try (OutputStream out = Files.newOutputStream(Path.of("slow.trace"))) {
 *         fr.writeTo(out);
 *     }
 * }
 * }</pre>
 *
 * <p>It keeps at least the last {@code minAge} of events, and at most about {@code maxBytes} of
 * them in memory; when the two disagree, the byte bound wins (Go's {@code FlightRecorderConfig}).
 * The bound is enforced as events are recorded, a few times per {@code minAge} (at least every
 * 10 ms while events come), so the memory held may briefly exceed it by what the program records
 * in between. A written window begins mid-run: the goroutines that did nothing in it are shown as
 * they are when it is written, and the others from their first event in it.
 *
 * <p><b>On a deadlock.</b> While it runs, a flight recorder saves its window when go4j-debug's
 * deadlock watcher ({@code io.go4j.debug.Deadlocks}) reports a global deadlock, before the
 * process exits: to a new file {@code go4j-deadlock-*.trace} in the directory given to
 * {@link #snapshotOnDeadlock(Path)}, by default the system property {@value #SNAPSHOT_DIR_PROPERTY}
 * or else {@code java.io.tmpdir}; the report ends with the file's path. The trace shows the
 * deadlocked goroutines blocked, in their waits.
 *
 * <p><b>On a slow request.</b> {@link #watch(Duration)} times a piece of work, a request say, and
 * saves the window if the work took its threshold or longer, so that the trace of a slow request
 * is on disk without code around each call site:
 *
 * <pre>{@code
 * FlightRecorder fr = new FlightRecorder(Duration.ofSeconds(5), 64 << 20)
 *         .snapshotOnSlow(Path.of("/var/tmp/traces"), 8);   // at most 8 files there
 * fr.start();
 * ...
 * try (FlightRecorder.Watch w = fr.watch(Duration.ofMillis(500))) {
 *     handle(request);
 * }   // took 500 ms or more: the last 5 s are in /var/tmp/traces/go4j-slow-*.trace
 * }</pre>
 *
 * A storm of slow requests cannot fill the disk: a slow watch saves a snapshot only if the
 * previous one was saved at least {@code minAge} ago (the previous file already holds the
 * overlapping past), and only while the directory holds fewer than {@code maxFiles}
 * {@code go4j-slow-*.trace} files (deleting them makes room again). The disk used is thus at most
 * about {@code maxFiles} times the window's size, and at most one file per {@code minAge}. A
 * skipped slow watch still says it was slow ({@link Watch#slow()}).
 *
 * <p><b>At launch.</b> go4j-trace's jar is also a Java agent that starts one before {@code main},
 * with Go's defaults or the bounds it is given, in a program that need not create one:
 *
 * <pre>{@code
 * java -javaagent:go4j-trace.jar=flight,age=5s,bytes=64m -cp app.jar:go4j-trace.jar:go4j-debug.jar:go4j-core.jar Main
 * java -javaagent:go4j-trace.jar -Dgo4j.trace.flight=age=5s,bytes=64m ...   // the same: an empty argument reads the property
 * }</pre>
 *
 * {@code age} is a Go duration ({@code 500ms}, {@code 5s}, {@code 1m30s}), {@code bytes} a size
 * with the JVM's or Go's suffix ({@code 64m}, {@code 64MiB}); both positive. A bad option stops
 * the JVM before {@code main} with an {@link IllegalArgumentException} that names it. The program
 * reaches that recorder through {@link #launched()}, and {@link TraceHandler} answers its window
 * to {@code /debug/pprof/trace?flight=1}. It saves its window on a deadlock and on a slow watch as
 * a recorder started in code does, to the directory the system property
 * {@value #SNAPSHOT_DIR_PROPERTY} names (else {@code java.io.tmpdir}) unless the program says
 * otherwise; deadlocks are reported by go4j-debug's watcher, which its own agent starts
 * ({@code -javaagent:go4j-debug.jar -javaagent:go4j-trace.jar=flight}).
 *
 * <p>Only one trace records at a time, as in Go: a flight recorder and {@link Trace#start} exclude
 * each other. Thread-safe; {@link #writeTo} calls are serialised.
 */
public final class FlightRecorder {
    /** The age kept when none is given (zero), as Go's default. */
    public static final Duration DEFAULT_MIN_AGE = Duration.ofSeconds(10);
    /** The memory bound when none is given (zero), as Go's default: 10 MiB. */
    public static final long DEFAULT_MAX_BYTES = 10L << 20;

    /** The system property naming the default directory of deadlock and slow-request snapshots. */
    public static final String SNAPSHOT_DIR_PROPERTY = "go4j.trace.snapshotdir";
    /** How many slow-request snapshots a directory may hold when none is given (see {@link #snapshotOnSlow}). */
    public static final int DEFAULT_SLOW_SNAPSHOTS = 8;
    /** The file name prefix of slow-request snapshots; they end in {@code .trace}. */
    public static final String SLOW_PREFIX = "go4j-slow-";
    /**
     * The system property that gives the bounds of the recorder started at launch
     * ({@code -Dgo4j.trace.flight=age=5s,bytes=64m}) when go4j-trace's agent has no argument.
     */
    public static final String LAUNCH_PROPERTY = "go4j.trace.flight";

    private static final AtomicReference<FlightRecorder> RUNNING = new AtomicReference<>();   // set by start, cleared by stop

    private final Duration minAge;
    private final long maxBytes;
    private final OnDeadlock.Action onDeadlock = this::snapshotForDeadlock;
    private FlightWindow window;   // guarded by this
    private Path snapshotDir = defaultSnapshotDir();   // guarded by this; null: no snapshot
    private Path slowDir = defaultSnapshotDir();       // guarded by this; null: no slow snapshot
    private int slowMaxFiles = DEFAULT_SLOW_SNAPSHOTS; // guarded by this
    private final AtomicLong nextSlowSnapshot = new AtomicLong(System.nanoTime());   // nanoTime; CAS by a slow watch's close

    /**
     * Creates a flight recorder, not started.
     *
     * @param minAge   how much of the recent past to keep at least, e.g. 5 seconds; zero for
     *                 {@link #DEFAULT_MIN_AGE}
     * @param maxBytes how much memory the events may take at most, in bytes; zero for
     *                 {@link #DEFAULT_MAX_BYTES}
     * @throws IllegalArgumentException if {@code minAge} or {@code maxBytes} is negative
     * @throws NullPointerException     if {@code minAge} is null
     */
    public FlightRecorder(Duration minAge, long maxBytes) {
        Objects.requireNonNull(minAge, "minAge");
        if (minAge.isNegative()) {
            throw new IllegalArgumentException("go4j trace: negative flight recorder age " + minAge);
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("go4j trace: negative flight recorder size " + maxBytes);
        }
        this.minAge = minAge.isZero() ? DEFAULT_MIN_AGE : minAge;
        this.maxBytes = maxBytes == 0 ? DEFAULT_MAX_BYTES : maxBytes;
    }

    /**
     * Starts recording (Go's {@code FlightRecorder.Start}).
     *
     * @throws IllegalStateException if this recorder is running, or another trace is recording
     *         ("tracing is already enabled")
     */
    public synchronized void start() {
        if (window != null) {
            throw new IllegalStateException("go4j trace: flight recorder already started");
        }
        window = FlightWindow.start(Go.maxProcs(), minAge, maxBytes);
        RUNNING.set(this);   // one at most: FlightWindow.start refuses a second recording
        OnDeadlock.add(onDeadlock);
    }

    /**
     * Returns the flight recorder that go4j-trace's agent started before {@code main}
     * ({@code java -javaagent:go4j-trace.jar=flight ...}; see the class comment), so that the
     * program can {@linkplain #writeTo save its window}, {@linkplain #watch watch} slow requests
     * with it, or set where it saves its snapshots.
     *
     * <pre>{@code
     * FlightRecorder.launched().ifPresent(fr -> fr.snapshotOnSlow(Path.of("/var/tmp/traces"), 8));
     * }</pre>
     *
     * @return the launched recorder (running, unless the program has stopped it), or empty if the
     *         JVM was started without the agent
     */
    public static Optional<FlightRecorder> launched() {
        return Optional.ofNullable(Agent.launched());
    }

    /** The running flight recorder, launched or started in code ({@link TraceHandler}'s {@code flight=1}). */
    static Optional<FlightRecorder> running() {
        return Optional.ofNullable(RUNNING.get());
    }

    /**
     * Sets where this recorder's window goes when a deadlock is reported (see the class
     * comment); null saves nothing.
     *
     * @param dir the directory (created if missing), or null
     * @return this recorder
     */
    public synchronized FlightRecorder snapshotOnDeadlock(Path dir) {
        snapshotDir = dir;
        return this;
    }

    /** The deadlock watcher's action: the window, to a new file; the report's line. */
    private synchronized String snapshotForDeadlock() throws IOException {
        if (window == null || snapshotDir == null) {
            return null;
        }
        Files.createDirectories(snapshotDir);
        Path file = Files.createTempFile(snapshotDir, "go4j-deadlock-", ".trace");
        try (OutputStream out = Files.newOutputStream(file)) {
            window.writeTo(out);
        }
        return "go4j-trace: the flight recorder's recent past is in " + file.toAbsolutePath()
                + " (go tool trace " + file.toAbsolutePath() + ")";
    }

    /**
     * Sets where {@linkplain #watch slow watches} save this recorder's window, and how many such
     * files that directory may hold (see the class comment); a null directory saves nothing. By
     * default the directory of deadlock snapshots (the system property
     * {@value #SNAPSHOT_DIR_PROPERTY}, or else {@code java.io.tmpdir}) and
     * {@value #DEFAULT_SLOW_SNAPSHOTS} files.
     *
     * @param dir      the directory (created if missing), or null
     * @param maxFiles how many {@code go4j-slow-*.trace} files it may hold at most
     * @return this recorder
     * @throws IllegalArgumentException if {@code maxFiles} is negative
     */
    public synchronized FlightRecorder snapshotOnSlow(Path dir, int maxFiles) {
        if (maxFiles < 0) {
            throw new IllegalArgumentException("go4j trace: negative number of slow snapshots " + maxFiles);
        }
        slowDir = dir;
        slowMaxFiles = maxFiles;
        return this;
    }

    /**
     * Starts timing a piece of work (a request): closing the returned watch saves this recorder's
     * window to a new {@code go4j-slow-*.trace} file if the work took {@code threshold} or longer,
     * as {@link #snapshotOnSlow} says, and within the rate and disk bounds of the class comment.
     * The file is written by the thread that closes the watch, after the work, while recording
     * goes on. A watch of a recorder that is not running, or stops before the watch closes, saves
     * nothing. Closing a watch never throws: a snapshot that cannot be written is reported by
     * {@link Watch#failure()}.
     *
     * @param threshold how long the work may take without a snapshot
     * @return the running watch, to close when the work ends (try-with-resources)
     * @throws IllegalArgumentException if {@code threshold} is negative
     * @throws NullPointerException     if {@code threshold} is null
     */
    public Watch watch(Duration threshold) {
        Objects.requireNonNull(threshold, "threshold");
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("go4j trace: negative slow threshold " + threshold);
        }
        return new Watch(this, threshold.toNanos(), System.nanoTime());
    }

    /**
     * A Watch times one piece of work for {@link FlightRecorder#watch}; {@link #close()} decides
     * whether it was slow and saves the snapshot. Not for use by several threads at once.
     */
    public static final class Watch implements AutoCloseable {
        private final FlightRecorder recorder;
        private final long thresholdNanos;
        private final long startNanos;
        private boolean closed;
        private boolean slow;
        private Path snapshot;
        private IOException failure;

        private Watch(FlightRecorder recorder, long thresholdNanos, long startNanos) {
            this.recorder = recorder;
            this.thresholdNanos = thresholdNanos;
            this.startNanos = startNanos;
        }

        /** Ends the timing; saves the window if the work was slow (once; later calls do nothing). */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            slow = System.nanoTime() - startNanos >= thresholdNanos;
            if (slow) {
                try {
                    snapshot = recorder.snapshotForSlow();
                } catch (IOException e) {
                    failure = e;
                }
            }
        }

        /**
         * Reports whether the closed watch's work took its threshold or longer.
         *
         * @return true if slow; false if fast or not closed yet
         */
        public boolean slow() {
            return slow;
        }

        /**
         * The snapshot this watch saved.
         *
         * @return the file, or empty if the work was fast, the watch is not closed, or the bounds
         *         or a stopped recorder left the snapshot out
         */
        public Optional<Path> snapshot() {
            return Optional.ofNullable(snapshot);
        }

        /**
         * The error that kept a slow watch's snapshot from being written.
         *
         * @return the error, or empty
         */
        public Optional<IOException> failure() {
            return Optional.ofNullable(failure);
        }
    }

    /**
     * A slow watch's snapshot: claims the rate bound's slot by one CAS (the other slow watches of
     * a storm return at once, without waiting for this write), then checks the directory's count.
     */
    private Path snapshotForSlow() throws IOException {
        long now = System.nanoTime();
        long next = nextSlowSnapshot.get();
        if (now - next < 0 || !nextSlowSnapshot.compareAndSet(next, now + minAge.toNanos())) {
            return null;
        }
        synchronized (this) {
            if (window == null || slowDir == null || slowMaxFiles == 0) {
                return null;
            }
            Files.createDirectories(slowDir);
            try (DirectoryStream<Path> old = Files.newDirectoryStream(slowDir, SLOW_PREFIX + "*.trace")) {
                int n = 0;
                for (Path ignored : old) {
                    if (++n >= slowMaxFiles) {
                        return null;
                    }
                }
            }
            Path file = Files.createTempFile(slowDir, SLOW_PREFIX, ".trace");
            try (OutputStream out = Files.newOutputStream(file)) {
                window.writeTo(out);
            }
            return file;
        }
    }

    private static Path defaultSnapshotDir() {
        String dir = System.getProperty(SNAPSHOT_DIR_PROPERTY);
        return Path.of(dir != null && !dir.isEmpty() ? dir : System.getProperty("java.io.tmpdir"));
    }

    /**
     * Stops recording and drops what was kept (Go's {@code FlightRecorder.Stop}); nothing if it is
     * not running.
     */
    public synchronized void stop() {
        if (window != null) {
            OnDeadlock.remove(onDeadlock);
            RUNNING.compareAndSet(this, null);
            window.stop();
            window = null;
        }
    }

    /**
     * Reports whether this recorder is running (Go's {@code FlightRecorder.Enabled}).
     *
     * @return true between {@link #start} and {@link #stop}
     */
    public synchronized boolean isEnabled() {
        return window != null;
    }

    /**
     * Describes this recorder: its bounds and whether it runs, e.g.
     * {@code FlightRecorder[minAge=5s, maxBytes=67108864, running]}.
     *
     * @return the description
     */
    @Override
    public synchronized String toString() {
        return "FlightRecorder[minAge=" + GoDuration.format(minAge) + ", maxBytes=" + maxBytes + ", "
                + (window != null ? "running" : "stopped") + "]";
    }

    /**
     * Writes the recent past, as a complete trace in Go's format, to {@code out}; recording goes
     * on meanwhile (Go's {@code FlightRecorder.WriteTo}). {@code out} is not closed.
     *
     * @param out where the trace goes
     * @throws IllegalStateException if this recorder is not running
     * @throws IOException           if writing to {@code out} fails
     */
    public synchronized void writeTo(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        if (window == null) {
            throw new IllegalStateException("go4j trace: flight recorder not started");
        }
        window.writeTo(out);
    }
}
