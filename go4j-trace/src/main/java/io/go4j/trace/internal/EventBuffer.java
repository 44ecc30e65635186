package io.go4j.trace.internal;

/**
 * EventBuffer holds the events one thread (a goroutine, or a thread go4j adopted) recorded during
 * one trace: a chain of fixed-size chunks that only that thread appends to, so that recording
 * takes no lock and shares no written cache line with another thread.
 *
 * <p>Invariants: only the owner thread appends; an event is visible to readers once the chunk's
 * {@code size} covers it (the owner writes the event's words and reference, then {@code size},
 * a release); chunks are linked oldest first and a chunk, once full, never changes again.
 * Non-invariants: a reader may see fewer events than the owner has written (those in flight);
 * {@link #dropBefore} may unlink old chunks while the owner appends (it never unlinks the tail).
 */
final class EventBuffer {
    /*
     * Implementation notes.
     *
     * 1. An event is WORDS longs: its timestamp (System.nanoTime), its kind in the low 8 bits of
     *    the second word with its stack id above, and two arguments; plus one reference slot for
     *    what is not a number (a task's type, a log message, a creation site). Fixed-size records
     *    keep the append a few stores, with no allocation but one chunk per CHUNK_EVENTS events.
     * 2. The owner is the only writer of `tail` and of every chunk's contents; the reader (the
     *    writer of a trace, or the flight recorder's trimmer, serialised by the Recorder) is the
     *    only writer of `head`. A chunk is published to readers by the owner's volatile write of
     *    `next` (a new chunk) or of `size` (a new event).
     */

    static final int WORDS = 4;
    /** Events per chunk: 32 KiB of words. Empirical; revisit with the JMH overhead table. */
    static final int CHUNK_EVENTS = 1024;

    /** One block of events. */
    static final class Chunk {
        final long[] words = new long[CHUNK_EVENTS * WORDS];
        final Object[] refs = new Object[CHUNK_EVENTS];
        volatile int size;             // written by the owner (release) after each event
        volatile Chunk next;           // written once by the owner when this chunk is full

        long ts(int i) {
            return words[i * WORDS];
        }
    }

    final long goid;                   // the owner's goroutine id (its thread id)
    private volatile Chunk head;       // written by the reader only (dropBefore)
    private Chunk tail;                // owner only
    private int tailSize;              // owner only: tail.size without the volatile read

    EventBuffer(long goid) {
        this.goid = goid;
        this.head = this.tail = new Chunk();
    }

    /** Appends one event (owner thread only). */
    void add(long ts, int kind, int stack, long a, long b, Object ref) {
        Chunk c = tail;
        int i = tailSize;
        if (i == CHUNK_EVENTS) {
            Chunk n = new Chunk();
            c.next = n;
            tail = c = n;
            i = 0;
        }
        int w = i * WORDS;
        c.words[w] = ts;
        c.words[w + 1] = ((long) stack << 8) | kind;
        c.words[w + 2] = a;
        c.words[w + 3] = b;
        c.refs[i] = ref;
        tailSize = i + 1;
        c.size = i + 1;
    }

    /** The oldest chunk still linked (readers walk {@code next} from here). */
    Chunk head() {
        return head;
    }

    /**
     * Unlinks the chunks whose last event is older than {@code ts}, keeping the newest chunk
     * (reader only).
     *
     * @return how many events were dropped
     */
    int dropBefore(long ts) {
        int dropped = 0;
        Chunk h = head;
        Chunk n;
        while ((n = h.next) != null && h.size > 0 && h.ts(h.size - 1) < ts) {
            dropped += h.size;
            h = n;
        }
        head = h;
        return dropped;
    }

    static int kind(long word1) {
        return (int) (word1 & 0xff);
    }

    static int stack(long word1) {
        return (int) (word1 >>> 8);
    }
}
