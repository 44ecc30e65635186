package io.go4j.debug.internal.pprof;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * EventCounts adds up sampled events per stack, for the block and mutex profiles (Go's
 * {@code bucket}s of {@code blockRecord}s): for each distinct stack, a count and a total delay.
 *
 * <p>Invariants: once {@link #MAX_STACKS} distinct stacks are kept, an event on a new stack is
 * added to one {@link #overflowStack() overflow} record instead, so the totals stay right and
 * memory stays bounded (by {@code MAX_STACKS} + 1, plus at most one stack per thread that raced
 * past the size check). Counts and delays only grow (Go's profiles are
 * cumulative since the program started; deltas are taken by subtracting two readings).
 *
 * <p>Non-invariant: a reading taken while events are being added may include some of them and
 * not others; each record is read consistently (its count with its delay).
 */
public final class EventCounts {
    /*
     * Implementation notes.
     *
     * Memory: a record holds its stack as the StackTraceElements of the first event with that
     * stack (the VM shares their class and method name strings), at most ProfileStacks.MAX_DEPTH
     * of them: ~1 KB for a typical 15-frame stack, ~4 KB at the cap, so MAX_STACKS bounds the
     * profile to ~4-16 MB. Go's buckets are unbounded and never freed; a Java program with
     * generated code (lambdas, proxies) can produce far more distinct stacks than a Go binary.
     *
     * Updates: a ConcurrentHashMap keyed by the stack, and a small lock per record (the events
     * are sampled and already slow: a goroutine just woke up, or a lock was handed over).
     *
     * Events (add(EventStack, ...)): the profiled program pays for these on its own threads, at
     * every sampled event, so the common case must not make StackTraceElements or ask frames
     * their method names. A second map, "shortcuts", goes from an event's capture (EventStack:
     * classes and bcis of every frame, the recorder's, the hidden and the thread start's
     * included) to its record. Only a capture not seen before takes the slow way (a second walk
     * that makes elements, cut by Frames' rule through ProfileStacks, looked up in "records" as
     * add(stack[]) does) and is then kept. Many captures may lead to one record (one call site
     * reached through different paths inside go4j, or through different hidden frames), never
     * one capture to two (EventStack's invariant).
     *
     * Cost of an event now: the walk (~100 ns a frame, plus ~0.8 us; a ping-pong's stacks have
     * ~25 frames), a ClassValue lookup a frame, an arithmetic hash, one map lookup and a
     * comparison by identity; the method names only of the few frames a lambda, a method handle,
     * reflection or native code calls. Measured before/after with a bounded main (a ping-pong of
     * two goroutines over unbuffered channels, block rate 1 and mutex fraction 1, 2-core shared
     * machine under heavy load, JDK 25, runs alternating the two jars, so only roughly): a
     * round trip (four events) went from ~23-45 us to mostly ~19-29 us (~4 us with profiling
     * off); one capture of a 30-frame stack, the two versions interleaved in one loop, from
     * ~7.7-10 us (walk, elements, Frames' cut, a key of elements) to ~5.5-6.4 us, of which
     * ~4.3-4.9 us is the walk. A stack through reflection or method handles pays
     * a name for each frame those call that a profile can show, and ~3 us for the descriptor of
     * such a frame whose method is overloaded (EventStack's note 2). The walk is what is left: StackWalker is the only public way to a frame's
     * bci, and a Throwable's cheaper capture (~35 ns a frame) can only be read as elements. Go's
     * own block profile at rate 1 costs about a microsecond an event; go4j's stays several times
     * that.
     *
     * The shortcuts are bounded by MAX_KEYS; past it, or for a stack deeper than the capture
     * walks (EventStack.MAX_FRAMES), an event takes the slow way each time (correct, as costly as
     * before).
     */

    /** Most distinct stacks kept. Empirical (see the notes on memory); revisit with real profiles. */
    public static final int MAX_STACKS = 4096;

    /**
     * Most captures remembered on the way to their stacks (see the notes on events): a few per
     * kept stack. Empirical, like {@link #MAX_STACKS}; a capture of 30 frames is ~0.5 KB.
     */
    public static final int MAX_KEYS = 2 * MAX_STACKS;

    private static final StackTraceElement[] OVERFLOW = {
        new StackTraceElement("io.go4j.debug.internal.pprof.EventCounts", "overflow", "EventCounts.java", 0)};

    private final ConcurrentHashMap<Key, Record> records = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<EventStack, Record> shortcuts = new ConcurrentHashMap<>();

    /** One stack's totals; count is a double because the block profile adds rate/duration. */
    private static final class Record {
        final StackTraceElement[] stack;
        double count;    // guarded by this
        long nanos;      // guarded by this

        Record(StackTraceElement[] stack) {
            this.stack = stack;
        }

        synchronized void add(double c, long n) {
            count += c;
            nanos += n;
        }
    }

    /** A stack as a map key: element-wise equality. */
    private record Key(StackTraceElement[] stack, int hash) {
        Key(StackTraceElement[] stack) {
            this(stack, Arrays.hashCode(stack));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.stack, stack);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * One stack's totals at a reading.
     *
     * @param stack the stack, innermost first
     * @param count the number of events (scaled as recorded)
     * @param nanos the total delay
     */
    public record Row(StackTraceElement[] stack, double count, long nanos) {}

    /** Creates an empty set of counts. */
    public EventCounts() {}

    /**
     * Returns the stack that stands for every stack beyond {@link #MAX_STACKS}.
     *
     * @return a one-frame stack naming this class's {@code overflow}
     */
    public static StackTraceElement[] overflowStack() {
        return OVERFLOW.clone();
    }

    /**
     * Adds one event (or a scaled share of events) on {@code stack}.
     *
     * @param stack the stack, innermost first; kept, not copied
     * @param count how many events it stands for
     * @param nanos the delay it stands for
     */
    public void add(StackTraceElement[] stack, double count, long nanos) {
        recordOf(stack).add(count, nanos);
    }

    /**
     * Adds one event (or a scaled share of events) on the current thread's stack, captured as
     * {@code stack} within the same report: the same as
     * {@code add(ProfileStacks.shownOfEvent(), count, nanos)}, without making the stack's
     * elements unless the capture is new (see the implementation notes).
     *
     * @param stack the event's capture ({@link ProfileStacks#ofEvent()}), on this thread
     * @param count how many events it stands for
     * @param nanos the delay it stands for
     */
    public void add(EventStack stack, double count, long nanos) {
        Record r = shortcuts.get(stack);
        if (r == null) {
            r = recordOf(ProfileStacks.shownOfEvent());
            if (stack.isComplete() && shortcuts.size() < MAX_KEYS) {
                shortcuts.putIfAbsent(stack, r);
            }
        }
        r.add(count, nanos);
    }

    private Record recordOf(StackTraceElement[] stack) {
        Key key = new Key(stack);
        Record r = records.get(key);
        if (r == null) {
            if (records.size() >= MAX_STACKS) {
                key = new Key(OVERFLOW);
            }
            r = records.computeIfAbsent(key, k -> new Record(k.stack));
        }
        return r;
    }

    /**
     * Returns the number of captures remembered (see the implementation notes).
     *
     * @return the count, at most {@link #MAX_KEYS}
     */
    public int keys() {
        return shortcuts.size();
    }

    /**
     * Returns the number of distinct stacks.
     *
     * @return the count
     */
    public int size() {
        return records.size();
    }

    /**
     * Returns every stack's totals, largest delay first (Go sorts by cycles).
     *
     * @return the rows
     */
    public List<Row> read() {
        List<Row> rows = new ArrayList<>(records.size());
        for (Record r : records.values()) {
            synchronized (r) {
                rows.add(new Row(r.stack, r.count, r.nanos));
            }
        }
        rows.sort(Comparator.comparingLong(Row::nanos).reversed());
        return rows;
    }
}
