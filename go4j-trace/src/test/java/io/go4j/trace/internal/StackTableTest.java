package io.go4j.trace.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.trace.testing.Sites;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** StackTable: a stack's id, its shown frames, and the memo that skips the whole walk. */
class StackTableTest {
    private final StackTable table = new StackTable(false);
    private final StackTable.Memo memo = new StackTable.Memo();
    private final IntSupplier take = () -> table.current(memo);

    @Test
    void aThreadThatComesBackToTheSamePlaceGetsTheSameStack() {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 3 * StackTable.RECHECK_EVERY; i++) {
            ids.add(Sites.site(take));
        }
        assertEquals(List.of(ids.get(0)), ids.stream().distinct().toList());
        StackTraceElement top = table.frames(ids.get(0))[0];
        assertEquals(Sites.class.getName() + ".site", top.getClassName() + "." + top.getMethodName());
        assertEquals(1, table.size());
    }

    @Test
    void twoPlacesInOneMethodGetTwoStacksWithTheirLines() {
        for (int i = 0; i < 3; i++) {
            int[] ids = Sites.twoSites(take);
            assertNotEquals(ids[0], ids[1]);
            assertEquals(table.frames(ids[0])[0].getLineNumber() + 1, table.frames(ids[1])[0].getLineNumber());
        }
        assertEquals(2, table.size());
    }

    @Test
    void anotherThreadAtTheSamePlaceFindsTheStackItsWalkKeys() throws Exception {
        int mine = Sites.site(take);
        int[] theirs = new int[2];
        StackTable.Memo other = new StackTable.Memo();
        IntSupplier takeThere = () -> table.current(other);
        Thread t = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 2; i++) {
                theirs[i] = Sites.site(takeThere);
            }
        });
        t.join(10_000);
        assertEquals(theirs[0], theirs[1]);
        assertEquals(table.frames(mine)[0], table.frames(theirs[0])[0]);
    }

    @Test
    void aPlaceReachedFromTwoCallersBelowTheShortWalkIsToldApartAtTheNextCheck() {
        // The short walk sees only the top SHORT_FRAMES frames: deeper than that, the two
        // callers differ only below it, so the memo takes the second for the first until its
        // entry is checked with a whole walk (the class comment's non-invariant).
        int depth = StackTable.SHORT_FRAMES;
        int fromA = Sites.callerA(take, depth);
        List<Integer> fromB = new ArrayList<>();
        for (int i = 0; i < StackTable.RECHECK_EVERY; i++) {
            fromB.add(Sites.callerB(take, depth));
        }
        assertEquals(fromA, fromB.get(0));
        int checked = fromB.get(fromB.size() - 1);
        assertNotEquals(fromA, checked);
        assertEquals(checked, Sites.callerB(take, depth));
        assertTrue(Arrays.stream(table.frames(checked)).anyMatch(f -> f.getMethodName().equals("callerB")));
        assertTrue(Arrays.stream(table.frames(fromA)).anyMatch(f -> f.getMethodName().equals("callerA")));
    }

    // Keyed events (StackTable's note 5): a park or unpark names what it waits on or wakes.

    private static final int KEY = 3 << 8 | 7;

    @Test
    void aWaitOnTheSameBlockerAtTheSamePlaceWalksOnlyOnASample() {
        Object channel = new Object();
        IntSupplier keyed = () -> table.current(memo, KEY, channel);
        int events = 20 * StackTable.SAMPLE_EVERY;
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            ids.add(Sites.site(keyed));
        }
        assertEquals(List.of(ids.get(0)), ids.stream().distinct().toList());
        // Samples come every 1 to 2 x SAMPLE_EVERY events: at most events / 1 + 1 if every
        // interval were 1 (it cannot be, here: 20 x 64 draws), about 20 on average.
        assertTrue(memo.walks >= 1 && memo.walks <= events / 8, "walks: " + memo.walks);
        StackTraceElement top = table.frames(ids.get(0))[0];
        assertEquals(Sites.class.getName() + ".site", top.getClassName() + "." + top.getMethodName());
    }

    @Test
    void aThreadThatWaitsOnOneBlockerAtTwoPlacesShowsBothInProportion() {
        // A fixed sample interval would alias with this loop and show one place only.
        Object channel = new Object();
        IntSupplier keyed = () -> table.current(memo, KEY, channel);
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 200 * StackTable.SAMPLE_EVERY; i++) {
            int[] two = Sites.twoSites(keyed);
            ids.add(two[0]);
            ids.add(two[1]);
        }
        Map<Integer, Long> shares = ids.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertEquals(2, shares.size(), "both places are shown");
        for (long n : shares.values()) {
            // ~400 samples, each place's share about a half: outside [0.3, 0.7] is > 8 sigma.
            double share = (double) n / ids.size();
            assertTrue(share > 0.3 && share < 0.7, "share " + share);
        }
    }

    @Test
    void aSelectsFreshArrayOfTheSameChannelsIsOneKey() {
        Object a = new Object();
        Object b = new Object();
        int events = 20 * StackTable.SAMPLE_EVERY;
        for (int i = 0; i < events; i++) {
            Object[] cases = {a, null, b};
            Sites.site(() -> table.current(memo, KEY, cases));
        }
        assertTrue(memo.walks <= events / 8, "walks: " + memo.walks);
        Object[] others = {b, null, a};
        int walked = memo.walks;
        Sites.site(() -> table.current(memo, KEY, others));
        assertEquals(walked + 1, memo.walks, "other channels are another key");
    }

    @Test
    void anEventWithoutABlockerIsWalkedEveryTime() {
        for (int i = 0; i < 10; i++) {
            Sites.site(() -> table.current(memo, KEY, null));
        }
        assertEquals(10, memo.walks);
    }

    @Test
    void exactStacksWalkAtEveryKeyedEvent() {
        StackTable exact = new StackTable(true);
        Object channel = new Object();
        for (int i = 0; i < 10; i++) {
            Sites.site(() -> exact.current(memo, KEY, channel));
        }
        assertEquals(10, memo.walks);
    }

    @Test
    void anUnknownStacksSettingIsAClearError() {
        String old = System.getProperty("go4j.trace.stacks");
        System.setProperty("go4j.trace.stacks", "some");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, StackTable::exactStacks);
            assertEquals("go4j.trace.stacks must be sampled or exact, not some", e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty("go4j.trace.stacks");
            } else {
                System.setProperty("go4j.trace.stacks", old);
            }
        }
    }
}
