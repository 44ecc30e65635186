package io.go4j.reliability.jcstress;

import io.go4j.sync.RWMutex;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * For an RWMutex (Go memory model, "Locks"): the writer's {@code unlock()} happens-before the
 * return of a later {@code rLock()}, and a reader's {@code rUnlock()} happens-before the return
 * of the next {@code lock()}. With reader/writer exclusion, a read section and a write section
 * appear one after the other, each seeing everything written in the one before it.
 */
public class RWMutexUnlockHappensBeforeRLock {

    @JCStressTest
    @Description("A write section and a read section, each reading the other's variable: one ran entirely first.")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the write section ran first")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the read section ran first")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "each missed the other: the sections overlapped or a write was not published")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "each saw the other's later write: the sections overlapped")
    @State
    public static class WriterAndReader {
        final RWMutex rw = new RWMutex();
        int written;   // plain, written by the writer under lock
        int visited;   // plain, written by the only reader under rLock

        @Actor
        public void writer(II_Result r) {
            rw.lock();
            r.r1 = visited;
            written = 1;
            rw.unlock();
        }

        @Actor
        public void reader(II_Result r) {
            rw.rLock();
            r.r2 = written;
            visited = 1;   // one reader only, so this write is not a race
            rw.rUnlock();
        }
    }

    @JCStressTest
    @Description("A successful tryRLock sees all or nothing of the writer's section.")
    @Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "tryRLock failed: the writer held the lock")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "read-locked before the writer")
    @Outcome(id = "1, 1", expect = ACCEPTABLE_INTERESTING, desc = "read-locked after the writer, sees both writes")
    @Outcome(expect = FORBIDDEN, desc = "sees part of the write section")
    @State
    public static class TryRLock {
        final RWMutex rw = new RWMutex();
        int x;   // plain, written under lock
        int y;   // plain, written under lock

        @Actor
        public void writer() {
            rw.lock();
            x = 1;
            y = 1;
            rw.unlock();
        }

        @Actor
        public void reader(II_Result r) {
            if (rw.tryRLock()) {
                r.r1 = y;
                r.r2 = x;
                rw.rUnlock();
            } else {
                r.r1 = -1;
                r.r2 = -1;
            }
        }
    }
}
