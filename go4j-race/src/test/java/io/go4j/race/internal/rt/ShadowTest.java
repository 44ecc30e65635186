package io.go4j.race.internal.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The packed layout of shadows (VarState): where a location's words are, and what is made for it. */
class ShadowTest {
    static final class Point {
        int x;
        int y;
    }

    private static FieldKey key(String name) throws NoSuchFieldException {
        return FieldKey.of(Point.class.getDeclaredField(name));
    }

    @Test
    void aFieldKeepsTheIndexItGotOnItsFirstAccessInEveryObjectOfTheClass() throws Exception {
        Shadow.Layout layout = new Shadow.Layout();
        int y = layout.index(key("y"));
        int x = layout.index(key("x"));
        assertEquals(0, y, "indexes follow first accesses, not declaration order");
        assertEquals(1, x);
        assertEquals(y, layout.index(key("y")));
        assertEquals(2, layout.size());
    }

    @Test
    void anObjectsWordsAreMadeForEveryFieldItsClassHasSeenAtOnce() throws Exception {
        Shadow.Layout layout = new Shadow.Layout();
        layout.index(key("x"));
        int y = layout.index(key("y"));
        Shadow sh = new Shadow();
        sh.lock();
        try {
            int[] clocks = sh.fieldClocks(0, layout.size());
            assertEquals(VarState.WORDS * layout.size(), clocks.length, "one allocation for the class's fields");
            assertSame(clocks, sh.fieldClocks(y, layout.size()));
            assertEquals(clocks.length, sh.fieldAts().length);
        } finally {
            sh.unlock();
        }
    }

    @Test
    void anArrayTouchedAtOneElementGetsTheWordsOfThatElementsPageOnly() throws Exception {
        int length = 100_000_000;   // the array itself is never made: a shadow needs only its length
        Shadow sh = new Shadow();
        sh.lock();
        try {
            Shadow.Page page = sh.page(length - 1, length);
            int onLastPage = length - ((length - 1) >>> Shadow.PAGE_SHIFT << Shadow.PAGE_SHIFT);
            assertEquals(VarState.WORDS * onLastPage, page.clocks.length);
            assertSame(page, sh.page(length - 2, length));
            Shadow.Page first = sh.page(0, length);
            assertEquals(VarState.WORDS << Shadow.PAGE_SHIFT, first.clocks.length);
            assertTrue(first != page);
        } finally {
            sh.unlock();
        }
    }

    @Test
    void aVolatileFieldsClockLivesInItsWriteRecord() throws Exception {
        Shadow sh = new Shadow();
        sh.lock();
        try {
            sh.fieldClocks(0, 1);
            SyncVar v = sh.fieldSync(0);
            assertNotNull(v);
            assertSame(v, sh.fieldSync(0));
            assertSame(v, sh.fieldAts()[0]);
        } finally {
            sh.unlock();
        }
    }
}
