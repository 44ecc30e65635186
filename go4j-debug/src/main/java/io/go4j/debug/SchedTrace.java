package io.go4j.debug;

import io.go4j.debug.internal.sched.SchedLines;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * SchedTrace prints Go's scheduler trace ({@code GODEBUG=schedtrace=N,scheddetail=1}): every
 * interval, one {@code SCHED} line in Go 1.19's format, with what go4j can know of the JDK's
 * virtual-thread scheduler and of its goroutines (see the module's README for each field).
 *
 * <pre>
 * SCHED 1004ms: gomaxprocs=2 idleprocs=1 threads=2 spinningthreads=0 idlethreads=1 runqueue=0 [0 0]
 * </pre>
 *
 * <p><b>Switching it on.</b> From the program, {@link #start}. Without code, the system property
 * {@value #PROPERTY} (milliseconds, as Go's {@code schedtrace=N}) and {@value #DETAIL_PROPERTY}
 * ({@code 1}), read by {@link #startIfRequested()} and by go4j-debug's agent
 * ({@code -javaagent:go4j-debug.jar}, which also starts the deadlock watcher):
 * {@code java -javaagent:go4j-debug.jar -Dgo4j.schedtrace=1000 ...}.
 *
 * <p><b>Cost.</b> One daemon platform thread; each line asks the JDK's scheduler bean for four
 * counts and, with detail, walks go4j's goroutine registry (no stacks).
 */
public final class SchedTrace implements AutoCloseable {
    /** The interval in milliseconds, Go's {@code GODEBUG=schedtrace=N}. */
    public static final String PROPERTY = "go4j.schedtrace";
    /** {@code 1} for a line per goroutine, Go's {@code GODEBUG=scheddetail=1}. */
    public static final String DETAIL_PROPERTY = "go4j.scheddetail";

    private final Thread thread;
    private volatile boolean closed;

    private SchedTrace(Duration interval, boolean detail, PrintStream out) {
        long every = interval.toNanos();
        thread = Thread.ofPlatform().daemon().name("go4j-schedtrace").unstarted(() -> {
            long start = System.nanoTime();   // as Go's starttime: the first line says 0ms
            long next = start;
            while (!closed) {
                String text = SchedLines.text((System.nanoTime() - start) / 1_000_000, detail);
                synchronized (out) {
                    out.print(text);
                    out.flush();
                }
                next += every;
                for (long left; !closed && (left = next - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(this, left);
                }
            }
        });
    }

    /**
     * Starts printing the scheduler trace every {@code interval} to {@code out}, the first line
     * now ({@code SCHED 0ms}).
     *
     * @param interval how often, at least 1 ms
     * @param detail   also a line per goroutine (Go's {@code scheddetail=1})
     * @param out      where the lines go (Go prints to stderr)
     * @return the running trace; {@link #close} stops it
     * @throws IllegalArgumentException if {@code interval} is under 1 ms
     */
    public static SchedTrace start(Duration interval, boolean detail, PrintStream out) {
        Objects.requireNonNull(out, "out");
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("go4j schedtrace: interval under 1 ms: " + interval);
        }
        SchedTrace t = new SchedTrace(interval, detail, out);
        t.thread.start();
        return t;
    }

    /**
     * Starts a trace to stderr if {@value #PROPERTY} asks for one (a positive number of
     * milliseconds), with detail if {@value #DETAIL_PROPERTY} is {@code 1}.
     *
     * @return the running trace, or null if the property is absent or 0 (Go's default: off)
     * @throws IllegalArgumentException if the property is not a number of milliseconds
     */
    public static SchedTrace startIfRequested() {
        String ms = System.getProperty(PROPERTY);
        if (ms == null || ms.isBlank()) {
            return null;
        }
        long n;
        try {
            n = Long.parseLong(ms.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " must be a number of milliseconds, not " + ms, e);
        }
        if (n <= 0) {
            return null;
        }
        return start(Duration.ofMillis(n), "1".equals(System.getProperty(DETAIL_PROPERTY, "").trim()), System.err);
    }

    /** Stops printing; a line being printed is finished. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
