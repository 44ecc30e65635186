package io.go4j.trace;

import io.go4j.Go;
import io.go4j.debug.internal.OnDeadlock;
import io.go4j.trace.internal.FlightWindow;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

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
 * <p>Only one trace records at a time, as in Go: a flight recorder and {@link Trace#start} exclude
 * each other. Thread-safe; {@link #writeTo} calls are serialised.
 */
public final class FlightRecorder {
    /** The age kept when none is given (zero), as Go's default. */
    public static final Duration DEFAULT_MIN_AGE = Duration.ofSeconds(10);
    /** The memory bound when none is given (zero), as Go's default: 10 MiB. */
    public static final long DEFAULT_MAX_BYTES = 10L << 20;

    /** The system property naming the default directory of deadlock snapshots. */
    public static final String SNAPSHOT_DIR_PROPERTY = "go4j.trace.snapshotdir";

    private final Duration minAge;
    private final long maxBytes;
    private final OnDeadlock.Action onDeadlock = this::snapshotForDeadlock;
    private FlightWindow window;   // guarded by this
    private Path snapshotDir = defaultSnapshotDir();   // guarded by this; null: no snapshot

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
        OnDeadlock.add(onDeadlock);
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
