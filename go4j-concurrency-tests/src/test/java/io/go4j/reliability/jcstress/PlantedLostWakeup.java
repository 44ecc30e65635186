package io.go4j.reliability.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A planted bug, to prove that this harness can fail: the hand-off of a one-slot channel written
 * with release/acquire accesses where a full fence is needed. {@link JcstressTest} requires
 * jcstress to observe this test's forbidden outcome; a run that does not is a failed run.
 *
 * <p>The bug is the classic lost wake-up of a blocking queue's fast path. The sender puts the
 * value in the slot, then looks whether a receiver has announced that it is about to park (if so
 * it must unpark it). The receiver announces itself, then looks at the slot one last time before
 * parking. Each side writes one variable and then reads the other's: a store followed by a load
 * of another location. Release/acquire orders neither that store before that load
 * (store-buffering, "SB" in the litmus literature), and x86 itself reorders them: each store
 * waits in its core's store buffer while the load reads memory. So both can miss the other: the
 * sender skips the unpark and the receiver parks with the value sitting in the slot, forever.
 * go4j's Waiter closes that window with a CAS on one word (a full fence); Go's runtime with the
 * channel lock.
 *
 * <p>Why this bug rather than a racy publication through plain fields: on x86 stores are not
 * reordered with stores nor loads with loads, so a plain-field publication shows its broken
 * outcome only when the JIT happens to reorder the code, which may be never in a short run; the
 * store-buffer reordering is done by the hardware, millions of times a second.
 */
@JCStressTest
@Description("Planted bug: a release/acquire hand-off loses the wake-up (must be observed).")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "sender saw the parked receiver, receiver saw the value")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "receiver announced first: the sender will unpark it")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "value first: the receiver takes it without parking")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "lost wake-up: the receiver parks beside a full slot")
@State
public class PlantedLostWakeup {
    private int slot;       // the value; 0 = empty. Written by send with release semantics
    private int parking;    // 1 = a receiver is about to park. Written by recv with release semantics

    @Actor
    public void send(II_Result r) {
        SLOT.setRelease(this, 1);
        r.r1 = (int) PARKING.getAcquire(this);   // the bug: needs a full fence before this load
    }

    @Actor
    public void recv(II_Result r) {
        PARKING.setRelease(this, 1);
        r.r2 = (int) SLOT.getAcquire(this);      // the bug: likewise
    }

    // VarHandle mechanics
    private static final VarHandle SLOT;
    private static final VarHandle PARKING;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SLOT = l.findVarHandle(PlantedLostWakeup.class, "slot", int.class);
            PARKING = l.findVarHandle(PlantedLostWakeup.class, "parking", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
