package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.go4j.Chan;
import io.go4j.RecvChan;
import io.go4j.Select;
import io.go4j.SendChan;
import io.go4j.reliability.Mode;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Exactly one case of a select runs: a select offering the same value on four unbuffered
 * channels, each drained by its own forwarding goroutine, delivers every value exactly once.
 *
 * <p>Mirrors Go's {@code test/chan/doubleselect.go} (a runtime bug let two cases of one select
 * both complete when their channels' receivers arrived together; the same value then came out
 * twice): a sender selects over four unbuffered channels for each counter value; four mux
 * goroutines range over one channel each and forward to a shared channel, which is closed once
 * all four are done; a receiver checks that no value appears twice. This test also checks that
 * none is missing.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // for -Psoak; in the short mode each test needs seconds
@GoLeakCheck
class DoubleSelectTest {

    private static final int N = Mode.pick(100_000, 2_000_000);

    @Test
    @DisplayName("values sent by a four-way select and merged again arrive exactly once each")
    void noValueDeliveredTwice() {
        List<Chan<Integer>> outs = List.of(Chan.make(), Chan.make(), Chan.make(), Chan.make());
        Chan<Integer> merged = Chan.make();
        Chan<Boolean> done = Chan.make();
        BitSet seen = new BitSet(N);
        try (Goroutines g = new Goroutines("double select")) {
            g.go("sender", () -> {
                try {
                    for (int i = 0; i < N; i++) {
                        Select.select(
                                Select.send(outs.get(0), i),
                                Select.send(outs.get(1), i),
                                Select.send(outs.get(2), i),
                                Select.send(outs.get(3), i));
                    }
                } finally {
                    outs.forEach(Chan::close);
                }
            });
            for (Chan<Integer> in : outs) {
                g.go("mux", () -> mux(merged.sendOnly(), in.recvOnly(), done.sendOnly()));
            }
            g.go("closer", () -> {
                for (int i = 0; i < outs.size(); i++) {
                    done.recv();
                }
                merged.close();
            });
            for (int v : merged) {
                assertFalse(seen.get(v), "value " + v + " delivered twice");
                seen.set(v);
            }
            g.awaitAll();
        }
        assertEquals(N, seen.cardinality(), "values delivered");
    }

    /** Forwards everything from {@code in} to {@code out}, then reports on {@code done}. */
    private static void mux(SendChan<Integer> out, RecvChan<Integer> in, SendChan<Boolean> done) {
        for (int v : in) {
            out.send(v);
        }
        done.send(true);
    }
}
