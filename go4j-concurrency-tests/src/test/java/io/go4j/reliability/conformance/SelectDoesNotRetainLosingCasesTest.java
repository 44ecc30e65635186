package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static io.go4j.reliability.TestSupport.awaitWaitReason;
import static io.go4j.reliability.TestSupport.collect;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Select;
import io.go4j.reliability.Mode;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A select that blocks and is then woken by one case leaves nothing behind on the channels of
 * its other cases: many selects that lose on a channel do not make that channel hold on to their
 * waiters or to the values their send cases offered.
 *
 * <p>Mirrors Go's {@code test/chan/select2.go} ("selects do not consume undue memory"): 100,000
 * selects receive from a channel fed by a sender while also waiting on a dummy channel that
 * never fires; a second round must not grow the heap. Rather than measure the heap, this test
 * gives each select a dummy send case offering a fresh object, keeps weak references to some of
 * those objects (for selects it makes sure were parked, so their cases were queued on the dummy
 * channel), and checks that after the selects they are all collectable: a losing case left
 * linked in the dummy channel's queue would keep its value reachable. It also checks
 * the behavioural side: the dummy channel has nobody waiting on it afterwards.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // for -Psoak; in the short mode each test needs seconds
@GoLeakCheck
class SelectDoesNotRetainLosingCasesTest {

    private static final int SELECTS = Mode.pick(100_000, 1_000_000);
    private static final int SAMPLE_EVERY = 1_000;

    /** A value offered by a losing send case. */
    private static final class Offer {
        final byte[] ballast = new byte[64];
    }

    @Test
    @DisplayName("values offered by losing send cases on a dummy channel become unreachable")
    void losingSendCasesAreNotRetained() {
        Chan<Integer> c = Chan.make();
        Chan<Offer> dummy = Chan.make();
        Chan<Offer> dummyRecv = Chan.make();
        List<WeakReference<Offer>> sample = Collections.synchronizedList(new ArrayList<>());
        try (Goroutines g = new Goroutines("select2")) {
            Thread selector = g.go("selector", () -> {
                for (int i = 0; i < SELECTS; i++) {
                    Offer offer = new Offer();
                    if (i % SAMPLE_EVERY == 0) {
                        sample.add(new WeakReference<>(offer));
                    }
                    Select.select(
                            Select.recv(c),
                            Select.send(dummy, offer, () -> {
                                throw new AssertionError("nobody receives from dummy");
                            }),
                            Select.recv(dummyRecv, v -> {
                                throw new AssertionError("nobody sends on dummyRecv");
                            }));
                }
            });
            for (int i = 0; i < SELECTS; i++) {
                if (i % SAMPLE_EVERY == 0) {
                    // the sampled select must really block, so that its cases are queued on dummy
                    awaitWaitReason(selector, "select");
                }
                c.send(1);
            }
            g.awaitAll();
        }
        // before anything touches dummy again: an operation on it could drop stale entries itself
        int alive = collect(20, sample);
        assertTrue(alive == 0, alive + " of " + sample.size()
                + " values offered by losing send cases are still reachable after 20 full collections");
        Reference.reachabilityFence(dummy);
        assertNull(dummy.tryRecv(), "a losing send case is still offered on dummy");
        assertFalse(dummyRecv.trySend(new Offer()), "a losing receive case is still waiting on dummyRecv");
    }
}
