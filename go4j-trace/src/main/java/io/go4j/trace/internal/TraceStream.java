package io.go4j.trace.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * TraceStream writes a recording while it records, as Go's {@code runtime/trace} does: a
 * daemon thread drains the events older than {@link #LAG} every {@link #PERIOD} into the output
 * ({@link GoTraceWriter}'s note 9), so that a long trace costs the output's bytes, not memory.
 *
 * <p>Thread-safe: drains are serialised by this object's monitor.
 */
public final class TraceStream {
    /*
     * Implementation notes.
     *
     * 1. Why a thread of its own, and a platform one: draining is the writer's work, off every
     *    recording thread's path; a platform daemon thread never appears in the trace (it waits
     *    in no go4j primitive) and never keeps the JVM alive.
     * 2. LAG: a drain leaves the last LAG of events for the next one, so that an event whose
     *    thread read the clock but had not yet published it (descheduled between the two) is
     *    almost always replayed in its place; one published even later is still written, stamped
     *    after what was written (GoTraceWriter's note 3).
     * 3. A failing output: the first IOException is kept and thrown by stop(), as an unchecked
     *    exception from Trace.stop() (Go's trace.Stop ignores the writer's errors); the events
     *    that follow are drained into nothing, so that memory stays bounded.
     */

    /** How often the events are written. */
    static final Duration PERIOD = Duration.ofMillis(500);
    /** How far behind the clock a drain stops (note 2). */
    static final Duration LAG = Duration.ofMillis(100);

    private final Recorder recorder;
    private final GoTraceWriter writer;
    private final long periodNanos;
    private final Thread thread;
    private volatile boolean stopping;
    private IOException failure;   // guarded by this

    private TraceStream(Recorder recorder, GoTraceWriter writer, long periodNanos) {
        this.recorder = recorder;
        this.writer = writer;
        this.periodNanos = periodNanos;
        this.thread = Thread.ofPlatform().daemon().name("go4j-trace-writer").unstarted(this::loop);
    }

    /**
     * Starts writing {@code recorder} (just started) to {@code out}: the header now, the events
     * as they age. A failure of {@code out}, now or later, is thrown by {@link #stop()}.
     *
     * @param recorder the recording
     * @param out      where the trace goes; not closed
     * @return the stream
     */
    public static TraceStream start(Recorder recorder, OutputStream out) {
        return start(recorder, out, PERIOD);
    }

    /** {@link #start(Recorder, OutputStream)} with another period (tests). */
    static TraceStream start(Recorder recorder, OutputStream out, Duration period) {
        TraceStream s = new TraceStream(recorder, GoTraceWriter.stream(recorder), period.toNanos());
        synchronized (s) {
            try {
                s.writer.beginStream(out);
            } catch (IOException e) {
                s.fail(e);   // note 3
            }
        }
        s.thread.start();
        return s;
    }

    /**
     * Writes the rest of the trace once its recording has stopped, and waits until it is written.
     *
     * @throws IOException the first failure of the output, if any
     */
    public void stop() throws IOException {
        stopping = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;   // the trace is finished whatever; the interrupt is kept
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (failure == null) {
                try {
                    writer.finishStream(System.nanoTime());
                } catch (IOException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Drains the events older than LAG; keeps a failure of the output for stop (note 3). */
    synchronized void drain() {
        try {
            writer.drain(System.nanoTime() - LAG.toNanos());
        } catch (IOException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(new IOException("go4j trace: writing the trace failed: " + e, e));   // a bug of ours: reported by stop, not lost with the thread
        }
    }

    /** Keeps the first failure and stops writing (note 3); guarded by this. */
    private void fail(IOException e) {
        if (failure == null) {
            failure = e;
            writer.discardOutput();
        }
    }

    /**
     * Returns the recording this stream writes.
     *
     * @return the recording
     */
    public Recorder recorder() {
        return recorder;
    }

    private void loop() {
        while (!stopping) {
            LockSupport.parkNanos(this, periodNanos);
            if (!stopping) {
                drain();
            }
        }
    }
}
