package io.go4j.reliability.lincheck;

import io.go4j.GoPanic;
import io.go4j.sync.WaitGroup;
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
 * WaitGroupLincheckTest proves that go4j's WaitGroup is Go's {@code sync.WaitGroup} under model
 * checking and stress: await returns exactly when the counter has reached zero (at once if it is
 * zero, else when the add or done that brings it there happens), every waiter is released by
 * that one step, and an add that would drive the counter below zero panics and, as go4j
 * documents, leaves the counter as it was, for every observer.
 *
 * <p>Checked with {@link DualVerifier} against {@link Model}, in random scenarios that cannot
 * hang and contain no misuse: a positive add from zero that may race with an await is Go's
 * documented misuse (the outcome is undefined, go4j panics where it detects it), so a scenario in
 * which some order reaches one is dropped. Mirrors Go's sync.WaitGroup documentation ("If the
 * counter becomes zero, all goroutines blocked on Wait are released. If the counter goes
 * negative, Add panics.").
 */
@Timeout(value = 35, unit = TimeUnit.MINUTES)   // for -Psoak; each check is bounded by LincheckRun.TIME_LIMIT
class WaitGroupLincheckTest {

    @Tag("model-checking")
    @Test
    void addDoneAndAwaitAreLinearizableUnderModelChecking() {
        LincheckRun.check("waitgroup (generated)",
                LincheckRun.custom(LincheckRun.modelChecking(), scenarios(LincheckRun.SCENARIOS)),
                Ops.class);
    }

    @Test
    void addDoneAndAwaitAreLinearizableUnderStress() {
        LincheckRun.check("waitgroup (generated)",
                LincheckRun.custom(LincheckRun.stress(), scenarios(LincheckRun.SCENARIOS)),
                Ops.class);
    }

    /**
     * A done() that would make a zero counter negative panics and leaves the counter at zero; an
     * await() racing with it must therefore return. Found by the generated scenarios (go4j's
     * add() first applies the delta, then undoes it: an await that reads the negative counter in
     * between registers as a waiter, and the undo, bringing the counter back to zero, releases
     * no one); kept as the smallest reproduction.
     */
    @Tag("model-checking")
    @Test
    void anAwaitRacingWithAPanickingDoneReturns() {
        Class<?> c = Ops.class;
        LincheckRun.check("waitgroup panicking done vs await (fixed)",
                LincheckRun.custom(LincheckRun.modelCheckingOne(), List.of(Scenarios.scenario(
                        List.of(),
                        List.of(List.of(Scenarios.actor(c, "done")), List.of(Scenarios.actor(c, "await"))),
                        List.of()))),
                c);
    }

    /**
     * An add(-2) that panics leaves the counter at one, so a waiter stays blocked until both
     * done() calls of the other goroutine; the waiter's own done() afterwards then panics. In
     * go4j, an add(1) that meets the counter made negative for an instant by the panicking
     * add(-2) sees it at zero and releases the waiter early: its done() succeeds and a later one
     * panics instead. Same cause as {@link #anAwaitRacingWithAPanickingDoneReturns}.
     */
    @Tag("model-checking")
    @Test
    void aPanickingAddDoesNotReleaseWaitersEarly() {
        Class<?> c = Ops.class;
        LincheckRun.check("waitgroup panicking add vs waiter (fixed)",
                LincheckRun.custom(LincheckRun.modelCheckingOne(), List.of(Scenarios.scenario(
                        List.of(Scenarios.actor(c, "add")),
                        List.of(List.of(Scenarios.actor(c, "addMinusTwo")),
                                List.of(Scenarios.actor(c, "add"), Scenarios.actor(c, "done"), Scenarios.actor(c, "done")),
                                List.of(Scenarios.actor(c, "await"), Scenarios.actor(c, "done"))),
                        List.of()))),
                c);
    }

    static List<ExecutionScenario> scenarios(int count) {
        return Scenarios.random(Ops.class, Ops::model, 8_001, count, new Scenarios.Shape(3, 3, 2, 1),
                List.of(Op.of("add", 2), Op.of("done", 4), Op.of("addMinusTwo", 1), Op.of("await", 3)));
    }

    /** Lincheck test class: one WaitGroup. */
    public static class Ops {
        final WaitGroup wg = new WaitGroup();

        public Ops() {
            LincheckRun.invoked();
        }

        public static DualSpec<?> model() {
            return new Model();
        }

        @Operation
        public String add() {
            return add(1);
        }

        @Operation
        public String done() {
            try {
                wg.done();
                return "ok";
            } catch (GoPanic p) {
                return ChanModel.panic(p);
            }
        }

        /** add(-2) in one step: panics, counter unchanged, if the counter is below two. */
        @Operation
        public String addMinusTwo() {
            return add(-2);
        }

        @Operation
        public String await() {
            try {
                wg.await();
                return "ok";
            } catch (GoPanic p) {
                return ChanModel.panic(p);
            }
        }

        private String add(int delta) {
            try {
                wg.add(delta);
                return "ok";
            } catch (GoPanic p) {
                return ChanModel.panic(p);
            }
        }
    }

    /**
     * Go's WaitGroup: a counter and the parked waiters, all released by the step that brings the
     * counter to zero; an add that would make it negative panics and changes nothing. A positive
     * add from zero after some await has started is misuse.
     */
    static final class Model extends DualSpec<Model> {
        int counter;
        boolean awaited;                                  // some await has started
        final List<Integer> waiters = new ArrayList<>();

        @Override
        Model copy() {
            Model m = new Model();
            m.counter = counter;
            m.awaited = awaited;
            m.waiters.addAll(waiters);
            return m;
        }

        @Override
        String key() {
            return counter + "," + awaited + waiters;
        }

        @Override
        List<Model> start(String op, List<Object> args, int id) {
            return switch (op) {
                case "add" -> one(m -> m.add(id, 1));
                case "done" -> one(m -> m.add(id, -1));
                case "addMinusTwo" -> one(m -> m.add(id, -2));
                case "await" -> one(m -> {
                    m.awaited = true;
                    if (m.counter == 0) {
                        m.complete(id, "ok");
                    } else {
                        m.waiters.add(id);
                    }
                });
                default -> throw new IllegalArgumentException(op);
            };
        }

        private void add(int id, int delta) {
            if (counter + delta < 0) {
                complete(id, "panic: sync: negative WaitGroup counter");
                return;
            }
            if (counter == 0 && delta > 0 && awaited) {
                misuse = true;
            }
            counter += delta;
            complete(id, "ok");
            if (counter == 0) {
                for (int w : waiters) {
                    complete(w, "ok");
                }
                waiters.clear();
            }
        }
    }
}
