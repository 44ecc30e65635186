package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.go4j.Chan;
import io.go4j.Select;
import io.go4j.reliability.Mode;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A goroutine whose select both sends and receives on one channel neither deadlocks itself nor
 * receives its own value: two such goroutines pair with each other, never each with itself.
 *
 * <p>Mirrors Go's {@code runtime/chan_test.go TestSelfSelect} (and the last case of
 * {@code test/chan/select3.go}, "select should not get confused if it sees itself"): two
 * goroutines each run a loop of {@code select { case c <- p: case v := <-c: }} (the case order
 * varying between iterations) on one channel. On an unbuffered channel every communication is
 * between the two, so neither may ever receive its own identity; on a buffered one the loop must
 * simply never block for good. This test also counts, per goroutine, what it sent and received:
 * on the unbuffered channel each goroutine's sends are exactly the other's receives, and on the
 * buffered one everything sent and not received is still in the buffer.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // for -Psoak; in the short mode each test needs seconds
@GoLeakCheck
class SelfSelectDoesNotDeadlockTest {

    private static final int SELECTS = Mode.pick(20_000, 1_000_000);

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1, 10})
    @DisplayName("two goroutines selecting send and receive on one channel finish, and never receive their own value")
    void twoSelfSelectingGoroutinesFinish(int capacity) {
        Chan<Integer> c = Chan.make(capacity);
        AtomicLongArray sent = new AtomicLongArray(2);
        AtomicLongArray received = new AtomicLongArray(2);
        try (Goroutines g = new Goroutines("self select, cap " + capacity)) {
            for (int p = 0; p < 2; p++) {
                int me = p;
                g.go("goroutine " + me, () -> {
                    for (int i = 0; i < SELECTS; i++) {
                        Select.Case<Integer> send = Select.send(c, me, () -> -1);
                        Select.Case<Integer> recv = Select.recv(c, v -> v);
                        int got = (me == 0 || i % 2 == 0) ? Select.select(send, recv) : Select.select(recv, send);
                        if (got == -1) {
                            sent.incrementAndGet(me);
                        } else {
                            received.incrementAndGet(me);
                            if (capacity == 0) {
                                assertNotEquals(me, got, "goroutine " + me + " received its own value");
                            }
                        }
                    }
                });
            }
            g.awaitAll();
        }
        assertEquals(2L * SELECTS, sent.get(0) + sent.get(1) + received.get(0) + received.get(1));
        if (capacity == 0) {
            assertEquals(sent.get(0), received.get(1), "goroutine 0's sends are goroutine 1's receives");
            assertEquals(sent.get(1), received.get(0), "goroutine 1's sends are goroutine 0's receives");
        } else {
            long inBuffer = sent.get(0) + sent.get(1) - received.get(0) - received.get(1);
            assertEquals(inBuffer, c.len(), "values sent and not received are in the buffer");
        }
    }
}
