package io.go4j.trace.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.trace.testing.Sites;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/** StackTable: a stack's id, its shown frames, and the memo that skips the whole walk. */
class StackTableTest {
    private final StackTable table = new StackTable();
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
}
