package io.go4j.trace.internal.analysis;

import java.util.Arrays;

/**
 * A LongIndex maps long keys (goroutine ids, stack ids) to values, for the {@link Matcher}'s
 * indexes of partial matches and its memo of stack tests: a lookup hashes the key where a
 * {@code HashMap<Long, ...>} would box it, hash the box and compare boxes.
 *
 * <p>Invariants: the table's length is a power of two, at most half full; a key is in at most one
 * slot, found by linear probing from its hash without crossing an empty slot (there is no
 * removal: {@link #clear} empties the whole table). Not thread-safe.
 */
final class LongIndex<V> {
    /*
     * Implementation notes.
     *
     * 1. Open addressing with linear probing, keys and values in parallel arrays. An empty slot
     *    is one whose value is null, so every long is a key, Long.MIN_VALUE included.
     * 2. The hash spreads the key's bits (Fibonacci hashing: the golden ratio's multiplier, the
     *    top bits kept): goroutine and stack ids are small consecutive numbers, which the low
     *    bits alone would put in consecutive slots.
     */

    private static final int MIN_CAPACITY = 16;

    private long[] keys = new long[MIN_CAPACITY];
    private Object[] values = new Object[MIN_CAPACITY];
    private int size;

    /** Returns the value of {@code key}, or null if it has none. */
    @SuppressWarnings("unchecked")
    V get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null || keys[i] == key) {
                return (V) v;
            }
        }
    }

    /** Sets the value of {@code key} (not null). */
    void put(long key, V value) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
        keys[i] = key;
        values[i] = java.util.Objects.requireNonNull(value);
        if (++size * 2 > keys.length) {
            grow();
        }
    }

    /** Removes every key. */
    void clear() {
        if (keys.length > MIN_CAPACITY) {
            keys = new long[MIN_CAPACITY];
            values = new Object[MIN_CAPACITY];
        } else {
            Arrays.fill(values, null);
        }
        size = 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldValues[j] != null) {
                int i = slot(oldKeys[j], mask);
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    private static int slot(long key, int mask) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }
}
