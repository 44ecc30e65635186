package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Recv;
import io.go4j.Select;
import io.go4j.reliability.Mode;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Channels act as first-in-first-out queues (Go spec, "Channel types"): the values one goroutine
 * sends on a channel are received in the order sent, whichever operations send and receive them
 * (send, trySend, a select's send case; recv, recvOk, tryRecv, range, a select's receive case)
 * and however many other senders and receivers share the channel.
 *
 * <p>Mirrors Go's {@code test/chan/fifo.go}: a buffered channel returns its values in order
 * (AsynchFifo), and goroutines that receive one after another from an unbuffered channel, each
 * waiting for its predecessor through a daisy chain of channels, get the values in the order
 * they were sent (SynchFifo). go4j-core's ChanStressTest checks per-producer order for plain
 * sends and receives on one channel; here every sender and every receiver switches between all
 * of go4j's operations at random, and selects spread each sender's values over two channels, so
 * order is checked per sender and per channel. Each channel has receivers of its own (a
 * receiver blocked on one channel while every sender waits on the other would be a deadlock of
 * the test, not of the channels), and one more receiver selects over both.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // for -Psoak; in the short mode each test needs seconds
@GoLeakCheck
class PerSenderFifoTest {

    private static final int PER_SENDER = Mode.pick(20_000, 400_000);
    private static final int CHAIN = Mode.pick(1_000, 10_000);

    @Test
    @DisplayName("a buffered channel returns its values in the order sent")
    void bufferedChannelIsFifo() {
        int n = 1024;
        Chan<Integer> ch = Chan.make(n);
        for (int i = 0; i < n; i++) {
            ch.send(i);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(i, ch.recv());
        }
    }

    @Test
    @DisplayName("receivers taking turns on an unbuffered channel through a daisy chain get the values in order")
    void chainedReceiversGetValuesInOrder() {
        Chan<Integer> ch = Chan.make();
        Chan<Boolean> start = Chan.make();
        try (Goroutines g = new Goroutines("synchronous fifo")) {
            Chan<Boolean> in = start;
            for (int i = 0; i < CHAIN; i++) {
                Chan<Boolean> out = Chan.make();
                Chan<Boolean> myTurn = in;
                int expected = i;
                g.go("link " + i, () -> {
                    myTurn.recv();
                    assertEquals(expected, ch.recv(), "link " + expected + " received out of order");
                    out.send(true);
                });
                in = out;
            }
            start.send(true);
            for (int i = 0; i < CHAIN; i++) {
                ch.send(i);
            }
            in.recv();
            g.awaitAll();
        }
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1, 2, 16, 1024})
    @DisplayName("each sender's values arrive in order on each channel, through every kind of send and receive")
    void perSenderOrderThroughEveryOperation(int capacity) {
        int senders = 3;
        int receivers = 5;
        long seed = System.nanoTime();
        List<Chan<Long>> chans = List.of(Chan.make(capacity), Chan.make(capacity));
        AtomicIntegerArray received = new AtomicIntegerArray(senders * PER_SENDER);
        try (Goroutines g = new Goroutines("per-sender fifo, cap " + capacity + ", seed " + seed)) {
            Chan<Boolean> sendersDone = Chan.make(senders);
            for (int s = 0; s < senders; s++) {
                int sender = s;
                SplittableRandom rnd = new SplittableRandom(seed + s);
                g.go("sender " + s, () -> {
                    for (int seq = 0; seq < PER_SENDER; seq++) {
                        send(chans, rnd, (long) sender << 32 | seq);
                    }
                    sendersDone.send(true);
                });
            }
            g.go("closer", () -> {
                for (int s = 0; s < senders; s++) {
                    sendersDone.recv();
                }
                chans.forEach(Chan::close);
            });
            for (int r = 0; r < receivers; r++) {
                // receivers 0 and 1 own channel 0 and 1 respectively; the others receive from both
                boolean[] ignored = new boolean[chans.size()];
                if (r < chans.size()) {
                    ignored[1 - r] = true;
                }
                SplittableRandom rnd = new SplittableRandom(seed + senders + r);
                String who = "receiver " + r + " (seed " + seed + ")";
                g.go(who, () -> {
                    int[][] last = new int[chans.size()][senders];
                    for (int[] row : last) {
                        Arrays.fill(row, -1);
                    }
                    while (true) {
                        Msg m = receive(chans, ignored, rnd);
                        if (m == null) {
                            return; // its channels are closed and drained
                        }
                        int sender = (int) (m.value >>> 32);
                        int seq = (int) m.value;
                        assertTrue(seq > last[m.chan][sender], who + ": on channel " + m.chan + ", sender "
                                + sender + "'s value " + seq + " came after " + last[m.chan][sender]);
                        last[m.chan][sender] = seq;
                        received.incrementAndGet(sender * PER_SENDER + seq);
                    }
                });
            }
            g.awaitAll();
        }
        for (int i = 0; i < received.length(); i++) {
            assertEquals(1, received.get(i), "value " + (i / PER_SENDER) + "/" + (i % PER_SENDER) + " received this often");
        }
    }

    /** Sends v on one of the channels, with one of the send operations, chosen at random. */
    private static void send(List<Chan<Long>> chans, SplittableRandom rnd, long v) {
        Chan<Long> c = chans.get(rnd.nextInt(chans.size()));
        switch (rnd.nextInt(4)) {
            case 0 -> c.send(v);
            case 1 -> {
                while (!c.trySend(v)) {
                    Conformance.yieldInSpin();
                }
            }
            case 2 -> Select.select(Select.send(c, v), Select.send(Chan.<Long>nil(), v));
            default -> Select.select(Select.send(chans.get(0), v), Select.send(chans.get(1), v));
        }
    }

    /** A value and the index of the channel it came from. */
    private record Msg(int chan, long value) {}

    /**
     * Receives one value from one of the channels not yet marked in {@code closed}, with one of
     * the receive operations, chosen at random; marks a channel when a receive reports it closed;
     * returns null once both are marked. A channel the receiver does not own starts marked.
     */
    private static Msg receive(List<Chan<Long>> chans, boolean[] closed, SplittableRandom rnd) {
        while (!(closed[0] && closed[1])) {
            int k = closed[0] ? 1 : closed[1] ? 0 : rnd.nextInt(2);
            Chan<Long> c = chans.get(k);
            Recv<Long> r;
            switch (rnd.nextInt(5)) {
                case 0 -> {
                    Long v = c.recv();
                    r = new Recv<>(v, v != null);
                }
                case 1 -> r = c.recvOk();
                case 2 -> r = c.tryRecv();
                case 3 -> {
                    var it = c.iterator();
                    r = it.hasNext() ? new Recv<>(it.next(), true) : new Recv<>(null, false);
                }
                default -> {
                    // a select over both channels; one seen closed is replaced by the nil channel
                    Msg m = Select.select(
                            Select.recvOk(closed[0] ? Chan.<Long>nil() : chans.get(0),
                                    x -> new Msg(0, x.ok() ? x.value() : -1)),
                            Select.recvOk(closed[1] ? Chan.<Long>nil() : chans.get(1),
                                    x -> new Msg(1, x.ok() ? x.value() : -1)));
                    k = m.chan;
                    r = m.value >= 0 ? new Recv<>(m.value, true) : new Recv<>(null, false);
                }
            }
            if (r == null) {
                Conformance.yieldInSpin(); // tryRecv found nothing ready
            } else if (r.ok()) {
                return new Msg(k, r.value());
            } else {
                closed[k] = true;
            }
        }
        return null;
    }
}
