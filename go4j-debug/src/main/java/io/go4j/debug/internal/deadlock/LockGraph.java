package io.go4j.debug.internal.deadlock;

import io.go4j.debug.internal.Snapshot;
import io.go4j.internal.runtime.Blockers;
import io.go4j.internal.runtime.WaitReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * LockGraph finds partial deadlocks among go4j's locks in one {@link Snapshot}: cycles in the
 * wait-for graph whose edges go from a goroutine parked in {@code Mutex.lock},
 * {@code RWMutex.lock} or {@code RWMutex.rLock} to the goroutine holding that lock
 * ({@link Blockers#holderOf}), and the goroutines whose own lock waits lead into such a cycle.
 *
 * <p>Each goroutine waits for at most one lock, so each has at most one outgoing edge, and every
 * cycle is found by following edges from each goroutine once (a functional graph).
 *
 * <p>Non-invariants: the holder is a hint that may be a moment late, and a go4j Mutex (like Go's)
 * may be unlocked by a goroutine other than its locker, which go4j cannot rule out; so a cycle
 * is a deadlock unless some goroutine outside it unlocks one of its locks. One look can also
 * catch a cycle that is dissolving; {@link #sameCycles} compares two looks.
 */
public final class LockGraph {
    private static final Set<WaitReason> LOCK_WAITS =
            Set.of(WaitReason.SYNC_MUTEX_LOCK, WaitReason.SYNC_RWMUTEX_LOCK, WaitReason.SYNC_RWMUTEX_RLOCK);

    private LockGraph() {}

    /**
     * One edge: {@code waiter} is parked waiting for {@code lock}, which {@code holder} holds.
     *
     * @param waiter the waiting goroutine
     * @param lock   the lock (a {@code Mutex} or {@code RWMutex})
     * @param holder the holder's thread id
     */
    public record Edge(Snapshot.Entry waiter, Object lock, long holder) {
        /** @return the identity two looks compare: who waits since when for which lock */
        Object key() {
            return List.of(waiter.id(), waiter.waitSinceNanos(), System.identityHashCode(lock), holder);
        }
    }

    /**
     * A cycle and the goroutines stuck behind it.
     *
     * @param cycle  the edges of the cycle, starting with its lowest goroutine id
     * @param behind the lock waits outside the cycle whose chain of holders leads into it,
     *               ordered by goroutine id
     */
    public record Cycle(List<Edge> cycle, List<Edge> behind) {}

    /**
     * Finds every lock cycle in {@code s}.
     *
     * @param s a snapshot (stacks are not needed)
     * @return the cycles, ordered by their lowest goroutine id
     */
    public static List<Cycle> find(Snapshot s) {
        Map<Long, Edge> out = new LinkedHashMap<>();   // ordered by waiter id (the snapshot's order)
        for (Snapshot.Entry e : s.goroutines()) {
            if (e.waitReason() != null && LOCK_WAITS.contains(e.waitReason()) && e.state() == Thread.State.WAITING) {
                Thread holder = Blockers.holderOf(e.blocker());
                if (holder != null) {   // its own id too: a Mutex locked twice is a cycle of one
                    out.put(e.id(), new Edge(e, e.blocker(), holder.threadId()));
                }
            }
        }
        Map<Long, Integer> cycleOf = new HashMap<>();    // goroutine id -> index of its cycle
        List<List<Edge>> cycles = new ArrayList<>();
        Map<Long, Integer> state = new HashMap<>();      // 1: on the current path, 2: done
        for (long start : out.keySet()) {
            List<Long> path = new ArrayList<>();
            Long at = start;
            while (at != null && out.containsKey(at) && !state.containsKey(at)) {
                state.put(at, 1);
                path.add(at);
                at = out.get(at).holder();
            }
            if (at != null && state.getOrDefault(at, 0) == 1) {   // closed a new cycle at `at`
                List<Edge> cycle = new ArrayList<>();
                for (int i = path.indexOf(at); i < path.size(); i++) {
                    cycle.add(out.get(path.get(i)));
                    cycleOf.put(path.get(i), cycles.size());
                }
                cycles.add(rotateToLowest(cycle));
            }
            for (long id : path) {
                state.put(id, 2);
            }
        }
        List<List<Edge>> behind = new ArrayList<>();
        for (int i = 0; i < cycles.size(); i++) {
            behind.add(new ArrayList<>());
        }
        for (Edge e : out.values()) {
            if (!cycleOf.containsKey(e.waiter().id())) {
                Integer c = cycleReachedFrom(e.waiter().id(), out, cycleOf);
                if (c != null) {
                    behind.get(c).add(e);
                }
            }
        }
        List<Cycle> found = new ArrayList<>();
        for (int i = 0; i < cycles.size(); i++) {
            found.add(new Cycle(List.copyOf(cycles.get(i)), List.copyOf(behind.get(i))));
        }
        found.sort((a, b) -> Long.compare(a.cycle().get(0).waiter().id(), b.cycle().get(0).waiter().id()));
        return found;
    }

    /**
     * Returns the cycles of {@code now} that {@code before} had too: the same goroutines in the
     * same waits (begun at the same instants) for the same locks held by the same goroutines.
     *
     * @param before the earlier look's cycles
     * @param now    the later look's
     * @return the cycles of {@code now} confirmed by {@code before}
     */
    public static List<Cycle> sameCycles(List<Cycle> before, List<Cycle> now) {
        List<Object> keys = new ArrayList<>();
        for (Cycle c : before) {
            keys.add(key(c));
        }
        List<Cycle> confirmed = new ArrayList<>();
        for (Cycle c : now) {
            if (keys.contains(key(c))) {
                confirmed.add(c);
            }
        }
        return confirmed;
    }

    /**
     * Returns what identifies a cycle across looks.
     *
     * @param c a cycle
     * @return its key
     */
    public static Object key(Cycle c) {
        List<Object> k = new ArrayList<>();
        for (Edge e : c.cycle()) {
            k.add(e.key());
        }
        return k;
    }

    private static Integer cycleReachedFrom(long id, Map<Long, Edge> out, Map<Long, Integer> cycleOf) {
        Long at = id;
        for (int steps = 0; at != null && steps <= out.size(); steps++) {
            Integer c = cycleOf.get(at);
            if (c != null) {
                return c;
            }
            Edge e = out.get(at);
            at = e == null ? null : e.holder();
        }
        return null;
    }

    private static List<Edge> rotateToLowest(List<Edge> cycle) {
        int lowest = 0;
        for (int i = 1; i < cycle.size(); i++) {
            if (cycle.get(i).waiter().id() < cycle.get(lowest).waiter().id()) {
                lowest = i;
            }
        }
        List<Edge> rotated = new ArrayList<>(cycle.subList(lowest, cycle.size()));
        rotated.addAll(cycle.subList(0, lowest));
        return rotated;
    }
}
