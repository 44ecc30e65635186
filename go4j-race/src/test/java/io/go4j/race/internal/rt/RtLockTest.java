package io.go4j.race.internal.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * RtLock as a sequence lock: a read without the lock validates only if no critical section ran
 * while it read (the detector's same-epoch check depends on it: VarState's invariants).
 */
class RtLockTest {
    private static final int ROUNDS = System.getenv("CI") != null ? 200_000 : 2_000_000;

    @Test
    void aStampWithNoCriticalSectionSinceItValidates() {
        RtLock lock = new RtLock();
        int stamp = lock.stamp();
        assertTrue(lock.validate(stamp));
        lock.lock();
        lock.unlock();
        stamp = lock.stamp();
        assertTrue(lock.validate(stamp));
    }

    @Test
    void aStampTakenWhileTheLockIsHeldNeverValidates() {
        RtLock lock = new RtLock();
        lock.lock();
        int stamp = lock.stamp();
        assertFalse(lock.validate(stamp));
        lock.unlock();
        assertFalse(lock.validate(stamp));
    }

    @Test
    void aCriticalSectionAfterTheStampInvalidatesIt() {
        RtLock lock = new RtLock();
        int stamp = lock.stamp();
        lock.lock();
        assertFalse(lock.validate(stamp), "while the writer is inside");
        lock.unlock();
        assertFalse(lock.validate(stamp), "after the writer left");
    }

    /** A clock and a record written together under the lock, as a location's words are. */
    private static final class Pair extends RtLock {
        int clock;
        Object record;
    }

    @Test
    void aReadThatValidatesNeverSawAClockAndARecordFromTwoCriticalSections() throws Exception {
        Pair p = new Pair();
        Integer[] records = new Integer[64];
        for (int i = 0; i < records.length; i++) {
            records[i] = i;
        }
        p.record = records[0];
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 1; i < ROUNDS; i++) {
                p.lock();
                p.clock = i;
                p.record = records[i & 63];
                p.unlock();
            }
        });
        AtomicLong validated = new AtomicLong();
        AtomicLong torn = new AtomicLong();
        while (writer.isAlive()) {
            int stamp = p.stamp();
            int clock = p.clock;
            Object record = p.record;
            if (p.validate(stamp)) {
                validated.incrementAndGet();
                if ((Integer) record != (clock & 63)) {
                    torn.incrementAndGet();
                }
            }
        }
        writer.join(TimeUnit.MINUTES.toMillis(1));
        assertFalse(writer.isAlive());
        assertEquals(0, torn.get(), "validated reads of " + validated.get() + " that mixed two sections");
        int stamp = p.stamp();
        assertTrue(p.validate(stamp) && p.clock == ROUNDS - 1 && p.record == records[(ROUNDS - 1) & 63]);
    }
}
