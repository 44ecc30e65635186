package io.go4j.reliability.lincheck;

import io.go4j.GoPanic;
import io.go4j.context.Context;
import io.go4j.semaphore.Weighted;
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
 * SemaphoreLincheckTest proves that go4j's weighted semaphore is Go's
 * {@code golang.org/x/sync/semaphore.Weighted} under model checking and stress, for a semaphore
 * of size 3 and weights 1 and 2: acquire takes its weight at once only if it fits and nobody is
 * queued, else queues; waiters are served strictly first come, first served (a small request
 * never overtakes a larger one ahead of it); tryAcquire never queues and fails while anyone is
 * queued; release beyond what is held panics and changes nothing.
 *
 * <p>Checked with {@link DualVerifier} against {@link Model}, in random scenarios that cannot
 * hang, since acquire blocks. Mirrors x/sync/semaphore's documentation and its FIFO rule ("If
 * the semaphore is not available, the request is queued ... a larger request is not starved by
 * smaller ones").
 */
@Timeout(value = 35, unit = TimeUnit.MINUTES)   // for -Psoak; each check is bounded by LincheckRun.TIME_LIMIT
class SemaphoreLincheckTest {
    static final int SIZE = 3;

    @Tag("model-checking")
    @Test
    void acquireTryAcquireAndReleaseAreLinearizableUnderModelChecking() {
        LincheckRun.check("semaphore (generated)",
                LincheckRun.custom(LincheckRun.modelChecking(), scenarios(LincheckRun.SCENARIOS)),
                Ops.class);
    }

    @Test
    void acquireTryAcquireAndReleaseAreLinearizableUnderStress() {
        LincheckRun.check("semaphore (generated)",
                LincheckRun.custom(LincheckRun.stress(), scenarios(LincheckRun.SCENARIOS)),
                Ops.class);
    }

    static List<ExecutionScenario> scenarios(int count) {
        return Scenarios.random(Ops.class, Ops::model, 10_001, count, new Scenarios.Shape(2, 3, 2, 1),
                List.of(Op.of("acquire1", 3), Op.of("acquire2", 3), Op.of("tryAcquire1", 2), Op.of("tryAcquire2", 2),
                        Op.of("release1", 3), Op.of("release2", 2)));
    }

    /** Lincheck test class: one semaphore of size {@link #SIZE}. */
    public static class Ops {
        final Weighted sem = new Weighted(SIZE);

        public Ops() {
            LincheckRun.invoked();
        }

        public static DualSpec<?> model() {
            return new Model();
        }

        @Operation
        public String acquire1() {
            return acquire(1);
        }

        @Operation
        public String acquire2() {
            return acquire(2);
        }

        @Operation
        public String tryAcquire1() {
            return String.valueOf(sem.tryAcquire(1));
        }

        @Operation
        public String tryAcquire2() {
            return String.valueOf(sem.tryAcquire(2));
        }

        @Operation
        public String release1() {
            return release(1);
        }

        @Operation
        public String release2() {
            return release(2);
        }

        private String acquire(int n) {
            sem.acquire(Context.background(), n);
            return "ok";
        }

        private String release(int n) {
            try {
                sem.release(n);
                return "ok";
            } catch (GoPanic p) {
                return ChanModel.panic(p);
            }
        }
    }

    /** Go's weighted semaphore: the weight held and a FIFO queue of parked acquirers. */
    static final class Model extends DualSpec<Model> {
        record Waiter(int id, int n) {}

        int cur;
        final List<Waiter> waiters = new ArrayList<>();

        @Override
        Model copy() {
            Model m = new Model();
            m.cur = cur;
            m.waiters.addAll(waiters);
            return m;
        }

        @Override
        String key() {
            return cur + "" + waiters;
        }

        @Override
        List<Model> start(String op, List<Object> args, int id) {
            int n = op.charAt(op.length() - 1) - '0';
            return switch (op.substring(0, op.length() - 1)) {
                case "acquire" -> one(m -> {
                    if (SIZE - m.cur >= n && m.waiters.isEmpty()) {
                        m.cur += n;
                        m.complete(id, "ok");
                    } else {
                        m.waiters.add(new Waiter(id, n));
                    }
                });
                case "tryAcquire" -> one(m -> {
                    boolean ok = SIZE - m.cur >= n && m.waiters.isEmpty();
                    if (ok) {
                        m.cur += n;
                    }
                    m.complete(id, String.valueOf(ok));
                });
                case "release" -> one(m -> {
                    if (n > m.cur) {
                        m.complete(id, "panic: semaphore: released more than held");
                        return;
                    }
                    m.cur -= n;
                    m.complete(id, "ok");
                    while (!m.waiters.isEmpty() && SIZE - m.cur >= m.waiters.getFirst().n) {
                        Waiter w = m.waiters.removeFirst();
                        m.cur += w.n;
                        m.complete(w.id, "ok");
                    }
                });
                default -> throw new IllegalArgumentException(op);
            };
        }
    }
}
