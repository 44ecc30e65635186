package io.go4j.reliability.jcstress;

import io.go4j.sync.Cond;
import io.go4j.sync.Mutex;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The n-th {@code unlock()} of a Mutex happens-before the return of the (n+1)-th {@code lock()}
 * (Go memory model, "Locks"), which with mutual exclusion makes critical sections appear one
 * after the other, each seeing all the writes of those before it. A Cond built on the Mutex
 * inherits this and adds its own rule: a {@code signal()} happens-before the return of the
 * {@code await()} it unblocks, and is never lost.
 */
public class MutexUnlockHappensBeforeLock {

    @JCStressTest
    @Description("Two critical sections, each writing one variable and reading the other's: one ran entirely first.")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "first's section ran first")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "second's section ran first")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "each missed the other: the sections overlapped or a write was not published")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "each saw the other's write made after its own read: the sections overlapped")
    @State
    public static class Lock {
        final Mutex m = new Mutex();
        int a;   // plain, written by first under m
        int b;   // plain, written by second under m

        @Actor
        public void first(II_Result r) {
            m.lock();
            r.r1 = b;
            a = 1;
            m.unlock();
        }

        @Actor
        public void second(II_Result r) {
            m.lock();
            r.r2 = a;
            b = 1;
            m.unlock();
        }
    }

    @JCStressTest
    @Description("A successful tryLock sees all or nothing of the previous holder's writes.")
    @Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "tryLock failed: the writer held the lock")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "locked before the writer")
    @Outcome(id = "1, 1", expect = ACCEPTABLE_INTERESTING, desc = "locked after the writer, sees both writes")
    @Outcome(expect = FORBIDDEN, desc = "sees part of the previous critical section")
    @State
    public static class TryLock {
        final Mutex m = new Mutex();
        int x;   // plain, written under m
        int y;   // plain, written under m

        @Actor
        public void writer() {
            m.lock();
            x = 1;
            y = 1;
            m.unlock();
        }

        @Actor
        public void reader(II_Result r) {
            if (m.tryLock()) {
                r.r1 = y;
                r.r2 = x;
                m.unlock();
            } else {
                r.r1 = -1;
                r.r2 = -1;
            }
        }
    }

    @JCStressTest
    @Description("Cond: the waiter returns from await with the signaller's writes visible; the signal is not lost.")
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "the waiter sees the write made before the signal")
    @Outcome(expect = FORBIDDEN, desc = "the waiter saw ready without the write made before it")
    @State
    public static class CondSignal {
        final Mutex m = new Mutex();
        final Cond changed = new Cond(m);
        boolean ready;   // plain, guarded by m
        int value;       // plain, written before ready

        @Actor
        public void signaller() {
            m.lock();
            value = 1;
            ready = true;
            m.unlock();
            changed.signal();   // outside the lock, as Go allows: a waiter linked before unlock is woken
        }

        @Actor
        public void waiter(I_Result r) {
            m.lock();
            try {
                while (!ready) {
                    changed.await();   // a lost signal would hang here: jcstress reports a timeout
                }
                r.r1 = value;
            } finally {
                m.unlock();   // an interrupted await throws with m held again
            }
        }
    }
}
