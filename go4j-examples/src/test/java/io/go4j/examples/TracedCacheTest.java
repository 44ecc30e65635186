package io.go4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.test.GoLeakCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TracedCache: the trace of a lock held across a slow lookup shows a lock convoy; the fix does not. */
@GoLeakCheck
class TracedCacheTest {
    private static final int LOOKUPS = TracedCache.GOROUTINES * TracedCache.LOOKUPS;

    @TempDir
    Path dir;

    @Test
    void aLockHeldAcrossASlowLookupIsFoundAsALockConvoy() {
        TracedCache.Run r = TracedCache.run(dir.resolve("convoy.trace"), true);
        assertEquals(LOOKUPS, r.served());
        assertTrue(r.convoys() > 0, r.report()::text);
        assertEquals("goroutines queue on one lock: each one woken there soon blocks there again", r.convoyDescription());
        assertTrue(r.bytes() > 0 && r.report().events() > LOOKUPS, r.report()::text);
    }

    @Test
    void theLookupOutsideTheLockIsNoConvoy() {
        TracedCache.Run r = TracedCache.run(dir.resolve("fixed.trace"), false);
        assertEquals(LOOKUPS, r.served());
        assertEquals(0, r.convoys(), r.report()::text);
        assertNull(r.convoyDescription());
    }
}
