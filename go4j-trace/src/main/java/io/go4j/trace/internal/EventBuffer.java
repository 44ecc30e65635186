package io.go4j.trace.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * EventBuffer holds the events one thread (a goroutine, or a thread go4j adopted) recorded during
 * one trace: a chain of fixed-size chunks that only that thread appends to, so that recording
 * takes no lock and shares no written cache line with another thread.
 *
 * <p>Invariants: only the owner thread appends; an event is visible to readers once the chunk's
 * {@code size} covers it (the owner writes the event's words and reference, then {@code size},
 * a release); chunks are linked oldest first and a chunk, once full, never changes again.
 * Non-invariants: a reader may see fewer events than the owner has written (those in flight);
 * {@link #dropThrough} may unlink old chunks while the owner appends (it never unlinks the tail).
 */
final class EventBuffer {
    /*
     * Implementation notes.
     *
     * 1. An event is WORDS longs: its timestamp (System.nanoTime), its kind in the low 8 bits of
     *    the second word with its stack id in the 32 bits above and, in the top 24 bits, the
     *    processor it was recorded on plus one (0: not known; starts and resumes only), and two
     *    arguments; plus one reference slot for
     *    what is not a number (a task's type, a log message, a creation site). Fixed-size records
     *    keep the append a few stores, with no allocation but a new chunk when one is full
     *    (chunks double from FIRST_CHUNK_EVENTS to CHUNK_EVENTS: a goroutine with a handful of
     *    events costs a few hundred bytes, a busy one allocates once per CHUNK_EVENTS events).
     * 2. The owner is the only writer of `tail` and of every chunk's contents; the reader (the
     *    writer of a trace, or the flight recorder's trimmer, serialised by the Recorder) is the
     *    only writer of `head`. A chunk is published to readers by the owner's volatile write of
     *    `next` (a new chunk) or of `size` (a new event).
     * 3. `size` is published with a release store, which is all note 2 needs (a reader reads it
     *    with acquire semantics, then the events below it). A volatile store was a full fence
     *    (x86's locked instruction) after each event's stores, which waits for them to leave the
     *    store buffer: in a ring of 1,000 goroutines, each goroutine's tail chunk is cold, so the
     *    fence waited for a cache miss at every event (an experiment that recorded everything
     *    but appended nothing cost 1.30x on RingBenchmark against 1.82x appending). A reader that
     *    saw `ended` (a volatile written after `size`) sees the END event, as before.
     */

    static final int WORDS = 4;
    private static final int PROC_SHIFT = 40;
    /** Bytes an event takes in memory, for the flight recorder's bound: its words and reference. */
    static final int EVENT_BYTES = WORDS * Long.BYTES + 4;
    /**
     * Events in a thread's first chunk; each next chunk doubles, up to {@link #CHUNK_EVENTS}, so
     * that 100,000 goroutines with a few events each cost little. Empirical; revisit with the
     * JMH overhead table.
     */
    static final int FIRST_CHUNK_EVENTS = 16;
    /** Events in a full-size chunk: 32 KiB of words. Empirical, as above. */
    static final int CHUNK_EVENTS = 1024;

    /** One block of events. */
    static final class Chunk {
        final long[] words;
        final Object[] refs;
        volatile int size;             // written by the owner (a release store, setSize) after each event
        volatile Chunk next;           // written once by the owner when this chunk is full

        Chunk(int capacity) {
            words = new long[capacity * WORDS];
            refs = new Object[capacity];
        }

        int capacity() {
            return refs.length;
        }

        /**
         * Publishes the first {@code n} events: a release store, not a volatile one (note 3).
         */
        void setSize(int n) {
            SIZE.setRelease(this, n);
        }

        long ts(int i) {
            return words[i * WORDS];
        }
    }

    final long goid;                   // the owner's goroutine id (its thread id)
    Recorder recorder;                 // the recording it belongs to (null in tests' hand-made buffers);
                                       // written before the buffer is published to its owner's slot
    private volatile Chunk head;       // written by the reader only (dropThrough, release)
    private Chunk tail;                // owner only
    private int tailSize;              // owner only: tail.size without the volatile read
    private Chunk sealed;              // owner only: the chunk the last roll filled, until taken
    private volatile boolean ended;    // written once by the owner: its goroutine's END is recorded
    /** The owner's last stacks (owner only; made here, next to this buffer: StackTable's note 6). */
    final StackTable.Memo memo;

    EventBuffer(long goid) {
        this.goid = goid;
        this.memo = new StackTable.Memo();
        this.head = this.tail = new Chunk(FIRST_CHUNK_EVENTS);
    }

    /**
     * Appends one event (owner thread only).
     *
     * @return true if it began a new chunk (the full one is then {@link #takeSealed()}) or was the
     *         goroutine's END: the moments the flight recorder takes note of and checks its bounds
     */
    boolean add(long ts, int kind, int stack, long a, long b, Object ref) {
        return add(ts, kind, stack, -1, a, b, ref);
    }

    /**
     * Appends one event recorded on processor {@code proc} (-1: not known), owner thread only.
     *
     * @return true if it began a new chunk or was the goroutine's END (as {@link #add(long, int, int, long, long, Object)})
     */
    boolean add(long ts, int kind, int stack, int proc, long a, long b, Object ref) {
        Chunk c = tail;
        int i = tailSize;
        boolean rolled = false;
        if (i == c.capacity()) {
            Chunk n = new Chunk(Math.min(2 * c.capacity(), CHUNK_EVENTS));
            c.next = n;
            sealed = c;
            tail = c = n;
            i = 0;
            rolled = true;
        }
        int w = i * WORDS;
        c.words[w] = ts;
        c.words[w + 1] = ((long) (proc + 1) << PROC_SHIFT) | ((stack & 0xffff_ffffL) << 8) | kind;
        c.words[w + 2] = a;
        c.words[w + 3] = b;
        c.refs[i] = ref;
        tailSize = i + 1;
        c.setSize(i + 1);
        if (kind == Recorder.END) {
            ended = true;
            return true;
        }
        return rolled;
    }

    /**
     * The chunk the last new chunk sealed (full: it never changes again), once; null if none is
     * waiting (owner thread only).
     */
    Chunk takeSealed() {
        Chunk c = sealed;
        sealed = null;
        return c;
    }

    /** The chunk being appended to; once {@link #ended()}, the last one (owner thread only). */
    Chunk tail() {
        return tail;
    }

    /** Whether the owner's goroutine has ended: no event will follow. */
    boolean ended() {
        return ended;
    }

    /** How many events are linked (readers). */
    long retained() {
        long n = 0;
        for (Chunk c = head; c != null; c = c.next) {
            n += c.size;
        }
        return n;
    }

    /**
     * Drops the chunks before {@code c}, which the streaming writer has read to their end
     * (reader only; {@code c} is this buffer's, at or after its head).
     */
    void release(Chunk c) {
        head = c;
    }

    /** The oldest chunk still linked (readers walk {@code next} from here). */
    Chunk head() {
        return head;
    }

    /**
     * Unlinks {@code c}, a full chunk (not the tail), if it is the oldest one linked (reader only:
     * the flight recorder drops the chunks each thread sealed, in their order).
     */
    void dropThrough(Chunk c) {
        if (head == c) {
            head = c.next;
        }
    }

    static int kind(long word1) {
        return (int) (word1 & 0xff);
    }

    static int stack(long word1) {
        return (int) (word1 >>> 8);
    }

    /** The processor an event was recorded on (note 1), or -1 if not known. */
    static int proc(long word1) {
        return (int) (word1 >>> PROC_SHIFT) - 1;
    }

    // VarHandle mechanics
    private static final VarHandle SIZE;

    static {
        try {
            SIZE = MethodHandles.lookup().findVarHandle(Chunk.class, "size", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
