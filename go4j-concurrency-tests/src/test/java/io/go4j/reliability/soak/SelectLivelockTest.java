package io.go4j.reliability.soak;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.reliability.soak.Topology.Size;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SelectLivelockTest replays the soak topology that first exposed a livelock in go4j's channel
 * lock, so that it stays fixed: every goroutine of a program that only uses channels, selects
 * and timers must keep making progress, as Go's runtime guarantees.
 *
 * <p>What went wrong: a select locks its channels in id order and, waiting for its second lock,
 * spun and then called {@code Thread.yield()} while holding the first; the goroutines waiting
 * for the held lock spun and yielded too. The JDK's virtual-thread scheduler drains a carrier's
 * local queue before it polls the shared one, so the yielders kept both carriers busy while the
 * yielded holder waited in a queue no carrier polled: the round hung with one lock held and
 * every other lock free. The fix (HChan.lockNested): a lock holder never leaves its carrier; a
 * select's second and later locks are only spun for. Against the core before the fix this test
 * hung in 2 of 3 runs on a 2-core machine (five replays each); after it, never.
 */
class SelectLivelockTest {

    /** The soak round seed of the first hang: 5 channels, 11 goroutines, an injector that never pauses. */
    private static final long SEED = 278902378453961899L;

    /** Replays: each takes well under a second when every goroutine progresses. */
    private static final int REPLAYS = 5;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @DisplayName("selects holding channel locks keep making progress while others spin and yield (soak seed 278902378453961899)")
    void theSoakTopologyThatLivelockedRunsToCompletion() {
        Topology topology = Topology.generate(SEED, Size.SHORT);
        Round.Limits limits = new Round.Limits(Duration.ofSeconds(20), Duration.ofSeconds(10));
        for (int i = 0; i < REPLAYS; i++) {
            Round.Result r = new Round(topology, Plant.NONE, "soak-livelock-" + i + "-").run(limits);
            int replay = i;
            assertTrue(r.ok(), () -> "replay " + replay + " of seed " + SEED + " failed:\n" + topology.describe()
                    + "\nproblems:\n  " + String.join("\n  ", r.problems()));
        }
    }
}
