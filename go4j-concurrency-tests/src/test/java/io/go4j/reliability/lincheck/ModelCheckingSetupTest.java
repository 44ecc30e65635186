package io.go4j.reliability.lincheck;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * ModelCheckingSetupTest proves that the model-checking tests of this package run with go4j's
 * spinning turned off, without which they would never explore a blocked operation's parking.
 *
 * <p>Why: Lincheck's model checker stops the clock ({@code System.nanoTime()} returns the same
 * value for ever), so go4j's spins, which are bounded in time (a channel operation's adaptive
 * spin before parking, Mutex.lock's spin while the lock is held), never end by themselves: a
 * blocked operation spins until its counterpart completes it and never parks. Everything behind
 * the park (the PARKED state, unpark on completion, the Mutex's queue, WOKEN and hand-off) is
 * then never model checked: a Mutex whose unlock forgot to wake a queued locker passed 3,000
 * model-checking invocations with spinning on, and failed at once ("The execution has hung")
 * with it off. The surefire execution {@code lincheck-model-checking} sets
 * {@code -Dgo4j.spin=false}, which go4j-core reads into {@code Hooks.SPIN}.
 */
@Tag("model-checking")
class ModelCheckingSetupTest {

    @Test
    void spinningIsOffWhileModelChecking() throws ReflectiveOperationException {
        Field spin = Class.forName("io.go4j.internal.runtime.Hooks").getField("SPIN");
        assertFalse(spin.getBoolean(null),
                "model checking needs -Dgo4j.spin=false (see the surefire execution lincheck-model-checking)");
    }
}
