package io.go4j.trace.internal;

import io.go4j.debug.internal.Frames;
import io.go4j.debug.internal.pprof.EventStack;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * StackTable deduplicates the stacks of one trace. A traced park or unpark asks for the current
 * thread's stack id ({@link #current}); what it costs is a stack walk, so the table takes the
 * cheapest walk that identifies the stack:
 * <ol>
 *   <li>a short walk of the top {@link #SHORT_FRAMES} frames (class and bytecode index only),
 *       compared with the thread's last few stacks ({@link Memo}): a goroutine that waits or
 *       wakes at the same place again reuses that stack's id;</li>
 *   <li>otherwise go4j-debug's capture of the whole stack ({@link EventStack}: classes and
 *       bytecode indexes, method names only where a frame's caller does not determine it), the
 *       key under which the table finds the stack;</li>
 *   <li>and only a stack not seen before is converted to {@link StackTraceElement}s (which
 *       resolves file and line) and cut to what a goroutine's stack shows ({@link Frames#shown},
 *       the rule of go4j's dumps and profiles, as Go's traces hide the runtime's own frames).</li>
 * </ol>
 *
 * <p>An event that names what it waits on or wakes ({@link #current(Memo, int, int, Object)}:
 * a park's wait reason and blocker, an unpark's woken goroutine's) takes even the short walk
 * only on a sample: between samples it reuses the stack its thread last took for the same kind,
 * reason and blocker. Samples come after a random number of events (1 to 2 x
 * {@link #SAMPLE_EVERY}, {@link #sampled()}), so that a thread that waits on one object at
 * several places shows each place in proportion to how often it waits there, as a sampled
 * profile does; an event with no blocker (a sleep, an annotation) is always walked.
 * {@code -Dgo4j.trace.stacks=exact} walks at every event.
 *
 * <p>Ids start at 1 (0 is Go's "no stack") and are stable for the table's life. Thread-safe:
 * lookups are lock-free; adding a new stack takes the table's lock; a {@link Memo} belongs to
 * one thread.
 *
 * <p>Non-invariants: an event between samples carries its key's last sampled stack, not
 * necessarily its own (when one thread waits on one object at several places). Step 1 is a
 * heuristic. Two stacks whose top {@link #SHORT_FRAMES} frames are
 * the same and that differ only below (one wait site reached from two callers, the difference
 * deeper than the short walk) are recorded on one thread as whichever was seen first, until the
 * memo entry is checked again with a whole walk (every {@link #RECHECK_EVERY}th reuse).
 */
final class StackTable {
    /*
     * Implementation notes.
     *
     * 1. What a walk costs (JDK 25, a virtual thread 25 frames deep, the shared 2-core machine;
     *    /tmp harness): StackWalker fills a frame object per frame of its batch (~150 ns each,
     *    reflectively) plus ~0.5 us per walk; asking a frame its method name costs ~250 ns more
     *    per frame. The first milestone walked 64 frames with an initial batch of 80 and named
     *    every frame: ~11 us an event, two parks and two unparks per ping-pong round trip. A
     *    walker whose estimated depth is the short walk's length fills one batch of that many:
     *    ~2.5 us for 12 frames, ~3 us for 16.
     * 2. SHORT_FRAMES: a park's top frames are the tracer's (StackTable.current, the Recorder's
     *    listener method), go4j-debug's fan-out, the core's switchboard, its registry and waiter,
     *    the primitive's internals (HChan.await, HChan.send) and its public call (Chan.send):
     *    about ten; sixteen leave several of the program's frames to tell the sites apart. The
     *    memo keeps MEMO_ENTRIES stacks per thread, replaced round robin: a loop that waits at a
     *    few places (a receive, a send, an unlock) hits it every time.
     * 3. The whole capture is the block profile's (go4j-debug's EventStack, one mechanism for
     *    "which stack is this, cheaply"); an incomplete capture (deeper than its limit) is never a
     *    key, so such a stack is converted each time (correct, as slow as the first milestone).
     * 4. The tracer's own frames (its internals, the Trace class) are dropped from the elements:
     *    the shown stack of a user annotation starts at its caller, as Go's trace.Log does. The
     *    keys include them, which only makes the keys of different events differ.
     * 5. Why sample (benchmarks/RESULTS.md, "Tracing on vs off"): even the short walk is ~3 us,
     *    and a park or an unpark on a channel-bound loop is ~1 us; walking at every event made
     *    a flight recorder cost 1.4-11x on the channel benchmarks. The blocker is what the core
     *    hands the tracer for free; a goroutine waits on a given channel at one place in almost
     *    every program, and where it does not, the random sample interval keeps every place's
     *    share right (a fixed interval would alias with a loop that alternates between places,
     *    and show one place only). A select's blocker is a fresh array of its channels: keys
     *    compare arrays by their elements.
     * 6. A memo is made with its thread's buffer (EventBuffer's constructor), its key entries
     *    first: in a ring of 1,000 goroutines every event's data is cold, and the key lookup that
     *    nearly every park and unpark does then reads lines next to the buffer's own instead of
     *    a memo allocated at the thread's first walk with ~700 bytes of walked-stack arrays
     *    before its keys (four arrays, now one). The walked-stack arrays are made at the first
     *    walk, so a thread that never waits costs only the keys (~180 bytes with the memo).
     */

    /** At most this many frames per stack (Go's traceStackSize is 128). */
    static final int MAX_DEPTH = 64;
    /** Frames the short walk compares (note 2). */
    static final int SHORT_FRAMES = 16;
    /** Stacks a thread's memo remembers (note 2). */
    static final int MEMO_ENTRIES = 4;
    /** A memo entry is checked with a whole walk once in this many reuses. */
    static final int RECHECK_EVERY = 64;

    /**
     * Keyed events reuse their key's stack for on average this many events between walks (note
     * 5). Empirical: at 64, the sampled walks were still 8% of a traced RingBenchmark's JFR
     * samples (a walk is ~3 us, an event on a hand-off loop well under one); 256 makes them ~2%,
     * and a place's share still converges (StackTableTest's two places). Revisit with the
     * overhead table (benchmarks/RESULTS.md) if walks get cheaper.
     */
    static final int SAMPLE_EVERY = 256;
    /** Keys a thread's memo remembers (note 5). */
    static final int MEMO_KEYS = 4;

    /** The short walk: one batch of SHORT_FRAMES frames (note 1). */
    private static final StackWalker SHORT =
            StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE), SHORT_FRAMES);
    /** The elements of a new stack: one batch for a whole stack. */
    private static final StackWalker ELEMENTS = StackWalker.getInstance(Set.of(), MAX_DEPTH + 16);

    /** Whether every event is walked ({@code -Dgo4j.trace.stacks=exact}) instead of sampled. */
    private final boolean exact;
    private final ConcurrentHashMap<EventStack, Integer> ids = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Integer> given = new ConcurrentHashMap<>();   // of(...)
    private final List<StackTraceElement[]> stacks = new ArrayList<>();   // guarded by this; id - 1

    /**
     * A table whose keyed events are sampled (note 5), or walked at every event.
     *
     * @param exact whether to walk at every event
     */
    StackTable(boolean exact) {
        this.exact = exact;
    }

    /**
     * A thread's last few stacks, by their top frames (owner thread only): what lets a goroutine
     * that waits at the same place again skip the whole walk.
     */
    static final class Memo implements Function<Stream<StackWalker.StackFrame>, Integer> {
        // The keyed events' last stacks (note 5), first and compact: they are what almost every
        // event reads (note 6). Per key k: kind and reason in one int at 3k, the stack id at
        // 3k + 1 (0: empty), the events until the next sample at 3k + 2; and the blocker.
        private final int[] keys = new int[3 * MEMO_KEYS];
        private final Object[] keyBlockers = new Object[MEMO_KEYS];
        private int nextKey;
        // The walked stacks (note 2), made at the first walk (note 6).
        private Class<?>[] classes;
        private int[] bcis;
        private int[] lengths;
        private int[] ids;                                 // 0: empty
        private int[] uses;
        private int next;                                  // the entry to replace next
        private Class<?>[] walkedClasses;
        private int[] walkedBcis;
        /** Short walks taken (tests). */
        int walks;

        /** Makes the walked stacks' arrays, at the first walk. */
        private void prepareWalks() {
            if (classes == null) {
                classes = new Class<?>[MEMO_ENTRIES * SHORT_FRAMES];
                bcis = new int[MEMO_ENTRIES * SHORT_FRAMES];
                lengths = new int[MEMO_ENTRIES];
                ids = new int[MEMO_ENTRIES];
                uses = new int[MEMO_ENTRIES];
                walkedClasses = new Class<?>[SHORT_FRAMES];
                walkedBcis = new int[SHORT_FRAMES];
            }
        }

        /** The key entry for this kind and blocker, or -1. */
        int findKey(int kind, Object blocker) {
            for (int k = 0; k < MEMO_KEYS; k++) {
                if (keys[3 * k + 1] != 0 && keys[3 * k] == kind && sameBlocker(keyBlockers[k], blocker)) {
                    return k;
                }
            }
            return -1;
        }

        /** Counts one event of key entry {@code k}; true if it is due for a sample. */
        boolean due(int k) {
            return --keys[3 * k + 2] <= 0;
        }

        /** Key entry {@code k}'s stack id. */
        int keyId(int k) {
            return keys[3 * k + 1];
        }

        /** Remembers stack {@code id} for the key, in entry {@code k} (or the next one if -1). */
        void rememberKey(int k, int kind, Object blocker, int id) {
            if (k < 0) {
                k = nextKey;
                nextKey = (nextKey + 1) % MEMO_KEYS;
                keys[3 * k] = kind;
                keyBlockers[k] = blocker instanceof Object[] a ? a.clone() : blocker;
            }
            keys[3 * k + 1] = id;
            keys[3 * k + 2] = sampled();
        }

        private static boolean sameBlocker(Object mine, Object given) {
            return mine == given
                    || (mine instanceof Object[] a && given instanceof Object[] b && Arrays.equals(a, b));
        }

        /** Fills the walked arrays from a short walk; returns how many frames it saw. */
        @Override
        public Integer apply(Stream<StackWalker.StackFrame> frames) {
            Iterator<StackWalker.StackFrame> it = frames.iterator();
            int n = 0;
            while (n < SHORT_FRAMES && it.hasNext()) {
                StackWalker.StackFrame f = it.next();
                walkedClasses[n] = f.getDeclaringClass();
                walkedBcis[n] = f.getByteCodeIndex();
                n++;
            }
            return n;
        }

        /** The entry whose top frames are the walked ones, or -1. */
        int find(int n) {
            for (int e = 0; e < MEMO_ENTRIES; e++) {
                if (ids[e] != 0 && lengths[e] == n && matches(e, n)) {
                    return e;
                }
            }
            return -1;
        }

        private boolean matches(int e, int n) {
            int base = e * SHORT_FRAMES;
            for (int i = 0; i < n; i++) {
                if (classes[base + i] != walkedClasses[i] || bcis[base + i] != walkedBcis[i]) {
                    return false;
                }
            }
            return true;
        }

        /** Remembers the walked frames as stack {@code id}, in entry {@code e} (or the next one if -1). */
        void remember(int e, int n, int id) {
            if (e < 0) {
                e = next;
                next = (next + 1) % MEMO_ENTRIES;
            }
            System.arraycopy(walkedClasses, 0, classes, e * SHORT_FRAMES, n);
            System.arraycopy(walkedBcis, 0, bcis, e * SHORT_FRAMES, n);
            lengths[e] = n;
            ids[e] = id;
            uses[e] = 0;
        }
    }

    /**
     * Returns the id of the current thread's stack, adding it if new.
     *
     * @param memo the current thread's memo
     */
    int current(Memo memo) {
        memo.prepareWalks();
        memo.walks++;
        int n = SHORT.walk(memo);
        int e = memo.find(n);
        if (e >= 0 && ++memo.uses[e] % RECHECK_EVERY != 0) {
            return memo.ids[e];
        }
        int id = whole();
        memo.remember(e, n, id);
        return id;
    }

    /**
     * Returns the id of the current thread's stack for an event keyed by what it waits on or wakes,
     * walking only on a sample (note 5).
     *
     * @param memo    the current thread's memo
     * @param kind    the event's kind and wait reason, as one number
     * @param blocker what the event waits on or wakes (a select's array of channels); null for
     *                none, and then the stack is walked
     */
    int current(Memo memo, int kind, Object blocker) {
        if (blocker == null || exact) {
            return current(memo);
        }
        int k = memo.findKey(kind, blocker);
        if (k >= 0 && !memo.due(k)) {
            return memo.keyId(k);
        }
        int id = current(memo);
        memo.rememberKey(k, kind, blocker, id);
        return id;
    }

    /** The events until a key's next sample: 1 to 2 x SAMPLE_EVERY, uniformly (note 5). */
    static int sampled() {
        return 1 + ThreadLocalRandom.current().nextInt(2 * SAMPLE_EVERY);
    }

    /**
     * Reads {@code -Dgo4j.trace.stacks}: {@code sampled} (the default) or {@code exact}.
     *
     * @return whether stacks are exact
     * @throws IllegalArgumentException for any other value
     */
    static boolean exactStacks() {
        String v = System.getProperty("go4j.trace.stacks", "sampled");
        return switch (v) {
            case "sampled" -> false;
            case "exact" -> true;
            default -> throw new IllegalArgumentException(
                    "go4j.trace.stacks must be sampled or exact, not " + v);
        };
    }

    /** Returns the id of the current thread's stack by a whole capture (note 3). */
    private int whole() {
        EventStack key = EventStack.capture();
        if (!key.isComplete()) {
            return of(Frames.shown(elements()));
        }
        Integer id = ids.get(key);
        return id != null ? id : add(key);
    }

    /** Returns the id of a stack given by its frames, adding it if new (creation sites, start frames). */
    int of(StackTraceElement... frames) {
        Key key = new Key(frames.clone());
        Integer id = given.get(key);
        return id != null ? id : addGiven(key, frames);
    }

    /** Returns the shown frames of stack {@code id}, innermost first. */
    synchronized StackTraceElement[] frames(int id) {
        return stacks.get(id - 1);
    }

    /** Returns how many stacks there are (ids 1..size). */
    synchronized int size() {
        return stacks.size();
    }

    private synchronized int add(EventStack key) {
        Integer id = ids.get(key);
        if (id != null) {
            return id;
        }
        // The elements come from a second walk (the caller's frames below the tracer's are the
        // same ones), so that the hit path never builds a StackTraceElement.
        int newId = addShown(Frames.shown(elements()));
        ids.put(key, newId);
        return newId;
    }

    /** The current stack's elements below the tracer's frames (note 4). */
    private static StackTraceElement[] elements() {
        return ELEMENTS.walk(frames -> frames
                .dropWhile(f -> isTracer(f.getClassName()))
                .limit(MAX_DEPTH)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .toArray(StackTraceElement[]::new));
    }

    /** The tracer's own frames, skipped at the top of a stack (note 2). */
    private static boolean isTracer(String cls) {
        return cls.startsWith("io.go4j.trace.internal.") || cls.equals("io.go4j.trace.Trace")
                || cls.startsWith("io.go4j.trace.Trace$");
    }

    private synchronized int addGiven(Key key, StackTraceElement[] shown) {
        Integer id = given.get(key);
        if (id != null) {
            return id;
        }
        int newId = addShown(shown);
        given.put(key, newId);
        return newId;
    }

    private synchronized int addShown(StackTraceElement[] shown) {
        stacks.add(shown);
        return stacks.size();
    }

    /** A stack given by its elements. */
    private record Key(StackTraceElement[] frames) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(frames, k.frames);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(frames);
        }
    }
}
