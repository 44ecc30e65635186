package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static io.go4j.reliability.TestSupport.awaitWaitReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.Chan;
import io.go4j.Select;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A select that waits on a channel, even several times over, leaves that channel's queue intact
 * when another case wins: the goroutines queued behind it are still woken, in turn, by later
 * communications.
 *
 * <p>Mirrors Go's {@code runtime/chan_test.go TestSelectDuplicateChannel} (goroutine A selects
 * on {@code <-c, <-c, <-d} and is queued on c twice; goroutine B then queues on c; a send on d
 * wakes A, which must dequeue both its entries on c; a later send on c must then wake B, not a
 * stale entry of A's) and {@code test/chan/select6.go} (Go issue 2075: a select that was the last
 * waiter on a channel, with other waiters ahead of it, corrupted that channel's queue when another
 * of its cases won, so later waiters were never woken). Also {@code test/chan/select7.go}: every
 * form of send (statement, one-case select, two-case select) meets every form of receive.
 */
@GoLeakCheck
class SelectDuplicateChannelTest {

    /** How goroutine A's select lists the channel c twice. */
    enum Duplicate { RECV_RECV, SEND_SEND }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Duplicate.class)
    @DisplayName("a select queued twice on c and woken through d leaves c's queue intact for the goroutine behind it")
    void duplicateCasesAreAllDequeued(Duplicate dup) {
        Chan<Integer> c = Chan.make();
        Chan<Integer> d = Chan.make();
        Chan<Integer> e = Chan.make();
        try (Goroutines g = new Goroutines("duplicate channel " + dup)) {
            Thread a = g.go("A", () -> {
                String won = switch (dup) {
                    case RECV_RECV -> Select.select(
                            Select.recv(c, v -> "c"), Select.recv(c, v -> "c"), Select.recv(d, v -> "d"));
                    case SEND_SEND -> Select.select(
                            Select.send(c, 1, () -> "c"), Select.send(c, 2, () -> "c"), Select.recv(d, v -> "d"));
                };
                assertEquals("d", won);
                e.send(9);
            });
            awaitWaitReason(a, "select"); // A is queued on c first
            boolean bReceives = dup != Duplicate.SEND_SEND;
            AtomicReference<Integer> bGot = new AtomicReference<>();
            Thread b = g.go("B", () -> {
                if (bReceives) {
                    bGot.set(c.recv());
                } else {
                    c.send(8);
                }
            });
            awaitWaitReason(b, bReceives ? "chan receive" : "chan send"); // B is queued on c behind A

            d.send(7);                 // wakes A, which must take all its entries off c
            assertEquals(9, e.recv()); // A is done
            if (bReceives) {
                c.send(8);             // must reach B, not a stale entry of A's
            } else {
                assertEquals(8, c.recv(), "B's value, not one of A's withdrawn send cases");
            }
            g.awaitAll();
            if (bReceives) {
                assertEquals(8, bGot.get());
            }
            assertFalse(c.trySend(0), "nobody may still be receiving on c");
            assertNull(c.tryRecv(), "nobody may still be sending on c");
        }
    }

    @Test
    @DisplayName("a losing select that was last in a channel's queue leaves later waiters wakeable (Go issue 2075)")
    void losingSelectDoesNotCorruptTheQueue() {
        Chan<Boolean> c1 = Chan.make();
        Chan<Boolean> c2 = Chan.make();
        Chan<Boolean> c3 = Chan.make();
        try (Goroutines g = new Goroutines("select6")) {
            Thread first = g.go("first receiver on c1", c1::recv);
            awaitWaitReason(first, "chan receive");
            Thread selector = g.go("select on c1 and c2", () -> {
                Select.select(
                        Select.onRecv(c1, v -> fail("the select must not receive from c1")),
                        Select.onRecv(c2, v -> c3.send(true)));
                c1.recv(); // waits again on c1, behind the first receiver
            });
            awaitWaitReason(selector, "select");
            g.go("sender on c2", () -> c2.send(true));
            c3.recv();
            c1.send(true); // to the first receiver
            c1.send(true); // to the selector's second wait: hangs if c1's queue was corrupted
            g.awaitAll();
        }
    }

    /** The three ways select7.go sends or receives one value. */
    enum Form { STATEMENT, ONE_CASE_SELECT, TWO_CASE_SELECT }

    @Test
    @DisplayName("every form of send meets every form of receive, whichever arrives first")
    void everySendFormMeetsEveryReceiveForm() {
        for (Form send : Form.values()) {
            for (Form recv : Form.values()) {
                for (boolean receiverFirst : new boolean[] {true, false}) {
                    String what = send + " send, " + recv + " receive, " + (receiverFirst ? "receiver" : "sender") + " first";
                    Chan<Integer> c = Chan.make();
                    AtomicReference<Integer> got = new AtomicReference<>();
                    try (Goroutines g = new Goroutines(what)) {
                        if (receiverFirst) {
                            Thread r = g.go("receiver", () -> got.set(receive(recv, c)));
                            awaitWaitReason(r, recv == Form.STATEMENT ? "chan receive" : "select");
                            send(send, c, 42);
                        } else {
                            Thread s = g.go("sender", () -> send(send, c, 42));
                            awaitWaitReason(s, send == Form.STATEMENT ? "chan send" : "select");
                            got.set(receive(recv, c));
                        }
                        g.awaitAll();
                    }
                    assertEquals(42, got.get(), what);
                }
            }
        }
    }

    private static void send(Form form, Chan<Integer> c, int v) {
        Chan<Integer> other = Chan.make();
        switch (form) {
            case STATEMENT -> c.send(v);
            case ONE_CASE_SELECT -> Select.select(Select.send(c, v));
            case TWO_CASE_SELECT -> Select.select(Select.send(c, v), Select.send(other, v));
        }
    }

    private static Integer receive(Form form, Chan<Integer> c) {
        Chan<Integer> other = Chan.make();
        return switch (form) {
            case STATEMENT -> c.recv();
            case ONE_CASE_SELECT -> Select.select(Select.recv(c));
            case TWO_CASE_SELECT -> Select.select(Select.recv(c), Select.recv(other));
        };
    }
}
