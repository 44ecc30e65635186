package io.go4j.reliability.jcstress;

import io.go4j.sync.WaitGroup;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A call to {@code done()} happens-before the return of any {@code await()} it unblocks (Go's
 * sync.WaitGroup documentation: "a call to Done synchronizes before the return of any Wait call
 * that it unblocks"): whatever a worker wrote before {@code done()} is visible once
 * {@code await()} returns. The awaiting side may find the counter already at zero (fast path) or
 * park and be released by the last {@code done()}; both paths run here.
 */
public class WaitGroupDoneHappensBeforeAwait {

    @JCStressTest
    @Description("One worker, one waiter: await returns with the worker's writes visible.")
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "the waiter sees the worker's write")
    @Outcome(expect = FORBIDDEN, desc = "await returned without the write made before done")
    @State
    public static class Worker {
        final WaitGroup wg = new WaitGroup();
        int result;   // plain, written by the worker before done

        public Worker() {
            wg.add(1);
        }

        @Actor
        public void worker() {
            result = 1;
            wg.done();
        }

        @Actor
        public void waiter(I_Result r) {
            wg.await();   // returns once worker() calls done: both actors always run
            r.r1 = result;
        }
    }

    @JCStressTest
    @Description("Barrier: two parties each write, done, await, then read the other's write.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "each sees the other's write")
    @Outcome(expect = FORBIDDEN, desc = "an await returned without the other party's write made before its done")
    @State
    public static class Barrier {
        final WaitGroup wg = new WaitGroup();
        int left;    // plain, written by the left party before its done
        int right;   // plain, written by the right party before its done

        public Barrier() {
            wg.add(2);
        }

        @Actor
        public void leftParty(II_Result r) {
            left = 1;
            wg.done();
            wg.await();   // returns once both parties called done
            r.r1 = right;
        }

        @Actor
        public void rightParty(II_Result r) {
            right = 1;
            wg.done();
            wg.await();
            r.r2 = left;
        }
    }
}
