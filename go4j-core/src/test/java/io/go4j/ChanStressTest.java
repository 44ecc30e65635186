package io.go4j;

import static io.go4j.TestSupport.awaitCondition;
import static io.go4j.TestSupport.goRun;
import static io.go4j.TestSupport.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.TestSupport.Call;
import io.go4j.TestSupport.EachCapacity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;

/**
 * Stress tests of channels under contention, on every capacity, scaled by
 * {@link TestSupport#pick(int, int)} (short in CI, long otherwise): many producers and consumers, and close racing with
 * blocked senders and receivers. Each checks that no value is lost or duplicated and that each
 * producer's values keep their order.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChanStressTest {

    @AfterEach
    void reapGoroutines() {
        TestSupport.reap();
    }

    @EachCapacity
    @DisplayName("many producers and consumers: every value is received exactly once, each producer's in order")
    void manyProducersManyConsumers(int capacity) {
        int producers = 4;
        int consumers = 4;
        int perProducer = pick(5_000, 40_000);
        Chan<Integer> ch = Chan.make(capacity);

        List<Call<Void>> producing = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int first = p * perProducer;
            boolean spinning = p == 0; // one producer uses trySend, the others block in send
            producing.add(goRun("producer " + p, () -> {
                for (int v = first; v < first + perProducer; v++) {
                    if (spinning) {
                        while (!ch.trySend(v)) {
                            Thread.yield();
                        }
                    } else {
                        ch.send(v);
                    }
                }
            }));
        }
        List<List<Integer>> seen = new ArrayList<>();
        List<Call<Void>> consuming = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            List<Integer> mine = new ArrayList<>();
            seen.add(mine);
            int style = c;
            consuming.add(goRun("consumer " + c, () -> consume(ch, style, mine)));
        }
        for (Call<Void> p : producing) {
            p.await();
        }
        ch.close();
        for (Call<Void> c : consuming) {
            c.await();
        }

        int n = producers * perProducer;
        int[] count = new int[n];
        for (int c = 0; c < consumers; c++) {
            int[] last = new int[producers];
            java.util.Arrays.fill(last, -1);
            for (int v : seen.get(c)) {
                count[v]++;
                int p = v / perProducer;
                assertTrue(v > last[p], "consumer " + c + " received producer " + p + "'s value " + v
                        + " after " + last[p] + ": a producer's values must arrive in the order sent");
                last[p] = v;
            }
        }
        for (int v = 0; v < n; v++) {
            assertEquals(1, count[v], "value " + v + " received this many times");
        }
    }

    /** Receives until the channel is closed, each consumer with its own operation. */
    private static void consume(Chan<Integer> ch, int style, List<Integer> into) {
        switch (style % 4) {
            case 0 -> {
                for (Integer v : ch) {
                    into.add(v);
                }
            }
            case 1 -> {
                for (Recv<Integer> r = ch.recvOk(); r.ok(); r = ch.recvOk()) {
                    into.add(r.value());
                }
            }
            case 2 -> {
                for (Integer v = ch.recv(); v != null; v = ch.recv()) {
                    into.add(v);
                }
            }
            default -> {
                while (true) {
                    Recv<Integer> r = ch.tryRecv();
                    if (r == null) {
                        Thread.yield();
                    } else if (r.ok()) {
                        into.add(r.value());
                    } else {
                        return;
                    }
                }
            }
        }
    }

    @EachCapacity
    @DisplayName("close racing with senders: each send either delivers its value once or panics and delivers nothing")
    void closeRacingWithSenders(int capacity) {
        int rounds = pick(25, 200);
        int senders = 6;
        int stride = 1 << 20; // sender s sends s * stride + 0, 1, 2, ...
        for (int round = 0; round < rounds; round++) {
            Chan<Integer> ch = Chan.make(capacity);
            int[] delivered = new int[senders]; // how many sends of each sender returned normally
            List<Call<Void>> sending = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int id = s;
                boolean viaSelect = s % 2 == 1;
                sending.add(goRun("sender " + s, () -> {
                    int seq = 0;
                    try {
                        while (true) {
                            int v = id * stride + seq;
                            if (viaSelect) {
                                Select.select(Select.send(ch, v));
                            } else {
                                ch.send(v);
                            }
                            seq++;
                        }
                    } catch (GoPanic p) {
                        delivered[id] = seq;
                        assertEquals("send on closed channel", p.getMessage());
                    }
                }));
            }
            List<Integer> received = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger receivedCount = new AtomicInteger();
            Call<Void> receiver = goRun("receiver", () -> {
                for (Integer v : ch) {
                    received.add(v);
                    receivedCount.incrementAndGet();
                }
            });
            int closeAfter = ThreadLocalRandom.current().nextInt(0, 200);
            awaitCondition("receiver got " + closeAfter + " values", () -> receivedCount.get() >= closeAfter);
            ch.close();
            for (Call<Void> s : sending) {
                s.await();
            }
            receiver.await();

            List<Integer> expected = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                for (int seq = 0; seq < delivered[s]; seq++) {
                    expected.add(s * stride + seq);
                }
            }
            List<Integer> got = new ArrayList<>(received);
            int[] last = new int[senders];
            java.util.Arrays.fill(last, -1);
            for (int v : got) {
                int s = v / stride;
                if (v <= last[s]) {
                    fail("round " + round + ": sender " + s + "'s value " + v + " received after " + last[s]);
                }
                last[s] = v;
            }
            Collections.sort(got);
            assertEquals(expected, got, "round " + round
                    + ": the values received must be exactly those whose send returned normally");
        }
    }

    @EachCapacity
    @DisplayName("close racing with receivers: every receiver wakes, and every value sent is received once")
    void closeRacingWithReceivers(int capacity) {
        int rounds = pick(50, 400);
        int receivers = 6;
        for (int round = 0; round < rounds; round++) {
            Chan<Integer> ch = Chan.make(capacity);
            int n = ThreadLocalRandom.current().nextInt(0, capacity + 20);
            AtomicIntegerArray count = new AtomicIntegerArray(Math.max(n, 1));
            List<Call<Void>> receiving = new ArrayList<>();
            for (int r = 0; r < receivers; r++) {
                int style = r;
                receiving.add(goRun("receiver " + r, () -> {
                    switch (style % 3) {
                        case 0 -> {
                            for (Integer v : ch) {
                                count.incrementAndGet(v);
                            }
                        }
                        case 1 -> {
                            for (Recv<Integer> got = ch.recvOk(); got.ok(); got = ch.recvOk()) {
                                count.incrementAndGet(got.value());
                            }
                        }
                        default -> {
                            while (true) {
                                Recv<Integer> got = Select.select(Select.recvOk(ch, x -> x));
                                if (!got.ok()) {
                                    break;
                                }
                                count.incrementAndGet(got.value());
                            }
                        }
                    }
                }));
            }
            TestSupport.completesRun("sender", () -> {
                for (int v = 0; v < n; v++) {
                    ch.send(v);
                }
                ch.close();
            });
            for (Call<Void> r : receiving) {
                r.await();
            }
            for (int v = 0; v < n; v++) {
                assertEquals(1, count.get(v), "round " + round + ": value " + v + " received this many times");
            }
        }
    }
}
