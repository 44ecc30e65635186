package io.go4j.reliability.jcstress;

import io.go4j.context.Context;
import io.go4j.semaphore.Weighted;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A {@code release} of a weighted semaphore happens-before the {@code acquire} that obtains the
 * weight it released (x/sync/semaphore used as a lock or a hand-off): the acquirer sees what the
 * releaser wrote before releasing, whether it found the weight free or queued and was granted it
 * by the release.
 */
public class WeightedReleaseHappensBeforeAcquire {

    @JCStressTest
    @Description("Semaphore of weight 1, held: the acquire, granted by the release, sees the releaser's earlier write.")
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "the acquirer sees the write made before release")
    @Outcome(expect = FORBIDDEN, desc = "acquired without the releaser's earlier write being visible")
    @State
    public static class Handoff {
        final Weighted sem = new Weighted(1);
        int written;   // plain, written by the releaser before release

        public Handoff() {
            sem.tryAcquire(1);   // held by the releaser from the start
        }

        @Actor
        public void releaser() {
            written = 1;
            sem.release(1);
        }

        @Actor
        public void acquirer(I_Result r) {
            sem.acquire(Context.background(), 1);   // returns once releaser() releases: both actors always run
            r.r1 = written;
        }
    }
}
