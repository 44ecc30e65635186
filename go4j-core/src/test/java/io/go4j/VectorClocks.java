package io.go4j;

import io.go4j.internal.runtime.Hooks;

import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * VectorClocks is a minimal happens-before engine listening to go4j's happens-before events, the
 * way a race detector would (vector clocks, Go's race-runtime semantics: {@code release} stores
 * the thread's clock into the synchronisation object, {@code releaseMerge} joins it, {@code
 * acquire} joins the object's clock into the thread's). A test takes {@link #mark()}s in its
 * goroutines and asks whether one mark happens-before another, so the events are checked for what
 * they mean, not for their exact sequence.
 */
final class VectorClocks implements Hooks.SyncListener {
    /** A point in one thread's history: the thread's index and its clock at that point. */
    record Mark(int thread, int[] clock) {
        /** Returns whether this point happens-before {@code later}. */
        boolean happensBefore(Mark later) {
            return clock[thread] <= at(later.clock, thread);
        }
    }

    private final Map<Thread, Integer> index = new IdentityHashMap<>();
    private final List<int[]> threads = new java.util.ArrayList<>();
    private final Map<Key, int[]> syncs = new HashMap<>();
    private int events;

    private record Key(Object sync, long slot) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.sync == sync && k.slot == slot;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(sync) * 31 + Long.hashCode(slot);
        }
    }

    /** Records a point in the current thread's history. */
    synchronized Mark mark() {
        int t = indexOf(Thread.currentThread());
        int[] c = threads.get(t);
        Mark m = new Mark(t, c.clone());
        c[t]++;   // a later mark of this thread is a later point
        return m;
    }

    /** Returns how many events were received. */
    synchronized int events() {
        return events;
    }

    @Override
    public synchronized void goCreate(Thread parent, Thread child) {
        events++;
        int p = indexOf(parent);
        int c = indexOf(child);
        threads.set(c, join(threads.get(c), threads.get(p)));
        tick(p);
    }

    @Override
    public synchronized void goExit(Thread g) {
        events++;
    }

    @Override
    public synchronized void acquire(Thread by, Object sync, long slot) {
        events++;
        int t = indexOf(by);
        int[] s = syncs.get(new Key(sync, slot));
        if (s != null) {
            threads.set(t, join(threads.get(t), s));
        }
    }

    @Override
    public synchronized void release(Thread by, Object sync, long slot) {
        events++;
        int t = indexOf(by);
        syncs.put(new Key(sync, slot), threads.get(t).clone());
        tick(t);
    }

    @Override
    public synchronized void releaseMerge(Thread by, Object sync, long slot) {
        events++;
        int t = indexOf(by);
        syncs.merge(new Key(sync, slot), threads.get(t).clone(), VectorClocks::join);
        tick(t);
    }

    private void tick(int t) {
        threads.get(t)[t]++;
    }

    private int indexOf(Thread t) {
        Objects.requireNonNull(t, "thread");
        Integer i = index.get(t);
        if (i == null) {
            i = threads.size();
            index.put(t, i);
            int[] c = new int[0];
            threads.add(c);
        }
        int n = threads.size();
        for (int k = 0; k < n; k++) {   // grow every clock to the number of threads seen
            int[] c = threads.get(k);
            if (c.length < n) {
                int[] g = Arrays.copyOf(c, n);
                if (c.length <= k) {
                    g[k] = 1;   // a thread's own component starts at 1: mark 0 precedes nothing
                }
                threads.set(k, g);
            }
        }
        return i;
    }

    private static int at(int[] clock, int thread) {
        return thread < clock.length ? clock[thread] : 0;
    }

    private static int[] join(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, Math.max(a.length, b.length));
        for (int i = 0; i < b.length; i++) {
            r[i] = Math.max(r[i], b[i]);
        }
        return r;
    }
}
