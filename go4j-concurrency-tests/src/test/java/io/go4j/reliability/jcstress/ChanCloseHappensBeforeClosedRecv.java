package io.go4j.reliability.jcstress;

import io.go4j.Chan;
import io.go4j.Recv;
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
 * The closing of a channel happens-before a receive that returns because the channel is closed
 * (Go memory model, "Channel communication"): the closer's earlier plain writes are visible to
 * every receiver that observes the close, whether it polled ({@code tryRecv}) or was parked and
 * woken by {@code close}. This is what makes {@code close(done)} a broadcast that publishes.
 * Results: {@code r1} 1 if the receive observed the close (ok == false), 0 if the channel was
 * not ready, 2 if it returned a value (nothing is ever sent: forbidden); {@code r2} the closer's
 * write as the receiver saw it after observing the close.
 */
public class ChanCloseHappensBeforeClosedRecv {

    @JCStressTest
    @Description("Unbuffered: a non-blocking receive that observes the close sees the closer's earlier write.")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "not closed yet")
    @Outcome(id = "1, 1", expect = ACCEPTABLE_INTERESTING, desc = "observed the close, and the write before it")
    @Outcome(expect = FORBIDDEN, desc = "observed the close without the write made before it, or received a value never sent")
    @State
    public static class UnbufferedTryRecv {
        final Chan<Integer> ch = Chan.make();
        int written;   // plain, written by the closer before close

        @Actor
        public void closer() {
            written = 1;
            ch.close();
        }

        @Actor
        public void receiver(II_Result r) {
            Recv<Integer> got = ch.tryRecv();
            if (got != null) {
                r.r1 = got.ok() ? 2 : 1;
                r.r2 = written;
            }
        }
    }

    @JCStressTest
    @Description("Buffered (capacity 1), empty: a non-blocking receive that observes the close sees the closer's earlier write.")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "not closed yet")
    @Outcome(id = "1, 1", expect = ACCEPTABLE_INTERESTING, desc = "observed the close, and the write before it")
    @Outcome(expect = FORBIDDEN, desc = "observed the close without the write made before it, or received a value never sent")
    @State
    public static class BufferedTryRecv {
        final Chan<Integer> ch = Chan.make(1);
        int written;

        @Actor
        public void closer() {
            written = 1;
            ch.close();
        }

        @Actor
        public void receiver(II_Result r) {
            Recv<Integer> got = ch.tryRecv();
            if (got != null) {
                r.r1 = got.ok() ? 2 : 1;
                r.r2 = written;
            }
        }
    }

    @JCStressTest
    @Description("Unbuffered: a blocking receive, possibly parked when close wakes it, sees the closer's earlier write.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "observed the close, and the write before it")
    @Outcome(expect = FORBIDDEN, desc = "observed the close without the write made before it, or received a value never sent")
    @State
    public static class BlockingRecv {
        final Chan<Integer> ch = Chan.make();
        int written;

        @Actor
        public void closer() {
            written = 1;
            ch.close();
        }

        @Actor
        public void receiver(II_Result r) {
            Recv<Integer> got = ch.recvOk();   // returns once closer() closes: both actors always run
            r.r1 = got.ok() ? 2 : 1;
            r.r2 = written;
        }
    }
}
