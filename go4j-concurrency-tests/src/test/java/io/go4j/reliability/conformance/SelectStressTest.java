package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.Chan;
import io.go4j.Select;
import io.go4j.reliability.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Plain sends and receives, a select that sends on four channels and a select that receives
 * from the same four, all interleaved chaotically, never deadlock, and every value sent is
 * received exactly once; a case on a nil channel is never chosen, so setting a finished
 * channel's case to nil retires it.
 *
 * <p>Mirrors Go's {@code runtime/chan_test.go TestSelectStress}: channels of capacity 0, 0, 2
 * and 3; per channel one goroutine sends N values and one receives N; one more goroutine sends
 * N values on each channel through a single four-case select, and another receives N from each
 * the same way, each replacing a channel by nil once it has done its N there (as
 * {@code test/chan/select.go} does with its send cases). Go only checks that the construct
 * finishes; this test also checks, per channel, that the sum of what was received is the sum of
 * what was sent (every value is distinct).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // for -Psoak; in the short mode each test needs seconds
@GoLeakCheck
class SelectStressTest {

    private static final int N = Mode.pick(50_000, 1_000_000);
    private static final int[] CAPACITIES = {0, 0, 2, 3};

    @Test
    @DisplayName("plain operations and four-case selects on the same channels finish and lose nothing")
    void selectStress() {
        int k = CAPACITIES.length;
        List<Chan<Long>> c = new ArrayList<>();
        for (int cap : CAPACITIES) {
            c.add(Chan.make(cap));
        }
        AtomicLongArray sentSum = new AtomicLongArray(k);
        AtomicLongArray receivedSum = new AtomicLongArray(k);
        try (Goroutines g = new Goroutines("select stress")) {
            for (int i = 0; i < k; i++) {
                int ch = i;
                g.go("sender " + ch, () -> {
                    for (long v = 0; v < N; v++) {
                        c.get(ch).send(v);
                        sentSum.addAndGet(ch, v);
                    }
                });
                g.go("receiver " + ch, () -> {
                    for (int n = 0; n < N; n++) {
                        receivedSum.addAndGet(ch, c.get(ch).recv());
                    }
                });
            }
            g.go("select sender", () -> {
                List<Chan<Long>> live = new ArrayList<>(c);
                int[] count = new int[k];
                for (int n = 0; n < k * N; n++) {
                    List<Select.Case<Integer>> cases = new ArrayList<>();
                    for (int i = k - 1; i >= 0; i--) { // Go lists its send cases in another order than its receive cases
                        int ch = i;
                        long v = N + count[ch];
                        cases.add(Select.send(live.get(ch), v, () -> ch));
                    }
                    int ch = Conformance.select(cases);
                    sentSum.addAndGet(ch, N + count[ch]);
                    if (++count[ch] == N) {
                        live.set(ch, Chan.nil());
                    }
                }
            });
            g.go("select receiver", () -> {
                List<Chan<Long>> live = new ArrayList<>(c);
                int[] count = new int[k];
                for (int n = 0; n < k * N; n++) {
                    List<Select.Case<Integer>> cases = new ArrayList<>();
                    for (int i = 0; i < k; i++) {
                        int ch = i;
                        cases.add(Select.recv(live.get(ch), v -> {
                            receivedSum.addAndGet(ch, v);
                            return ch;
                        }));
                    }
                    int ch = Conformance.select(cases);
                    if (++count[ch] == N) {
                        live.set(ch, Chan.nil());
                    }
                }
            });
            g.awaitAll();
        }
        long expected = (2L * N - 1) * (2L * N) / 2; // each channel carries 0..2N-1 once
        for (int i = 0; i < k; i++) {
            assertEquals(expected, sentSum.get(i), "channel " + i + ": sum sent");
            assertEquals(expected, receivedSum.get(i), "channel " + i + ": sum received");
        }
    }
}
