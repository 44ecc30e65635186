package io.go4j.race.internal.rt;

import java.util.Arrays;

/**
 * CallNode is a node of the call-site trie: the chain of calls (each a call site of instrumented
 * code) a thread is inside. Its static side is the trie itself, the detector's history, bounded by
 * the {@code history_size} option. A thread's current node is its stack as instrumented code sees
 * it; an access records its thread's node as an id ({@link #record}), so that the report of a
 * later race can print the previous access's callers ("Previous write at ..." with frames), which
 * a stack walk can no longer see, or Go's {@code [failed to restore the stack]} once the id has
 * aged out of the history ({@link #restore} answers null).
 *
 * <p>Invariants: a node's {@code site}, {@code parent}, {@code depth} and {@code id} never change,
 * so a node describes its chain for as long as anyone holds it. The trie holds at most
 * {@link #capacity()} nodes besides {@link #ROOT}: those of the last {@link #GENERATIONS}
 * generations. A node's parent is {@code ROOT} or a node of its own generation; within a
 * generation there is one node per (parent, call site). {@code children} is copy-on-write:
 * readers scan the published array without a lock; {@code LOCK} is held to append to it or to
 * empty it.
 *
 * <p>Non-invariants: a thread's node, and the node a task saved, may belong to an older or a
 * retired generation (the thread has been inside that call since before the generation ended):
 * a retired node keeps its chain but has no children, and {@link #record} re-makes it in the
 * current generation before an access records it. Two nodes of different generations may
 * describe the same chain, and a chain may have no node in the current generation.
 */
final class CallNode {
    /*
     * Implementation notes.
     *
     * 1. What history_size bounds, in Go and here. Go's race runtime (TSan) keeps, per goroutine,
     *    a ring of its last 32K << history_size events (accesses, function entries and exits), and
     *    rebuilds a previous access's stack by replaying that ring up to the access; once the ring
     *    has wrapped past the access, the stack cannot be rebuilt. TSan v2 (Go up to 1.18) then
     *    prints "  [failed to restore the stack]" in place of the frames; TSan v3 (Go 1.19 on)
     *    drops the whole report instead (a run of go1.19.8 here, GORACE=history_size=0 and 7 alike:
     *    a goroutine writes x, makes 100,000 calls, then main writes x: no report; with 20,000
     *    calls, the report). We print v2's line and keep the report: the race is real, only its
     *    second stack is lost, and our detection does not depend on the history at all.
     *    Here an access costs no history: it records the id of a node that already exists. What
     *    costs history is a call chain entered for the first time (one node per new call site in
     *    a chain), and the trie is shared by all threads. So history_size N bounds the number of
     *    nodes, process-wide, to capacity() = 32K << N: Go's numbers, in a unit (a new chain's
     *    node rather than an event) that a program which keeps walking the same paths never
     *    spends. Not per goroutine: the trie is shared, and a bound per goroutine would not
     *    bound it (100,000 live goroutines). A node costs ~60 bytes (the object, its slot in its
     *    parent's children and in the arena): ~4 MB at the default size 1, ~250 MB at 7.
     *
     * 2. Ageing by generations. Nodes are made in generations of capacity()/GENERATIONS. When the
     *    current one is full, the next starts (rollOver): ROOT loses its children, so chains are
     *    made again as threads enter them, and the oldest of the GENERATIONS kept is retired: its
     *    nodes leave the arena and lose their children. An access records an id (generation,
     *    index in the generation's arena), never the node, so that a location's shadow keeps no
     *    node alive; restore(id) finds the node while its generation is kept. A retired node
     *    stays reachable only from a thread inside it (its t.node, or a task's saved stack), and
     *    then only its own chain (parents, at most MAX_DEPTH), never the rest of its generation:
     *    its children were cut. So memory is the capacity plus the live threads' own chains,
     *    whatever the program's distinct call chains. What a report can look back to, like Go's
     *    ring: an id stays restorable while at most capacity() * (GENERATIONS - 1) / GENERATIONS
     *    nodes have been made after it, and is lost once more than capacity() have (it is
     *    retired with its generation somewhere in between). HistorySizeTest runs one program
     *    in that gap: 40,000 new nodes lose the previous stack at size 0 (32K) and keep it at
     *    the default size 1 (64K, kept for at least 48K).
     *
     * 3. Tempting and wrong. (a) A cap that stops making nodes once reached, recording "unknown"
     *    from then on: bounded, but a long-running program would keep the stacks of its
     *    start-up forever and lose those of every path it enters later, the opposite of Go's
     *    ring. (b) Keeping the node itself in VarState (the first milestone did): a retired node
     *    would keep its chain and, through each parent's children, its whole generation alive:
     *    memory bounded by nothing. (c) An exact ring of nodes (overwrite the oldest node, not a
     *    generation): a thread deep in a long call is inside some of the oldest nodes, its
     *    ancestors; overwriting them would lose the chain it pops back to. With generations the
     *    thread keeps its retired chain and re-makes it when it records.
     *
     * 4. The lock. Entering a known call (nearly every call) takes no lock: one scan of the
     *    published children. Making a node, rolling over and restoring hold LOCK, an RtLock and a
     *    leaf (nothing is taken under it; Detector records and Reporter restores under a
     *    shadow's lock). A rollover walks the retired generation under the lock, capacity() /
     *    GENERATIONS nodes (8K at size 0, 1M at size 7, milliseconds), paid once per as many
     *    nodes made; threads that only enter known calls do not wait for it.
     *
     * 5. Threads in an older generation. pop needs only parents, which never change; enter()
     *    finds a kept older node's children, and for a node it must make, re-makes its caller's
     *    chain in the current generation first (a node's parent is of its generation); record()
     *    re-makes the thread's chain before an access records it, so an access always records a
     *    current id and gets the whole window of note 2. Re-making under LOCK can roll over
     *    midway (the current generation filled up): it starts again, and a fresh generation has
     *    room for a whole chain (MAX_DEPTH <= the smallest generation), so it ends.
     */

    private static final CallNode[] NONE = new CallNode[0];   // before ROOT: ROOT's constructor reads it

    /** The empty stack: a thread's node before its first instrumented call; in no generation. */
    static final CallNode ROOT = new CallNode(-1, null, -1L);
    /** Deepest chain kept; calls below it are counted, not recorded. Empirical (Go prints ~30 frames). */
    static final int MAX_DEPTH = 64;
    /** The history of history_size 0, in nodes: Go's 32K events (note 1); size N keeps this << N. */
    static final int HISTORY_UNIT = 32 * 1024;
    /**
     * Generations the history is made in (note 2), a power of two. Empirical: more make what a
     * report can look back to closer to exactly capacity() nodes, and rollovers shorter but more
     * frequent. Revisit if rollover pauses show up at large history sizes.
     */
    static final int GENERATIONS = 4;
    /** An arena's first length; it doubles up to the generation's size. */
    private static final int ARENA_START = 256;

    private static final RtLock LOCK = new RtLock();
    private static final CallNode[][] ARENA = new CallNode[GENERATIONS][];  // generation g's nodes at [g % GENERATIONS]; guarded by LOCK
    private static final int[] MADE = new int[GENERATIONS];   // nodes in each arena; guarded by LOCK
    private static int generationSize;                         // capacity() / GENERATIONS; written under LOCK
    private static volatile int generation;                    // the current one; written under LOCK, read without by isCurrent

    static {
        configure(Options.DEFAULT_HISTORY_SIZE);
    }

    final int site;          // the call site (Sites), or -1 for ROOT
    final CallNode parent;   // null for ROOT
    final int depth;
    final long id;           // generation << 32 | index in its arena; -1 for ROOT
    private volatile CallNode[] children = NONE;   // copy-on-write, under LOCK

    private CallNode(int site, CallNode parent, long id) {
        this.site = site;
        this.parent = parent;
        this.depth = parent == null ? 0 : parent.depth + 1;
        this.id = id;
    }

    /**
     * Starts an empty history of {@code historySize} (Go's {@code history_size}, 0 to 7): at most
     * {@code 32K << historySize} nodes. Every node made before is retired, so its ids no longer
     * restore. Called at start-up, before any instrumented code runs (and by tests).
     *
     * @param historySize the option's value
     */
    static void configure(int historySize) {
        LOCK.lock();
        try {
            for (int i = 0; i < GENERATIONS; i++) {
                if (ARENA[i] != null) {
                    retireLocked(i);
                }
                ARENA[i] = new CallNode[ARENA_START];
            }
            generationSize = (HISTORY_UNIT << historySize) / GENERATIONS;
            ROOT.children = NONE;
            generation += GENERATIONS;   // no id made before matches a kept generation
        } finally {
            LOCK.unlock();
        }
    }

    /** Returns the most nodes the history holds (besides ROOT): {@code 32K << history_size}. */
    static int capacity() {
        return generationSize * GENERATIONS;
    }

    /** Returns how many nodes the history holds now (besides ROOT), at most {@link #capacity()}. */
    static int nodes() {
        LOCK.lock();
        try {
            int n = 0;
            for (int m : MADE) {
                n += m;
            }
            return n;
        } finally {
            LOCK.unlock();
        }
    }

    /**
     * Returns the node for a call at {@code site} from {@code from}: its child if it has one,
     * else one made in the current generation (re-making {@code from}'s chain there if
     * {@code from} is older).
     *
     * @param from the caller's node
     * @param site the call site
     * @return the callee's node
     */
    static CallNode enter(CallNode from, int site) {
        CallNode n = from.find(site);
        if (n != null) {
            return n;
        }
        LOCK.lock();
        try {
            for (;;) {
                CallNode p = isCurrent(from) ? from : remakeLocked(from);
                n = p.find(site);
                if (n == null) {
                    n = makeLocked(p, site);
                }
                if (n != null) {
                    return n;
                }
                from = p;   // the generation filled up and p is older now: again (note 5)
            }
        } finally {
            LOCK.unlock();
        }
    }

    /**
     * Returns the id of {@code t}'s current chain, for an access to record, first re-making the
     * chain in the current generation if {@code t} has been inside it since an older one.
     *
     * @param t the current thread's state
     * @return the id, which {@link #restore} turns back into the node while it is kept
     */
    static long record(ThreadState t) {
        CallNode n = t.node;
        if (!isCurrent(n)) {
            LOCK.lock();
            try {
                n = remakeLocked(n);
            } finally {
                LOCK.unlock();
            }
            t.node = n;
        }
        return n.id;
    }

    /**
     * Returns the node an access recorded, or null if its generation was retired (Go's "failed to
     * restore the stack").
     *
     * @param id what {@link #record} returned
     * @return the node, whose chain (parents) is the access's callers; or null
     */
    static CallNode restore(long id) {
        if (id == ROOT.id) {
            return ROOT;
        }
        int g = (int) (id >>> 32);
        LOCK.lock();
        try {
            if (g > generation || generation - g >= GENERATIONS) {
                return null;
            }
            return ARENA[g & (GENERATIONS - 1)][(int) id];
        } finally {
            LOCK.unlock();
        }
    }

    /** Returns this node's child for {@code site}, or null; without a lock. */
    private CallNode find(int site) {
        for (CallNode n : children) {
            if (n.site == site) {
                return n;
            }
        }
        return null;
    }

    /** Returns whether {@code n} may get children now: ROOT, or a node of the current generation. */
    private static boolean isCurrent(CallNode n) {
        return n == ROOT || (int) (n.id >>> 32) == generation;
    }

    /**
     * Under LOCK: makes {@code p}'s child for {@code site} in the current generation, rolling over
     * first if that one is full; returns null if the rollover made {@code p} older.
     */
    private static CallNode makeLocked(CallNode p, int site) {
        if (MADE[generation & (GENERATIONS - 1)] == generationSize) {
            rollOverLocked();
            if (p != ROOT) {
                return null;
            }
        }
        int a = generation & (GENERATIONS - 1);
        int index = MADE[a]++;
        CallNode n = new CallNode(site, p, ((long) generation << 32) | index);
        if (index == ARENA[a].length) {
            ARENA[a] = Arrays.copyOf(ARENA[a], Math.min(index * 2, generationSize));
        }
        ARENA[a][index] = n;
        CallNode[] c = p.children;
        CallNode[] grown = Arrays.copyOf(c, c.length + 1);
        grown[c.length] = n;
        p.children = grown;
        return n;
    }

    /** Under LOCK: the node of {@code old}'s chain in the current generation (note 5). */
    private static CallNode remakeLocked(CallNode old) {
        int[] sites = new int[old.depth];
        for (CallNode n = old; n != ROOT; n = n.parent) {
            sites[n.depth - 1] = n.site;
        }
        CallNode p;
        do {
            p = ROOT;
            for (int i = 0; p != null && i < sites.length; i++) {
                CallNode c = p.find(sites[i]);
                p = c != null ? c : makeLocked(p, sites[i]);
            }
        } while (p == null);   // rolled over midway: again, in a fresh generation
        return p;
    }

    /** Under LOCK: the next generation starts, in the arena of the oldest one, which is retired. */
    private static void rollOverLocked() {
        int next = generation + 1;
        retireLocked(next & (GENERATIONS - 1));
        ROOT.children = NONE;
        generation = next;
    }

    /** Under LOCK: empties arena {@code a}; its nodes lose their children (note 2). */
    private static void retireLocked(int a) {
        CallNode[] arena = ARENA[a];
        for (int i = 0; i < MADE[a]; i++) {
            arena[i].children = NONE;
            arena[i] = null;
        }
        MADE[a] = 0;
    }
}
