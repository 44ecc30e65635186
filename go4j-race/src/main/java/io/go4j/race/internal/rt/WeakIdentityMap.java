package io.go4j.race.internal.rt;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.function.Function;

/**
 * WeakIdentityMap maps objects, by identity, to the detector's state about them (shadow words,
 * synchronisation clocks, thread states), without keeping them alive: an entry goes when its key
 * is collected.
 *
 * <p>Invariants: a key is compared by {@code ==} and hashed by {@link System#identityHashCode}
 * (a Thread by its id: {@link #hash}), never by its own {@code equals}/{@code hashCode}
 * (application code, possibly instrumented, possibly racy). A value must not refer to its key strongly, or the entry never goes.
 */
final class WeakIdentityMap<V> {
    /*
     * Implementation notes.
     *
     * Lock striping: SEGMENTS independent chained hash tables, each guarded by its own RtLock,
     * chosen by the key's identity hash. Each segment has its own reference queue and expunges
     * collected entries when it inserts, so a map that is only read never shrinks (acceptable:
     * reads of a dead key cannot happen) and the cost of expunging is paid by the thread that
     * grows the table.
     */

    /** Number of segments; empirical (2 cores here, a few hundred threads): revisit with the JMH run. */
    private static final int SEGMENTS = 64;

    private final Segment<V>[] segments;

    @SuppressWarnings("unchecked")
    WeakIdentityMap() {
        segments = new Segment[SEGMENTS];
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = new Segment<>();
        }
    }

    /** Returns the value of {@code key}, or null. */
    V get(Object key) {
        int h = hash(key);
        return segments[h & (SEGMENTS - 1)].get(key, h);
    }

    /** Returns the value of {@code key}, computing and storing it first if there is none. */
    V computeIfAbsent(Object key, Function<Object, V> make) {
        int h = hash(key);
        return segments[h & (SEGMENTS - 1)].computeIfAbsent(key, h, make);
    }

    /** Stores {@code value} for {@code key}, replacing any. */
    void put(Object key, V value) {
        int h = hash(key);
        segments[h & (SEGMENTS - 1)].put(key, h, value);
    }

    /** Returns how many entries are stored (collected keys not yet expunged included). */
    int size() {
        int n = 0;
        for (Segment<V> s : segments) {
            s.lock();
            try {
                n += s.count;
            } finally {
                s.unlock();
            }
        }
        return n;
    }

    /**
     * A key's hash: its identity hash, except a Thread's, which is hashed by its id (unique and
     * fixed for the thread's life, so as good a hash of its identity). A new thread's identity
     * hash is made by a call into the VM; under the agent every goroutine start registers its
     * new thread here, and that call was a third of WaitGroupBenchmark's fan-out.
     */
    private static int hash(Object key) {
        int h = key instanceof Thread t ? Long.hashCode(t.threadId() * 0x9E3779B97F4A7C15L) : System.identityHashCode(key);
        return h ^ (h >>> 16);
    }

    private static final class Entry<V> extends WeakReference<Object> {
        final int hash;
        V value;
        Entry<V> next;

        Entry(Object key, int hash, V value, Entry<V> next, ReferenceQueue<Object> q) {
            super(key, q);
            this.hash = hash;
            this.value = value;
            this.next = next;
        }
    }

    private static final class Segment<V> extends RtLock {
        private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
        @SuppressWarnings("unchecked")
        private Entry<V>[] table = new Entry[16];   // guarded by this
        private int count;                           // guarded by this

        V get(Object key, int h) {
            lock();
            try {
                return find(key, h);
            } finally {
                unlock();
            }
        }

        private V find(Object key, int h) {
            for (Entry<V> e = table[(h >>> 6) & (table.length - 1)]; e != null; e = e.next) {
                if (e.hash == h && e.get() == key) {
                    return e.value;
                }
            }
            return null;
        }

        V computeIfAbsent(Object key, int h, Function<Object, V> make) {
            lock();
            try {
                V v = find(key, h);
                if (v == null) {
                    v = make.apply(key);
                    insert(key, h, v);
                }
                return v;
            } finally {
                unlock();
            }
        }

        void put(Object key, int h, V value) {
            lock();
            try {
                for (Entry<V> e = table[(h >>> 6) & (table.length - 1)]; e != null; e = e.next) {
                    if (e.hash == h && e.get() == key) {
                        e.value = value;
                        return;
                    }
                }
                insert(key, h, value);
            } finally {
                unlock();
            }
        }

        private void insert(Object key, int h, V value) {
            expunge();
            if (count >= table.length * 3 / 4) {
                resize();
            }
            int i = (h >>> 6) & (table.length - 1);
            table[i] = new Entry<>(key, h, value, table[i], queue);
            count++;
        }

        @SuppressWarnings("unchecked")
        private void expunge() {
            for (Object r; (r = queue.poll()) != null; ) {
                Entry<V> dead = (Entry<V>) r;
                int i = (dead.hash >>> 6) & (table.length - 1);
                Entry<V> prev = null;
                for (Entry<V> e = table[i]; e != null; prev = e, e = e.next) {
                    if (e == dead) {
                        if (prev == null) {
                            table[i] = e.next;
                        } else {
                            prev.next = e.next;
                        }
                        e.value = null;
                        count--;
                        break;
                    }
                }
            }
        }

        @SuppressWarnings("unchecked")
        private void resize() {
            Entry<V>[] old = table;
            Entry<V>[] t = new Entry[old.length * 2];
            for (Entry<V> head : old) {
                for (Entry<V> e = head; e != null; ) {
                    Entry<V> next = e.next;
                    int i = (e.hash >>> 6) & (t.length - 1);
                    e.next = t[i];
                    t[i] = e;
                    e = next;
                }
            }
            table = t;
        }
    }
}
