package io.go4j.debug.internal.leak;

import io.go4j.debug.Leaks;
import io.go4j.debug.internal.Snapshot;
import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.Hooks;
import io.go4j.internal.runtime.Registry;
import io.go4j.internal.runtime.WaitReason;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * LeakFinder proves goroutine leaks with the garbage collector, as Go 1.26's goroutineleak
 * profile does: a goroutine parked on a primitive that no running goroutine can reach is
 * garbage, so a collection that may reclaim parked goroutines reclaims exactly the leaked ones.
 * It keeps what every check proved, for dumps ({@code (leaked)}) and the goroutineleak profile.
 *
 * <p>A check: (1) takes every goroutine's stack, wait and labels (a {@link Snapshot}), keeping
 * only data (no thread, no blocker); (2) asks the registry to drop its strong references to the
 * threads ({@link Registry#collectLeaked}); (3) runs {@link System#gc()} until a canary weak
 * reference made before it is cleared (bounded: {@link #GC_BOUND_NANOS}); (4) takes back the
 * survivors; the goroutines whose threads were reclaimed are the leaks, reported with what step 1
 * captured of them if their wait has not changed since (else without a stack).
 *
 * <p>Invariants: a reported goroutine was parked and unreachable at the proving collection, so
 * nothing could ever have woken it (sound: no false reports). Its thread and everything only it
 * referenced are reclaimed; its record is kept here. Checks are serialised.
 *
 * <p>Non-invariants (misses): a goroutine that something live still references, however
 * uselessly (a list of threads, a Mutex it holds that a live goroutine can reach: go4j's Mutex
 * remembers its holder's thread), is not reported, as in Go.
 */
public final class LeakFinder {
    /** How long a check waits for the collector to run. Empirical; a full GC of a large heap can take seconds. */
    static final long GC_BOUND_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How many leaked goroutines are kept one by one (the oldest are dropped; the profile counts them all). */
    static final int MAX_KEPT = Leaks.MAX_KEPT;

    private static final ArrayDeque<Leaks.LeakedGoroutine> KEPT = new ArrayDeque<>();   // guarded by LeakFinder.class
    private static final Set<Long> KEPT_IDS = new LinkedHashSet<>();                    // guarded by LeakFinder.class
    private static final Map<List<Object>, long[]> GROUPS = new LinkedHashMap<>();     // (stack, labels) -> count; same guard
    private static final Map<List<StackTraceElement>, List<StackTraceElement>> STACKS = new HashMap<>(); // dedup; same guard

    private LeakFinder() {}

    /**
     * Returns whether leaks can be proven in this JVM: go4j's leak mode is on and the JDK does
     * not keep every virtual thread alive.
     *
     * @return true with {@code -Dgo4j.leakDetection=true -Djdk.trackAllThreads=false}
     */
    public static boolean enabled() {
        return Hooks.LEAK_DETECTION && "false".equals(System.getProperty("jdk.trackAllThreads"));
    }

    /**
     * Runs one check and returns the goroutines it proved leaked, ordered by id.
     *
     * @return the leaks found by this check
     * @throws IllegalStateException if leaks cannot be proven in this JVM, or the collector did
     *         not run within the bound
     */
    public static synchronized List<Leaks.LeakedGoroutine> check() {
        if (!Hooks.LEAK_DETECTION) {
            throw new IllegalStateException("go4j: leak detection is off; start the JVM with "
                    + "-Dgo4j.leakDetection=true -Djdk.trackAllThreads=false");
        }
        if (!"false".equals(System.getProperty("jdk.trackAllThreads"))) {
            throw new IllegalStateException("go4j: leak detection needs -Djdk.trackAllThreads=false: "
                    + "otherwise the JDK keeps every virtual thread reachable and no leak can be proven");
        }
        Map<Long, Captured> before = capture();
        List<Goroutine> reclaimed = Registry.collectLeaked(LeakFinder::collectGarbage);
        List<Leaks.LeakedGoroutine> found = new ArrayList<>();
        for (Goroutine g : reclaimed) {
            found.add(describe(g, before.get(g.id())));
        }
        found.sort(Comparator.comparingLong(Leaks.LeakedGoroutine::id));
        for (Leaks.LeakedGoroutine l : found) {
            keep(l);
        }
        return List.copyOf(found);
    }

    /**
     * Returns every leaked goroutine proven so far that is still kept (the most recent
     * {@value #MAX_KEPT}), oldest first.
     *
     * @return the leaks
     */
    public static synchronized List<Leaks.LeakedGoroutine> leaked() {
        return List.copyOf(KEPT);
    }

    /**
     * Returns the ids of the kept leaked goroutines: what a dump marks {@code (leaked)}.
     *
     * @return the ids, oldest first
     */
    public static synchronized Set<Long> leakedIds() {
        return Set.copyOf(KEPT_IDS);
    }

    /**
     * Returns every leak proven so far grouped by stack and labels, with counts (all of them,
     * kept or not), most frequent first: the samples of a goroutineleak profile.
     *
     * @return the groups
     */
    public static synchronized List<LeakProfile.Sample> groups() {
        List<LeakProfile.Sample> out = new ArrayList<>();
        for (Map.Entry<List<Object>, long[]> e : GROUPS.entrySet()) {
            @SuppressWarnings("unchecked")
            List<StackTraceElement> stack = (List<StackTraceElement>) e.getKey().get(0);
            @SuppressWarnings("unchecked")
            Map<String, String> labels = (Map<String, String>) e.getKey().get(1);
            out.add(new LeakProfile.Sample(stack, labels, e.getValue()[0]));
        }
        out.sort(Comparator.comparingLong(LeakProfile.Sample::count).reversed());
        return out;
    }

    /**
     * Returns {@code live} followed by the kept leaked goroutines (Go's dumps and goroutine
     * profile show the goroutines its GC proved leaked, marked {@code (leaked)}; go4j collected
     * them and shows their records). The same snapshot when none is kept.
     *
     * @param live a snapshot of the live goroutines
     * @return the snapshot with the kept leaks last
     */
    public static Snapshot withKept(Snapshot live) {
        return live.followedBy(keptEntries());
    }

    /**
     * Returns the kept leaked goroutines as snapshot entries ({@link Snapshot.Kind#LEAKED}: no
     * thread, state {@code WAITING}, the wait and stack taken before the proving collection),
     * oldest first.
     *
     * @return the entries
     */
    public static List<Snapshot.Entry> keptEntries() {
        List<Leaks.LeakedGoroutine> kept = leaked();
        if (kept.isEmpty()) {
            return List.of();
        }
        long nowNanos = System.nanoTime();
        Instant now = Instant.now();
        List<Snapshot.Entry> out = new ArrayList<>(kept.size());
        for (Leaks.LeakedGoroutine l : kept) {
            WaitReason reason = REASONS.get(l.waitReason());
            long since = reason == null || l.waitingSince() == null ? 0
                    : nowNanos - Duration.between(l.waitingSince(), now).toNanos();
            out.add(new Snapshot.Entry(l.id(), "", Snapshot.Kind.LEAKED, null, Thread.State.WAITING,
                    reason, null, since, l.creatorId(), l.createdBy(),
                    l.labels(), l.stack().toArray(StackTraceElement[]::new), false));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------

    /** The wait reasons by their Go text (a leak keeps the text). */
    private static final Map<String, WaitReason> REASONS = new HashMap<>();

    static {
        for (WaitReason r : WaitReason.values()) {
            REASONS.put(r.goText(), r);
        }
    }

    /** What a check captured of one goroutine before the proving collection: data only. */
    private record Captured(WaitReason reason, long sinceNanos, String status, List<StackTraceElement> stack) {}

    /**
     * Captures every goroutine that is not running. The snapshot (which holds threads and
     * blockers) is a local of this method, so nothing of it is reachable once it returns.
     */
    private static Map<Long, Captured> capture() {
        Snapshot s = Snapshot.take(true, false);
        Map<Long, Captured> out = new HashMap<>();
        Map<List<StackTraceElement>, List<StackTraceElement>> dedup = new HashMap<>();
        for (Snapshot.Entry e : s.goroutines()) {
            if (e.state() != Thread.State.RUNNABLE) {
                List<StackTraceElement> stack = dedup.computeIfAbsent(Arrays.asList(e.stack()), List::copyOf);
                out.put(e.id(), new Captured(e.waitReason(), e.waitSinceNanos(), e.status(), stack));
            }
        }
        return out;
    }

    /** Runs the collector until a canary made now is cleared; see the class comment. */
    private static void collectGarbage() {
        WeakReference<Object> canary = new WeakReference<>(new Object());
        long deadline = System.nanoTime() + GC_BOUND_NANOS;
        while (!canary.refersTo(null)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("go4j: the garbage collector did not run within "
                        + TimeUnit.NANOSECONDS.toSeconds(GC_BOUND_NANOS) + " s of System.gc() "
                        + "(-XX:+DisableExplicitGC?); no leak can be proven");
            }
            System.gc();
        }
    }

    private static Leaks.LeakedGoroutine describe(Goroutine g, Captured c) {
        WaitReason reason = g.waitReason();
        boolean same = c != null && c.reason() == reason && (reason == null || c.sinceNanos() == g.waitSinceNanos());
        String status = reason != null ? reason.goText() : same ? c.status() : "waiting";
        Instant since = g.waitingSince();
        return new Leaks.LeakedGoroutine(g.id(), status, since, g.creatorId(), g.createdBy(), g.labels(),
                same ? c.stack() : List.of());
    }

    /** Keeps one leak; called with the class lock held. */
    private static void keep(Leaks.LeakedGoroutine l) {
        List<StackTraceElement> stack = STACKS.computeIfAbsent(l.stack(), k -> k);
        Leaks.LeakedGoroutine shared = stack == l.stack() ? l : new Leaks.LeakedGoroutine(l.id(), l.waitReason(),
                l.waitingSince(), l.creatorId(), l.createdBy(), l.labels(), stack);
        KEPT.addLast(shared);
        KEPT_IDS.add(l.id());
        if (KEPT.size() > MAX_KEPT) {
            KEPT_IDS.remove(KEPT.removeFirst().id());
        }
        GROUPS.computeIfAbsent(List.of(stack, l.labels()), k -> new long[1])[0]++;
    }
}
