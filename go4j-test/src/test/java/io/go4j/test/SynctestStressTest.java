package io.go4j.test;

import static io.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.go4j.Chan;
import io.go4j.sync.WaitGroup;
import io.go4j.time.Time;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many goroutines of one bubble sleeping random (seeded) durations and handing tokens to each
 * other: every timestamp is exactly what the sleeps dictate, a woken goroutine always sees the
 * time of its waker (the clock never moves between a wake-up and the run it causes), and two
 * runs produce the same timeline. Short under CI=true.
 */
@Timeout(120)
class SynctestStressTest {
    private static final boolean SHORT = System.getenv("CI") != null;
    private static final int PAIRS = SHORT ? 16 : 64;
    private static final int ROUNDS = SHORT ? 50 : 200;
    private static final int RUNS = SHORT ? 2 : 5;

    /** One hand-off: which pair, which round, when the sender sent and when the receiver got it. */
    record Handoff(int pair, int round, Instant sent, Instant received) {}

    @Test
    @DisplayName("random sleeps and hand-offs in a bubble: exact timestamps, no early advance, the same timeline every run")
    void timestampsAreExactlyWhatTheSleepsDictate() {
        List<Handoff> first = null;
        for (int run = 0; run < RUNS; run++) {
            List<Handoff> timeline = runOnce(42);
            if (first == null) {
                first = timeline;
            } else {
                assertEquals(first, timeline, "run " + run + " differs from run 0");
            }
        }
    }

    private static List<Handoff> runOnce(long seed) {
        Instant epoch = Instant.parse("2000-01-01T00:00:00Z");
        Handoff[][] log = new Handoff[PAIRS][ROUNDS];
        Synctest.test(() -> {
            WaitGroup wg = new WaitGroup();
            for (int p = 0; p < PAIRS; p++) {
                int pair = p;
                long[] pauses = pauses(seed, pair);
                Chan<Instant> token = Chan.make();          // unbuffered: a hand-off wakes a parked peer
                Chan<Instant> ack = Chan.make(pair % 2);    // half of them buffered
                wg.go(() -> {                               // the sender: sleeps, then hands off
                    for (int r = 0; r < ROUNDS; r++) {
                        Time.sleep(Duration.ofNanos(pauses[r]));
                        token.send(Time.now());
                        ack.recv();
                    }
                });
                wg.go(() -> {                               // the receiver: stamps what it got
                    for (int r = 0; r < ROUNDS; r++) {
                        Instant sent = token.recv();
                        log[pair][r] = new Handoff(pair, r, sent, Time.now());
                        ack.send(sent);
                    }
                });
            }
            wg.await();
        });
        List<Handoff> timeline = new ArrayList<>();
        for (int p = 0; p < PAIRS; p++) {
            long[] pauses = pauses(seed, p);
            long at = 0;
            for (int r = 0; r < ROUNDS; r++) {
                at += pauses[r];
                Handoff h = log[p][r];
                Instant expected = epoch.plusNanos(at);
                assertEquals(expected, h.sent(), "pair " + p + " round " + r + ": sent at the sum of its sleeps");
                assertEquals(expected, h.received(), "pair " + p + " round " + r + ": the clock moved before the receiver ran");
                timeline.add(h);
            }
        }
        assertFalse(timeline.isEmpty());
        return timeline;
    }

    /** The pair's sleeps, in ns: 1 ns to 10 s, some zero (no sleep at all), from the seed. */
    private static long[] pauses(long seed, int pair) {
        Random rnd = new Random(seed * 31 + pair);
        long[] out = new long[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            out[r] = rnd.nextInt(8) == 0 ? 0 : 1 + (long) (rnd.nextDouble() * 10_000_000_000L);
        }
        return out;
    }
}
