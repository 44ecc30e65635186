package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static io.go4j.reliability.conformance.Conformance.assertProportion;
import static io.go4j.reliability.TestSupport.awaitWaitReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Select;
import io.go4j.reliability.Mode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * When several cases of a select can proceed, one is chosen by a uniform pseudo-random
 * selection (Go spec, "Select statements"): cases that cannot proceed do not tilt the choice,
 * and two send cases on the same channel are as likely as each other, whether the receiver is
 * already waiting or arrives while the select is blocked.
 *
 * <p>Mirrors Go's {@code runtime/chan_test.go TestSelectFairness} (a goroutine selects over two
 * never-ready unbuffered channels and two always-ready buffered ones, forwarding what it got
 * through a second select that also watches a done channel; the two ready channels must come out
 * about equally often) and {@code TestPseudoRandomSend} (a select with two send cases, of 0 and
 * 1, on one channel: both values must show up). go4j-core's SelectTest already checks uniformity
 * among ready cases on distinct channels and among two receive cases on one channel; this class
 * covers Go's shapes. Every bound is Hoeffding's, set so that a correct implementation fails a
 * run with probability below {@value #FALSE_FAILURE}.
 */
@GoLeakCheck
class SelectFairnessTest {

    private static final double FALSE_FAILURE = 1e-9;

    @Test
    @DisplayName("two ready cases among two never-ready ones are chosen equally often")
    void readyCasesChosenEquallyAmongNeverReadyOnes() {
        int trials = Mode.pick(10_000, 200_000);
        Chan<Integer> c1 = Chan.make(trials + 1);
        Chan<Integer> c2 = Chan.make(trials + 1);
        for (int i = 0; i < trials + 1; i++) {
            c1.send(1);
            c2.send(2);
        }
        Chan<Integer> c3 = Chan.make();
        Chan<Integer> c4 = Chan.make();
        Chan<Integer> out = Chan.make();
        Chan<Integer> done = Chan.make();
        int ones = 0;
        try (Goroutines g = new Goroutines("select fairness")) {
            g.go("selector", () -> {
                while (true) {
                    int b = Select.select(
                            Select.recv(c3, v -> v),
                            Select.recv(c4, v -> v),
                            Select.recv(c1, v -> v),
                            Select.recv(c2, v -> v));
                    boolean stop = Select.select(
                            Select.send(out, b, () -> false),
                            Select.recv(done, v -> true));
                    if (stop) {
                        return;
                    }
                }
            });
            for (int i = 0; i < trials; i++) {
                int b = out.recv();
                assertTrue(b == 1 || b == 2, "unexpected value " + b + ": a never-ready case fired");
                if (b == 1) {
                    ones++;
                }
            }
            done.close();
            g.awaitAll();
        }
        assertProportion("choices of c1 among c1 and c2", ones, trials, 0.5, FALSE_FAILURE / 2);
    }

    @Test
    @DisplayName("two send cases on one buffered channel with room are chosen equally often")
    void twoSendCasesOnOneChannelWithRoom() {
        int n = Mode.pick(10_000, 200_000);
        Chan<Integer> c = Chan.make(n);
        for (int i = 0; i < n; i++) {
            Select.select(Select.send(c, 1), Select.send(c, 0));
        }
        int ones = 0;
        for (int i = 0; i < n; i++) {
            ones += c.recv();
        }
        assertProportion("value 1 among the values sent", ones, n, 0.5, FALSE_FAILURE / 2);
    }

    @Test
    @DisplayName("two send cases on one unbuffered channel: a waiting receiver gets either value equally often")
    void twoSendCasesOnOneChannelWithWaitingReceiver() {
        int n = Mode.pick(1_000, 20_000);
        Chan<Integer> c = Chan.make();
        int ones = 0;
        try (Goroutines g = new Goroutines("pseudo-random send, receiver first")) {
            Chan<Integer> got = Chan.make(1);
            for (int i = 0; i < n; i++) {
                Thread r = g.go("receiver", () -> got.send(c.recv()));
                awaitWaitReason(r, "chan receive");
                Select.select(Select.send(c, 1), Select.send(c, 0));
                ones += got.recv();
            }
            g.awaitAll();
        }
        assertProportion("value 1 taken by a waiting receiver", ones, n, 0.5, FALSE_FAILURE / 2);
    }

    @Test
    @DisplayName("two send cases on one unbuffered channel: a receiver arriving at the blocked select gets either value equally often")
    void twoSendCasesOnOneChannelWithBlockedSelect() {
        int n = Mode.pick(1_000, 20_000);
        Chan<Integer> c = Chan.make();
        int ones = 0;
        try (Goroutines g = new Goroutines("pseudo-random send, select first")) {
            for (int i = 0; i < n; i++) {
                Thread s = g.go("select", () -> Select.select(Select.send(c, 1), Select.send(c, 0)));
                awaitWaitReason(s, "select");
                ones += c.recv();
            }
            g.awaitAll();
        }
        assertProportion("value 1 taken from a blocked select", ones, n, 0.5, FALSE_FAILURE / 2);
    }

    @Test
    @DisplayName("two receive cases on two channels with a blocked sender each: either is taken equally often")
    void blockedSendersOnTwoChannelsChosenEqually() {
        int n = Mode.pick(1_000, 20_000);
        int first = 0;
        try (Goroutines g = new Goroutines("two blocked senders")) {
            for (int i = 0; i < n; i++) {
                Chan<Integer> a = Chan.make();
                Chan<Integer> b = Chan.make();
                Thread sa = g.go("send a", () -> a.send(1));
                Thread sb = g.go("send b", () -> b.send(2));
                awaitWaitReason(sa, "chan send");
                awaitWaitReason(sb, "chan send");
                int v = Select.select(Select.recv(a, x -> x), Select.recv(b, x -> x));
                if (v == 1) {
                    first++;
                }
                assertEquals(v == 1 ? 2 : 1, (v == 1 ? b : a).recv(), "the other sender is still there");
            }
            g.awaitAll();
        }
        assertProportion("choices of a", first, n, 0.5, FALSE_FAILURE / 2);
    }
}
