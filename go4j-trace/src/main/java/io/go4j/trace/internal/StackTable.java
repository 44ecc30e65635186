package io.go4j.trace.internal;

import io.go4j.debug.internal.Frames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * StackTable deduplicates the stacks of one trace: a stack is taken with a {@link StackWalker}
 * and looked up by its raw frames (class, method, bytecode index); only a stack not seen before
 * is converted to {@link StackTraceElement}s (which resolves file and line, the costly part) and
 * cut to what a goroutine's stack shows ({@link Frames#shown}, the rule of go4j's dumps and
 * profiles, as Go's traces hide the runtime's own frames).
 *
 * <p>Ids start at 1 (0 is Go's "no stack") and are stable for the table's life. Thread-safe:
 * lookups are lock-free; adding a new stack takes the table's lock.
 */
final class StackTable {
    /*
     * Implementation notes.
     *
     * 1. The key holds the frames' Class objects (RETAIN_CLASS_REFERENCE), method names and
     *    bytecode indexes: equal keys are equal stacks, with no string building on a hit. A hit
     *    still walks the stack and allocates the key (three small arrays); that is the cost of a
     *    traced park or unpark beyond the append (measure it in the overhead table).
     * 2. The tracer's own frames (its internals, the Trace class) are skipped while walking: the shown stack of
     *    a user annotation starts at its caller, as Go's trace.Log does.
     */

    /** At most this many frames per stack (Go's traceStackSize is 128). */
    static final int MAX_DEPTH = 64;

    /** The walk's first batch holds a whole stack: one trip into the VM instead of a batch per 8 frames. */
    private static final StackWalker WALKER =
            StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE), MAX_DEPTH + 16);

    private final ConcurrentHashMap<Key, Integer> ids = new ConcurrentHashMap<>();
    private final List<StackTraceElement[]> stacks = new ArrayList<>();   // guarded by this; id - 1

    /** Returns the id of the current thread's stack, adding it if new. */
    int current() {
        Key key = WALKER.walk(frames -> {
            Object[] names = new Object[MAX_DEPTH * 2];
            int[] bcis = new int[MAX_DEPTH];
            int[] n = {0};
            frames.dropWhile(f -> isTracer(f.getClassName()))
                    .limit(MAX_DEPTH)
                    .forEach(f -> {
                        int i = n[0]++;
                        names[2 * i] = f.getDeclaringClass();
                        names[2 * i + 1] = f.getMethodName();
                        bcis[i] = f.getByteCodeIndex();
                    });
            return new Key(Arrays.copyOf(names, 2 * n[0]), Arrays.copyOf(bcis, n[0]));
        });
        Integer id = ids.get(key);
        return id != null ? id : add(key);
    }

    /** Returns the id of a stack given by its frames, adding it if new (creation sites, start frames). */
    int of(StackTraceElement... frames) {
        Key key = new Key(frames.clone(), new int[0]);
        Integer id = ids.get(key);
        return id != null ? id : addShown(key, frames);
    }

    /** Returns the shown frames of stack {@code id}, innermost first. */
    synchronized StackTraceElement[] frames(int id) {
        return stacks.get(id - 1);
    }

    /** Returns how many stacks there are (ids 1..size). */
    synchronized int size() {
        return stacks.size();
    }

    private int add(Key key) {
        // New: walk again for the elements (the caller's frames below the tracer's are the same
        // ones), so that the hit path never builds a StackTraceElement.
        StackTraceElement[] elements = WALKER.walk(frames -> frames
                .dropWhile(f -> isTracer(f.getClassName()))
                .limit(MAX_DEPTH)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .toArray(StackTraceElement[]::new));
        return addShown(key, Frames.shown(elements));
    }

    /** The tracer's own frames, skipped at the top of a stack (note 2). */
    private static boolean isTracer(String cls) {
        return cls.startsWith("io.go4j.trace.internal.") || cls.equals("io.go4j.trace.Trace")
                || cls.startsWith("io.go4j.trace.Trace$");
    }

    private synchronized int addShown(Key key, StackTraceElement[] shown) {
        Integer id = ids.get(key);
        if (id != null) {
            return id;
        }
        stacks.add(shown);
        int newId = stacks.size();
        ids.put(key, newId);
        return newId;
    }

    /** A stack's raw frames: (class, method name) pairs and bytecode indexes. */
    private record Key(Object[] names, int[] bcis) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(names, k.names) && Arrays.equals(bcis, k.bcis);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(names) + Arrays.hashCode(bcis);
        }
    }
}
