package io.go4j.reliability.lincheck;

import io.go4j.GoPanic;
import io.go4j.sync.Mutex;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.go4j.reliability.lincheck.Scenarios.Op;

/**
 * MutexLincheckTest proves that go4j's Mutex is Go's {@code sync.Mutex} under model checking and
 * stress: lock, tryLock and unlock (by any goroutine, panicking when unlocked) are linearizable,
 * and critical sections guarded by lock or by a successful tryLock never overlap (a counter
 * incremented by a read and a separate write inside them loses no update).
 *
 * <p>Checked with {@link DualVerifier} against {@link Model}, in random scenarios that cannot
 * hang, because lock blocks. The specification leaves open which parked locker gets a freed
 * Mutex, and allows a newcomer to take it first (Go's normal mode lets arrivals barge).
 * Starvation mode (a waiter blocked over 1 ms is handed the lock) depends on the clock, which
 * Lincheck's model checker stops, so only stress can reach it. Mirrors Go's sync.Mutex
 * documentation: "A locked Mutex is not associated with a particular goroutine", "It is a
 * run-time error if m is not locked on entry to Unlock", and TryLock's contract.
 */
@Timeout(value = 35, unit = TimeUnit.MINUTES)   // for -Psoak; each check is bounded by LincheckRun.TIME_LIMIT
class MutexLincheckTest {

    @Tag("model-checking")
    @Test
    void lockTryLockAndUnlockAreLinearizableUnderModelChecking() {
        LincheckRun.check("mutex lock/tryLock/unlock (generated)",
                LincheckRun.custom(LincheckRun.modelChecking(), lockScenarios(LincheckRun.SCENARIOS)),
                Ops.class);
    }

    @Test
    void lockTryLockAndUnlockAreLinearizableUnderStress() {
        LincheckRun.check("mutex lock/tryLock/unlock (generated)",
                LincheckRun.custom(LincheckRun.stress(), lockScenarios(LincheckRun.SCENARIOS)),
                Ops.class);
    }

    @Tag("model-checking")
    @Test
    void criticalSectionsNeverOverlapUnderModelChecking() {
        LincheckRun.check("mutex critical sections (generated)",
                LincheckRun.custom(LincheckRun.modelChecking(), sectionScenarios(LincheckRun.SCENARIOS)),
                Ops.class);
    }

    @Test
    void criticalSectionsNeverOverlapUnderStress() {
        LincheckRun.check("mutex critical sections (generated)",
                LincheckRun.custom(LincheckRun.stress(), sectionScenarios(LincheckRun.SCENARIOS)),
                Ops.class);
    }

    static List<ExecutionScenario> lockScenarios(int count) {
        return Scenarios.random(Ops.class, Ops::model, 6_001, count, new Scenarios.Shape(2, 4, 1, 1),
                List.of(Op.of("lock", 3), Op.of("tryLock", 2), Op.of("unlock", 4)));
    }

    static List<ExecutionScenario> sectionScenarios(int count) {
        return Scenarios.random(Ops.class, Ops::model, 6_002, count, new Scenarios.Shape(3, 2, 0, 1),
                List.of(Op.of("inc", 3), Op.of("tryInc", 2)));
    }

    /** Lincheck test class: one Mutex and a counter it guards. */
    public static class Ops {
        final Mutex mu = new Mutex();
        int counter;   // guarded by mu: read and written in two steps, so overlap loses updates

        public Ops() {
            LincheckRun.invoked();
        }

        public static DualSpec<?> model() {
            return new Model();
        }

        @Operation
        public String lock() {
            mu.lock();
            return "ok";
        }

        @Operation
        public String tryLock() {
            return String.valueOf(mu.tryLock());
        }

        @Operation
        public String unlock() {
            try {
                mu.unlock();
                return "ok";
            } catch (GoPanic p) {
                return ChanModel.panic(p);
            }
        }

        /** A critical section: returns the counter it read, after writing it plus one. */
        @Operation
        public String inc() {
            mu.lock();
            try {
                int x = counter;
                counter = x + 1;
                return String.valueOf(x);
            } finally {
                mu.unlock();
            }
        }

        /** A critical section entered only if tryLock succeeds; "busy" otherwise. */
        @Operation
        public String tryInc() {
            if (!mu.tryLock()) {
                return "busy";
            }
            try {
                int x = counter;
                counter = x + 1;
                return String.valueOf(x);
            } finally {
                mu.unlock();
            }
        }
    }

    /**
     * Go's Mutex: a flag, the parked lockers (any of which may take the Mutex when it is free),
     * and the critical sections in progress (entered with the flag set, left by clearing it).
     */
    static final class Model extends DualSpec<Model> {
        record Waiter(int id, String op) {}

        record Section(int id, int read) {}

        boolean locked;
        int counter;
        final List<Waiter> parked = new ArrayList<>();
        final List<Section> sections = new ArrayList<>();

        @Override
        Model copy() {
            Model m = new Model();
            m.locked = locked;
            m.counter = counter;
            m.parked.addAll(parked);
            m.sections.addAll(sections);
            return m;
        }

        @Override
        String key() {
            return locked + "," + counter + parked + sections;
        }

        @Override
        List<Model> start(String op, List<Object> args, int id) {
            return switch (op) {
                case "lock", "inc" -> one(m -> {
                    if (m.locked) {
                        m.parked.add(new Waiter(id, op));
                    } else {
                        m.acquire(id, op);
                    }
                });
                case "tryLock" -> one(m -> {
                    m.complete(id, String.valueOf(!m.locked));
                    m.locked = true;
                });
                case "tryInc" -> one(m -> {
                    if (m.locked) {
                        m.complete(id, "busy");
                    } else {
                        m.acquire(id, op);
                    }
                });
                case "unlock" -> one(m -> m.complete(id, m.release()));
                default -> throw new IllegalArgumentException(op);
            };
        }

        /** A parked locker takes the free Mutex (any of them), or a critical section ends. */
        @Override
        List<Model> internal() {
            List<Model> next = successors();
            if (!locked) {
                for (Waiter w : parked) {
                    Model m = copy();
                    m.parked.remove(w);
                    m.acquire(w.id, w.op);
                    next.add(m);
                }
            }
            for (Section s : sections) {
                Model m = copy();
                m.sections.remove(s);
                m.counter = s.read + 1;
                String unlocked = m.release();
                m.complete(s.id, unlocked.equals("ok") ? String.valueOf(s.read) : unlocked);
                next.add(m);
            }
            return next;
        }

        private void acquire(int id, String op) {
            locked = true;
            if (op.equals("lock")) {
                complete(id, "ok");
            } else {
                sections.add(new Section(id, counter));
            }
        }

        private String release() {
            if (!locked) {
                return "panic: sync: unlock of unlocked mutex";
            }
            locked = false;
            return "ok";
        }
    }
}
