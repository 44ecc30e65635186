package io.go4j.reliability.jcstress;

import io.go4j.Chan;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The k-th receive on a channel of capacity C happens-before the (k+C)-th send on it completes
 * (Go memory model, "Channel communication"): the rule that makes an unbuffered channel a
 * rendezvous in both directions and a buffered channel a counting semaphore. The receiver writes
 * a plain variable before receiving; a sender whose send could only complete because of that
 * receive must see the write. Result {@code r1}: what the sender read after its send, or -1 if
 * its non-blocking send found no room.
 */
public class ChanRecvHappensBeforeSendCompletes {

    @JCStressTest
    @Description("Unbuffered (C = 0): the k-th receive happens-before the k-th send completes.")
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "the sender sees the receiver's earlier write")
    @Outcome(expect = FORBIDDEN, desc = "the send completed without the receiver's earlier write being visible")
    @State
    public static class Unbuffered {
        final Chan<Integer> ch = Chan.make();
        int written;   // plain, written by the receiver before recv

        @Actor
        public void sender(I_Result r) {
            ch.send(1);   // blocks until receiver() takes it: both actors always run
            r.r1 = written;
        }

        @Actor
        public void receiver() {
            written = 1;
            ch.recv();
        }
    }

    @JCStressTest
    @Description("Capacity 1, full: a non-blocking send that finds room sees what the receiver wrote before making it.")
    @Outcome(id = "-1", expect = ACCEPTABLE, desc = "still full: the send did not happen")
    @Outcome(id = "1", expect = ACCEPTABLE_INTERESTING, desc = "room made by the receive, its earlier write visible")
    @Outcome(expect = FORBIDDEN, desc = "the second send completed without the first receive's earlier write being visible")
    @State
    public static class BufferedTrySend {
        final Chan<Integer> ch = Chan.make(1);
        int written;

        public BufferedTrySend() {
            ch.send(0);   // the first send: fills the buffer
        }

        @Actor
        public void sender(I_Result r) {
            r.r1 = ch.trySend(1) ? written : -1;   // the second send: room only after the first receive
        }

        @Actor
        public void receiver() {
            written = 1;
            ch.recv();   // never blocks: the buffer holds the first value
        }
    }

    @JCStressTest
    @Description("Capacity 1, full: a send parked on the full buffer, released by the receive, sees the receiver's earlier write.")
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "the sender sees the receiver's earlier write")
    @Outcome(expect = FORBIDDEN, desc = "the second send completed without the first receive's earlier write being visible")
    @State
    public static class BufferedBlockingSend {
        final Chan<Integer> ch = Chan.make(1);
        int written;

        public BufferedBlockingSend() {
            ch.send(0);
        }

        @Actor
        public void sender(I_Result r) {
            ch.send(1);   // blocks until receiver() makes room: both actors always run
            r.r1 = written;
        }

        @Actor
        public void receiver() {
            written = 1;
            ch.recv();
        }
    }
}
