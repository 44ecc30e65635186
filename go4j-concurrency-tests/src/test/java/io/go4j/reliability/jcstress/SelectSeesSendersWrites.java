package io.go4j.reliability.jcstress;

import io.go4j.Chan;
import io.go4j.Select;
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
 * A communication chosen by {@code select} synchronises exactly as the same send or receive
 * outside a select (Go spec, "Select statements"; Go memory model, "Channel communication"):
 * the chosen receive case sees everything its sender wrote before sending, and a send case
 * completed by a receiver sees what the receiver wrote before receiving. Each test takes a
 * different path through select: the poll of a select with a default case, a select parked on
 * several channels and completed by a sender, and a select's send case completed by a receiver.
 */
public class SelectSeesSendersWrites {

    /** The message: a mutable object with a plain field, filled in by the sender. */
    static final class Box {
        int payload;
    }

    @JCStressTest
    @Description("Select with default over two buffered channels: the chosen case sees every write made before its send.")
    @Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "default: nothing sent yet")
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE_INTERESTING, desc = "received from a, sees x")
    @Outcome(id = "2, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "received from b, sees x and y")
    @Outcome(expect = FORBIDDEN, desc = "the chosen case misses a write made before its send")
    @State
    public static class DefaultCase {
        final Chan<Integer> a = Chan.make(1);
        final Chan<Integer> b = Chan.make(1);
        int x;   // plain, written before a's send
        int y;   // plain, written before b's send

        @Actor
        public void sender() {
            x = 1;
            a.send(1);   // buffers are empty: never blocks
            y = 1;
            b.send(2);
        }

        @Actor
        public void selector(III_Result r) {
            Select.select(
                    Select.onRecv(a, v -> {
                        r.r1 = 1;
                        r.r2 = x;
                    }),
                    Select.onRecv(b, v -> {
                        r.r1 = 2;
                        r.r2 = x;
                        r.r3 = y;
                    }),
                    Select.onDefault(() -> { }));
        }
    }

    @JCStressTest
    @Description("Blocking select over two unbuffered channels, completed by a plain send: both sides see the other's earlier writes.")
    @Outcome(id = "1, 42, 1", expect = ACCEPTABLE, desc = "rendezvous: each side sees the other's earlier writes")
    @Outcome(expect = FORBIDDEN, desc = "a write made before the rendezvous is not visible on the other side")
    @State
    public static class RecvCaseRendezvous {
        final Chan<Box> a = Chan.make();
        final Chan<Box> b = Chan.make();   // never sent on: makes the select wait on two channels
        int x;   // plain, written by the sender before send
        int y;   // plain, written by the selector before select

        @Actor
        public void sender(III_Result r) {
            Box box = new Box();
            box.payload = 42;
            x = 1;
            a.send(box);   // blocks until the select takes it: both actors always run
            r.r1 = y;
        }

        @Actor
        public void selector(III_Result r) {
            y = 1;
            Box box = Select.select(Select.recv(a), Select.recv(b));
            r.r2 = box == null ? -1 : box.payload;   // never throw: the sender would stay blocked
            r.r3 = x;
        }
    }

    @JCStressTest
    @Description("A select's send case on an unbuffered channel, completed by a plain receive: both sides see the other's earlier writes.")
    @Outcome(id = "1, 42, 1", expect = ACCEPTABLE, desc = "rendezvous: each side sees the other's earlier writes")
    @Outcome(expect = FORBIDDEN, desc = "a write made before the rendezvous is not visible on the other side")
    @State
    public static class SendCaseRendezvous {
        final Chan<Box> a = Chan.make();
        final Chan<Box> b = Chan.make();   // never received from: makes the select wait on two channels
        int x;   // plain, written by the selector before select
        int y;   // plain, written by the receiver before recv

        @Actor
        public void selector(III_Result r) {
            Box box = new Box();
            box.payload = 42;
            x = 1;
            Select.select(Select.send(a, box), Select.send(b, new Box()));   // only a has a receiver
            r.r1 = y;
        }

        @Actor
        public void receiver(III_Result r) {
            y = 1;
            Box box = a.recv();   // blocks until the select's send: both actors always run
            r.r2 = box == null ? -1 : box.payload;
            r.r3 = x;
        }
    }
}
