package io.go4j.reliability.jcstress;

import io.go4j.Chan;
import io.go4j.Recv;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A send on a channel happens-before the corresponding receive completes (Go memory model,
 * "Channel communication"): every plain write the sender made before {@code send}, to the sent
 * object's fields or to any other variable, is visible to the goroutine that received it. One
 * test per path a value takes through the channel: the unbuffered rendezvous, the buffer read by
 * a non-blocking receiver, and the hand-off to a receiver already parked on a buffered channel.
 *
 * <p>All fields written here are plain (no volatile, no final), so only the channel's own
 * synchronisation can make them visible. Results: {@code r1} whether something was received
 * (1) or not (0), or -1 if a receive returned null (never sent); {@code r2} the sent object's
 * field; {@code r3} a variable outside the message, read after the receive.
 */
public class ChanSendHappensBeforeRecv {

    /** The message: a mutable object with a plain field, filled in by the sender. */
    static final class Box {
        int payload;
    }

    @JCStressTest
    @Description("Unbuffered: the receiver of a rendezvous sees the sender's earlier writes.")
    @Outcome(id = "1, 42, 7", expect = ACCEPTABLE, desc = "received, all writes visible")
    @Outcome(expect = FORBIDDEN, desc = "received, but a write made before the send is not visible")
    @State
    public static class Unbuffered {
        final Chan<Box> ch = Chan.make();
        int outside;   // plain, written by the sender before send

        @Actor
        public void sender() {
            Box b = new Box();
            b.payload = 42;
            outside = 7;
            ch.send(b);   // blocks until receiver() takes it: both actors always run
        }

        @Actor
        public void receiver(III_Result r) {
            Box b = ch.recv();   // blocks until sender() sends: both actors always run
            record(b, outside, r);
        }
    }

    @JCStressTest
    @Description("Buffered (capacity 1): a non-blocking receive that finds the value sees the sender's earlier writes.")
    @Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "nothing buffered yet")
    @Outcome(id = "1, 42, 7", expect = ACCEPTABLE_INTERESTING, desc = "received, all writes visible")
    @Outcome(expect = FORBIDDEN, desc = "received, but a write made before the send is not visible")
    @State
    public static class BufferedTryRecv {
        final Chan<Box> ch = Chan.make(1);
        int outside;

        @Actor
        public void sender() {
            Box b = new Box();
            b.payload = 42;
            outside = 7;
            ch.send(b);   // the buffer is empty: never blocks
        }

        @Actor
        public void receiver(III_Result r) {
            Recv<Box> got = ch.tryRecv();
            if (got != null) {
                record(got.value(), outside, r);
            }
        }
    }

    @JCStressTest
    @Description("Buffered (capacity 16): a receiver that may already be parked when the value arrives sees the sender's earlier writes.")
    @Outcome(id = "1, 42, 7", expect = ACCEPTABLE, desc = "received, all writes visible")
    @Outcome(expect = FORBIDDEN, desc = "received, but a write made before the send is not visible")
    @State
    public static class BufferedBlockingRecv {
        final Chan<Box> ch = Chan.make(16);
        int outside;

        @Actor
        public void sender() {
            Box b = new Box();
            b.payload = 42;
            outside = 7;
            ch.send(b);
        }

        @Actor
        public void receiver(III_Result r) {
            Box b = ch.recv();   // blocks until sender() sends, or parks first: both actors always run
            record(b, outside, r);
        }
    }

    /**
     * Records a received box, or -1 if the receive returned null (never sent: forbidden). Never
     * throws: an actor that died would leave its partner blocked, and jcstress hanging.
     */
    private static void record(Box b, int outsideReadAfterRecv, III_Result r) {
        r.r1 = b == null ? -1 : 1;
        r.r2 = b == null ? 0 : b.payload;
        r.r3 = outsideReadAfterRecv;
    }
}
