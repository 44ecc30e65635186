package io.go4j.trace.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * FlightWindow is the flight recorder's recording: a {@link Recorder} whose oldest events are
 * dropped as it runs, so that it keeps about the last {@code minAge} of events, and never much
 * more than {@code maxBytes} of them (the bytes bound wins, as in Go's FlightRecorderConfig).
 *
 * <p>Invariant: every event recorded at or after {@link #windowStart} is still held (trimming
 * unlinks only chunks whose newest event is older). Non-invariant: chunks older than the window
 * may still be held (a thread's newest chunk is never unlinked); the writer skips their events.
 */
public final class FlightWindow {
    /*
     * Implementation notes.
     *
     * 1. No thread of its own: trimming runs on a recording thread, when its buffer grows (its
     *    first event, a new chunk: at most every CHUNK_EVENTS events per thread), at most once per
     *    TRIM_PERIOD, by whoever wins the lock's tryLock: a recording thread never waits for it.
     *    A trim walks every buffer, so its cost grows with the number of threads that recorded;
     *    it is paid once per period. Between trims the window may exceed its bounds by what one
     *    period records.
     * 2. The byte bound: while the events held exceed maxBytes, the window's start moves past
     *    the oldest droppable chunk among all threads, and every chunk older than the start goes.
     *    One trim walks the buffers once and takes the droppable chunks oldest first from a heap
     *    of each buffer's next one (O(buffers + dropped chunks x log buffers)). It runs on a
     *    recording goroutine, and a goroutine the program waits for is on its critical path: the
     *    first version, which walked every buffer again for each chunk it dropped, made a ring of
     *    goroutines 11x slower with a recorder at its bound (benchmarks/RESULTS.md).
     * 3. A buffer whose goroutine has ended and whose every event is older than the window is
     *    removed entirely, so that a long-running program with short-lived goroutines does not
     *    keep one buffer per goroutine it ever ran.
     */

    private volatile Recorder recorder;   // written once by start, after listening began
    private final long minAgeNanos;
    private final long maxBytes;
    private final long trimPeriodNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile long nextTrim;   // written under lock
    private long windowStart;         // guarded by lock

    private FlightWindow(Duration minAge, long maxBytes) {
        this.minAgeNanos = minAge.toNanos();
        this.maxBytes = maxBytes;
        this.trimPeriodNanos = Math.max(Duration.ofMillis(10).toNanos(), minAgeNanos / 8);
    }

    /**
     * Starts recording into a window.
     *
     * @param procs    GOMAXPROCS
     * @param minAge   how much of the recent past to keep at least
     * @param maxBytes how many bytes of events to keep at most
     * @return the running window
     * @throws IllegalStateException if tracing is already enabled
     */
    public static FlightWindow start(int procs, Duration minAge, long maxBytes) {
        FlightWindow w = new FlightWindow(minAge, maxBytes);
        Recorder r = Recorder.start(procs, w::maybeTrim);
        w.lock.lock();
        try {
            w.windowStart = r.startNanos;
            w.nextTrim = r.startNanos + w.trimPeriodNanos;
            w.recorder = r;   // from now on, recording threads may trim
        } finally {
            w.lock.unlock();
        }
        Traces.begin(r);
        return w;
    }

    /** Stops recording; what the window holds can no longer be written. */
    public void stop() {
        Traces.end(recorder);
    }

    /**
     * Writes the window in Go's trace format.
     *
     * @param out where to write; not closed
     * @throws IOException if {@code out} throws
     */
    public void writeTo(OutputStream out) throws IOException {
        lock.lock();
        try {
            trim(System.nanoTime());
            GoTraceWriter.writeWindow(recorder, windowStart, Recorder.alive(), out);
        } finally {
            lock.unlock();
        }
    }

    /** The bytes of events held now (tests, and the bound's check). */
    long bytesHeld() {
        long events = 0;
        for (EventBuffer b : recorder.buffers()) {
            events += b.retained();
        }
        return events * EventBuffer.EVENT_BYTES;
    }

    /** Trims now, whatever the period (tests). */
    void trimNow() {
        trimAt(System.nanoTime());
    }

    /**
     * Trims as if the time were {@code now}, a {@link System#nanoTime()} time (tests: the age
     * bound is checked by moving the trim's clock past it, not by waiting for it to pass). The
     * window's start never moves back, so a later real trim or write keeps what this one dropped
     * dropped.
     */
    void trimAt(long now) {
        lock.lock();
        try {
            trim(now);
        } finally {
            lock.unlock();
        }
    }

    Recorder recorder() {
        return recorder;
    }

    private void maybeTrim() {
        long now = System.nanoTime();
        if (recorder != null && now - nextTrim >= 0 && lock.tryLock()) {
            try {
                trim(now);
            } finally {
                lock.unlock();
            }
        }
    }

    /** Drops what is older than the window, and more while over the byte bound (notes 2, 3). */
    private void trim(long now) {
        nextTrim = now + trimPeriodNanos;
        windowStart = Math.max(windowStart, now - minAgeNanos);
        long held = 0;
        PriorityQueue<Droppable> oldestFirst = new PriorityQueue<>();
        for (EventBuffer b : recorder.buffers()) {
            b.dropBefore(windowStart);
            EventBuffer.Chunk h = b.head();
            for (EventBuffer.Chunk c = h; c != null; c = c.next) {
                held += c.size;
            }
            Droppable d = Droppable.of(h);
            if (d != null) {
                oldestFirst.add(d);
            }
        }
        held *= EventBuffer.EVENT_BYTES;
        while (held > maxBytes && !oldestFirst.isEmpty()) {
            Droppable d = oldestFirst.poll();
            windowStart = Math.max(windowStart, d.lastTs + 1);
            held -= (long) d.chunk.size * EventBuffer.EVENT_BYTES;
            Droppable after = Droppable.of(d.chunk.next);
            if (after != null) {
                oldestFirst.add(after);
            }
        }
        dropBefore(windowStart);
    }

    /**
     * A chunk the bound may drop: full and followed by another (a thread's newest chunk never
     * goes), ordered by its newest event.
     */
    private record Droppable(EventBuffer.Chunk chunk, long lastTs) implements Comparable<Droppable> {
        static Droppable of(EventBuffer.Chunk c) {
            int size = c.size;
            return c.next != null && size > 0 ? new Droppable(c, c.ts(size - 1)) : null;
        }

        @Override
        public int compareTo(Droppable o) {
            return Long.compare(lastTs, o.lastTs);
        }
    }

    private void dropBefore(long ts) {
        for (Iterator<EventBuffer> it = recorder.buffers().iterator(); it.hasNext(); ) {
            EventBuffer b = it.next();
            b.dropBefore(ts);
            if (b.ended() && b.lastTs() < ts) {
                it.remove();
            }
        }
    }
}
