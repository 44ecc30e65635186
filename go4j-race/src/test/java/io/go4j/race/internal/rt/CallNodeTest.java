package io.go4j.race.internal.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The call-site history, in process (no agent): bounded to {@code 32K << history_size} nodes
 * whatever the chains entered, a recorded chain restorable for the window CallNode's note 2
 * gives and lost after it, and a thread's own chain kept across generations.
 */
class CallNodeTest {
    /** Children makeNew gives one node before starting another: a narrow trie, as real ones are. */
    private static final int FAN_OUT = 64;

    private int nextSite = 1_000_000;   // sites no chain has used yet
    private CallNode parent;            // the node makeNew adds children to
    private int children;               // how many it has

    @BeforeEach
    void smallestHistory() {
        CallNode.configure(0);
    }

    @AfterAll
    static void defaultHistory() {
        CallNode.configure(Options.DEFAULT_HISTORY_SIZE);
    }

    private static ThreadState state() {
        return new ThreadState(null, false, Reporter.Creation.NONE, true);
    }

    /**
     * Makes {@code n} nodes (and one more for each rollover that re-makes {@code parent}): calls
     * at sites never used before, from the empty stack or from the last node so made.
     */
    private void makeNew(int n) {
        for (int i = 0; i < n; i++) {
            if (parent == null || children == FAN_OUT) {
                parent = CallNode.enter(CallNode.ROOT, nextSite++);
                children = 0;
            } else {
                CallNode.enter(parent, nextSite++);
                children++;
            }
        }
    }

    /** Returns a chain's call sites, innermost first. */
    private static List<Integer> sites(CallNode n) {
        List<Integer> out = new ArrayList<>();
        for (; n != CallNode.ROOT; n = n.parent) {
            out.add(n.site);
        }
        return out;
    }

    private static CallNode chain(int... sites) {
        CallNode n = CallNode.ROOT;
        for (int s : sites) {
            n = CallNode.enter(n, s);
        }
        return n;
    }

    @ParameterizedTest(name = "history_size={0}")
    @ValueSource(ints = {0, 1})
    @DisplayName("the history never holds more than 32K << history_size nodes, however many distinct chains are entered")
    void theNodeCountStaysAtOrUnderTheCapacity(int historySize) {
        CallNode.configure(historySize);
        int capacity = CallNode.capacity();
        assertEquals(32 * 1024 << historySize, capacity);
        ThreadState t = state();
        for (int i = 0; i < 3 * capacity; i++) {
            t.node = chain(i >>> 8, i & 0xff);   // a chain of two calls, new every time
            CallNode.record(t);
            assertTrue(CallNode.nodes() <= capacity, CallNode.nodes() + " nodes after " + i + " chains");
        }
        assertTrue(CallNode.nodes() > capacity / 2, "the history is used, not emptied: " + CallNode.nodes());
    }

    @Test
    @DisplayName("a recorded chain restores while three quarters of the capacity are made after it, and not once more than all of it is")
    void aRecordedChainAgesOutAsGosRingDoes() {
        ThreadState t = state();
        t.node = chain(1, 2);
        long id = CallNode.record(t);
        assertSame(t.node, CallNode.restore(id));
        makeNew(CallNode.capacity() / 4 * 3);
        assertEquals(List.of(2, 1), sites(CallNode.restore(id)));
        makeNew(CallNode.capacity() / 4 + 1);
        assertNull(CallNode.restore(id), "its generation is retired");
    }

    @Test
    @DisplayName("a thread inside a chain across generations keeps it, pops along it, and records it again in the current generation")
    void aThreadKeepsItsChainAcrossGenerations() {
        ThreadState t = state();
        t.node = chain(10, 11, 12);
        CallNode held = t.node;
        long before = CallNode.record(t);
        makeNew(CallNode.capacity() + 1);
        assertNull(CallNode.restore(before));
        assertEquals(List.of(12, 11, 10), sites(t.node), "its own chain is intact");

        long after = CallNode.record(t);
        assertNotEquals(before, after);
        assertNotNull(CallNode.restore(after));
        assertEquals(List.of(12, 11, 10), sites(CallNode.restore(after)), "re-made in the current generation");

        t.node = t.node.parent;   // a return
        t.node = CallNode.enter(t.node, 13);
        assertEquals(List.of(13, 11, 10), sites(t.node));

        CallNode again = CallNode.enter(held.parent, 12);
        assertNotEquals(held.id, again.id, "a retired node has no children: the call is made again");
        assertEquals(List.of(12, 11, 10), sites(again));
    }

    @Test
    @DisplayName("threads making new chains at once keep the history within its capacity, and each keeps its own chain")
    void threadsMakingChainsAtOnceStayWithinTheCapacity() throws Exception {
        int threads = 4;
        int capacity = CallNode.capacity();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int k = 0; k < threads; k++) {
                int outer = 10_000_000 * (k + 1);   // each thread's own sites
                done.add(pool.submit(() -> {
                    ThreadState t = state();
                    t.node = chain(outer);
                    int middle = outer + 1_000_000;
                    for (int i = 1; i <= capacity / 2; i++) {
                        t.node = CallNode.enter(t.node, middle + i / FAN_OUT);
                        t.node = CallNode.enter(t.node, outer + i);   // a call never made before
                        CallNode.record(t);
                        assertEquals(List.of(outer + i, middle + i / FAN_OUT, outer), sites(t.node));
                        t.node = t.node.parent.parent;   // the two returns
                        assertEquals(List.of(outer), sites(t.node));
                        assertTrue(CallNode.nodes() <= capacity, CallNode.nodes() + " nodes");
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    @DisplayName("the empty stack always restores, and an id from before the history was sized never does")
    void theEmptyStackAlwaysRestoresAndOldIdsNever() {
        ThreadState t = state();
        assertSame(CallNode.ROOT, CallNode.restore(CallNode.record(t)));
        t.node = chain(1);
        long id = CallNode.record(t);
        CallNode.configure(0);
        assertNull(CallNode.restore(id));
        makeNew(CallNode.capacity() + 1);
        assertSame(CallNode.ROOT, CallNode.restore(CallNode.record(state())));
    }
}
