package io.go4j.trace.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * FlightWindow is the flight recorder's recording: a {@link Recorder} whose oldest events are
 * dropped as it runs, so that it keeps about the last {@code minAge} of events, and never much
 * more than {@code maxBytes} of them (the bytes bound wins, as in Go's FlightRecorderConfig).
 *
 * <p>Invariant: every event recorded at or after {@link #windowStart} is still held (trimming
 * unlinks only chunks whose newest event is older). Non-invariant: chunks older than the window
 * may still be held (a thread's newest chunk is never unlinked; chunks leave in the order their
 * threads sealed them: note 3); the writer skips their events.
 */
public final class FlightWindow {
    /*
     * Implementation notes.
     *
     * 1. No thread of its own: trimming runs on a recording thread, when its buffer grows (its
     *    first event, a new chunk: at most every CHUNK_EVENTS events per thread) or its goroutine
     *    ends, by whoever wins the lock's tryLock: a recording thread never waits for it. It runs
     *    when the sealed chunks exceed the byte bound, else at most once per trim period (for
     *    the age). Between trims the window may exceed its age by what one period records.
     * 2. The trim never walks the buffers. A thread that fills a chunk (a new one begins) or
     *    ends (its tail is its last) hands that sealed chunk to `sealed`, a queue in sealing
     *    order, and adds its bytes to `sealedBytes`; the trim takes chunks from the queue's head
     *    while the head is older than the window or the sealed bytes exceed maxBytes, moving the
     *    window's start past each chunk it drops for the bound, and unlinks each from its buffer,
     *    whose head it is (one thread seals its chunks in its own order, and only the trim
     *    unlinks). A trim costs O(chunks dropped); the first version walked every buffer on each
     *    trim, and a goroutine the program waits for paid that on its critical path: 9% of a
     *    traced ring of 1,000 goroutines' samples at a 10 ms period (benchmarks/RESULTS.md, "The
     *    tracer's cost cut"); the version before, a walk per dropped chunk, cost that ring 11x.
     * 3. The queue is in sealing order, not in order of the chunks' newest events: a thread idle
     *    for a while seals a chunk of old events late, and it leaves with its neighbours in the
     *    queue, after newer chunks before it. So chunks older than the window may stay a while
     *    (the writer skips their events; the byte bound still counts them), and the byte bound
     *    may move the start past a chunk still held (its events are then skipped too): the
     *    invariant holds either way, since a chunk leaves only when all its events are before
     *    the start.
     * 4. A thread's newest chunk is not sealed until it fills, so it is never dropped, and is not
     *    in the byte count: the window holds at most maxBytes plus each thread's newest chunk.
     * 5. An ended goroutine's buffer leaves the recording with its last chunk, so that a
     *    long-running program with short-lived goroutines does not keep one buffer per goroutine
     *    it ever ran (the recording's buffers are a set: removal is O(1)).
     */

    private volatile Recorder recorder;   // written once by start, after listening began
    private final long minAgeNanos;
    private final long maxBytes;
    private final long trimPeriodNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile long nextTrim;   // written under lock
    private long windowStart;         // guarded by lock
    private final ConcurrentLinkedQueue<Sealed> sealed = new ConcurrentLinkedQueue<>();   // note 2
    private final AtomicLong sealedBytes = new AtomicLong();   // of the chunks in `sealed`

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
        Recorder r = Recorder.start(procs, w::grew);
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

    /** The bytes of events held now, newest chunks included (tests). */
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

    /** A thread's buffer grew or closed (Recorder's onGrowth, on that thread): notes 1, 2, 5. */
    private void grew(EventBuffer b) {
        EventBuffer.Chunk c = b.takeSealed();
        if (c != null) {
            seal(b, c, false);
        }
        if (b.ended()) {
            seal(b, b.tail(), true);
        }
        long now = System.nanoTime();
        if (recorder != null && (sealedBytes.get() > maxBytes || now - nextTrim >= 0) && lock.tryLock()) {
            try {
                trim(now);
            } finally {
                lock.unlock();
            }
        }
    }

    private void seal(EventBuffer b, EventBuffer.Chunk c, boolean last) {
        int size = c.size;   // > 0: a full chunk, or the last one, which holds the END
        sealed.add(new Sealed(b, c, c.ts(size - 1), size, last));
        sealedBytes.addAndGet((long) size * EventBuffer.EVENT_BYTES);
    }

    /** Drops what is older than the window, and more while over the byte bound (notes 2, 3). */
    private void trim(long now) {
        nextTrim = now + trimPeriodNanos;
        windowStart = Math.max(windowStart, now - minAgeNanos);
        Sealed s;
        while ((s = sealed.peek()) != null && (s.lastTs < windowStart || sealedBytes.get() > maxBytes)) {
            sealed.poll();
            sealedBytes.addAndGet(-(long) s.size * EventBuffer.EVENT_BYTES);
            windowStart = Math.max(windowStart, s.lastTs + 1);
            if (s.last) {
                recorder.remove(s.buffer);
            } else {
                s.buffer.dropThrough(s.chunk);
            }
        }
    }

    /** A chunk that will not change again (full, or its goroutine's last), with its newest event's time. */
    private record Sealed(EventBuffer buffer, EventBuffer.Chunk chunk, long lastTs, int size, boolean last) {}
}
