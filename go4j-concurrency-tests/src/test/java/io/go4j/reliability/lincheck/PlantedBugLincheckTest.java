package io.go4j.reliability.lincheck;

import io.go4j.Chan;
import io.go4j.GoPanic;
import io.go4j.Recv;
import io.go4j.sync.Mutex;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PlantedBugLincheckTest proves that the Lincheck harness of this package can fail: each test
 * runs it, unchanged, on a deliberately broken primitive that mimics a real failure mode of a
 * channel implementation, and expects the failure it must report.
 * <ul>
 *   <li>A check-then-act race in trySend: the room left in the buffer is checked, and the value
 *       appended later under the lock, so two concurrent trySends both succeed on a full
 *       buffer. Caught by Lincheck's own linearizability verifier, with the same sequential
 *       specification as {@link ChanLincheckTest}.</li>
 *   <li>A select smeared over time: it polls one channel, then the other, instead of looking
 *       at both at one instant, so it can take the default while some case was ready at every
 *       instant (Go's select must not). Caught by {@link DualVerifier} with {@link ChanModel},
 *       the verifier and specification of {@link SelectLincheckTest}.</li>
 * </ul>
 * Both run under model checking, which finds the interleaving deterministically.
 */
@Timeout(value = 35, unit = TimeUnit.MINUTES)   // for -Psoak; each check is bounded by LincheckRun.TIME_LIMIT
@Tag("model-checking")
class PlantedBugLincheckTest {

    @Test
    void aCheckThenActRaceInTrySendIsCaught() {
        LincheckAssertionError e = assertThrows(LincheckAssertionError.class, () -> LincheckRun.check(
                "planted bug: racy trySend (expected to fail)",
                LincheckRun.modelChecking().iterations(30).sequentialSpecification(SequentialCap1.class),
                RacyTrySendChan.class));
        assertTrue(e.getMessage().contains("Invalid execution results"), e.getMessage());
    }

    @Test
    void aSelectThatPollsOneChannelAtATimeIsCaught() {
        Class<?> c = SmearedSelect.class;
        // b holds a value; meanwhile another thread fills a, then empties b: at every instant
        // a case of the select is ready, so its default must never run.
        LincheckAssertionError e = assertThrows(LincheckAssertionError.class, () -> LincheckRun.check(
                "planted bug: smeared select (expected to fail)",
                LincheckRun.custom(LincheckRun.modelCheckingOne(), List.of(Scenarios.scenario(
                        List.of(Scenarios.actor(c, "trySendB", 1)),
                        List.of(List.of(Scenarios.actor(c, "selectRecvDefault")),
                                List.of(Scenarios.actor(c, "trySendA", 2), Scenarios.actor(c, "tryRecvB"))),
                        List.of()))),
                c));
        assertTrue(e.getMessage().contains("Invalid execution results"), e.getMessage());
    }

    // ---------------------------------------------------------------------------------------
    // The broken primitives

    /**
     * A channel of capacity 1 whose trySend reads the length, decides, and only then takes the
     * lock to append: the check and the act are not atomic. The rest is correct.
     */
    public static class RacyTrySendChan {
        private final Mutex mu = new Mutex();
        private final ArrayDeque<Integer> buf = new ArrayDeque<>();
        private volatile int len;           // written under mu, read without it by the bug

        public RacyTrySendChan() {
            LincheckRun.invoked();
        }

        @Operation
        public String trySend(@Param(gen = IntGen.class, conf = "1:9") int v) {
            if (len >= 1) {                 // BUG: checked without the lock that guards the append
                return "false";
            }
            mu.lock();
            try {
                buf.addLast(v);
                len = buf.size();
                return "true";
            } finally {
                mu.unlock();
            }
        }

        @Operation
        public String tryRecv() {
            mu.lock();
            try {
                if (!buf.isEmpty()) {
                    int v = buf.removeFirst();
                    len = buf.size();
                    return ChanModel.recvOk(v, true);
                }
                return "none";
            } finally {
                mu.unlock();
            }
        }

        @Operation
        public int len() {
            return len;
        }
    }

    /** Go's channel of capacity 1 for trySend, tryRecv and len. */
    public static class SequentialCap1 {
        private final ArrayDeque<Integer> buf = new ArrayDeque<>();

        public String trySend(int v) {
            if (buf.size() == 1) {
                return "false";
            }
            buf.addLast(v);
            return "true";
        }

        public String tryRecv() {
            return buf.isEmpty() ? "none" : ChanModel.recvOk(buf.removeFirst(), true);
        }

        public int len() {
            return buf.size();
        }
    }

    /**
     * Two correct go4j channels of capacity 1 and a select-with-default over them built from two
     * tryRecvs: correct for each channel, not at one instant for both.
     */
    public static class SmearedSelect {
        final Chan<Integer> a = Chan.make(1);
        final Chan<Integer> b = Chan.make(1);

        public SmearedSelect() {
            LincheckRun.invoked();
        }

        /** The specification: Go's select over a and b, both of capacity 1. */
        public static DualSpec<?> model() {
            return new ChanModel(1, 1);
        }

        @Operation
        public String selectRecvDefault() {
            Recv<Integer> r = a.tryRecv();          // BUG: a, then b, at two different instants
            if (r != null) {
                return "a:" + ChanModel.recvOk(r);
            }
            r = b.tryRecv();
            return r != null ? "b:" + ChanModel.recvOk(r) : "default";
        }

        @Operation
        public String trySendA(int v) {
            try {
                return String.valueOf(a.trySend(v));
            } catch (GoPanic p) {
                return ChanModel.panic(p);
            }
        }

        @Operation
        public String trySendB(int v) {
            try {
                return String.valueOf(b.trySend(v));
            } catch (GoPanic p) {
                return ChanModel.panic(p);
            }
        }

        @Operation
        public String tryRecvB() {
            return ChanModel.recvOk(b.tryRecv());
        }
    }
}
