package io.go4j.reliability.lincheck;

import io.go4j.context.CancelContext;
import io.go4j.context.Context;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.go4j.reliability.lincheck.Scenarios.Op;

/**
 * ContextLincheckTest proves that go4j's cancellable contexts behave as Go's under model
 * checking and stress, for a parent and its child: cancel is idempotent; err() is nil until
 * cancellation and {@code context canceled} after, and never reports a cancellation whose done
 * channel is not yet closed; cancelling the parent cancels the child before the parent's cancel
 * returns (but not at the same instant: the child may be seen uncancelled in between);
 * cancelling the child leaves the parent alone; a receive from done() blocks until cancellation.
 *
 * <p>Checked with {@link DualVerifier} against {@link Model}, in random scenarios that cannot
 * hang, since receiving from done() blocks; the cancel of a parent is a two-step operation in
 * the specification (parent, then child), as in Go's propagation. Mirrors Go's context
 * documentation ("the returned context's Done channel is closed when the returned cancel
 * function is called or when the parent context's Done channel is closed"; "After Err returns a
 * non-nil error, successive calls to Err return the same error"; "If Done is closed, Err returns
 * a non-nil error").
 */
@Timeout(value = 35, unit = TimeUnit.MINUTES)   // for -Psoak; each check is bounded by LincheckRun.TIME_LIMIT
class ContextLincheckTest {

    @Tag("model-checking")
    @Test
    void cancelErrAndDoneAreLinearizableUnderModelChecking() {
        LincheckRun.check("context cancel/err/done (generated)",
                LincheckRun.custom(LincheckRun.modelChecking()
                        // A context's children are a HashSet of objects hashed by identity, whose
                        // bucket order differs between runs; Lincheck's replay of an interleaving
                        // then diverges ("Non-determinism found"). The set is only touched under
                        // the context's lock, so its methods may be treated as atomic.
                        .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(
                                name -> name.startsWith("java.util.HashMap") || name.startsWith("java.util.HashSet"))
                                .allMethods().treatAsAtomic()),
                        scenarios(LincheckRun.SCENARIOS)),
                Ops.class);
    }

    @Test
    void cancelErrAndDoneAreLinearizableUnderStress() {
        LincheckRun.check("context cancel/err/done (generated)",
                LincheckRun.custom(LincheckRun.stress(), scenarios(LincheckRun.SCENARIOS)),
                Ops.class);
    }

    static List<ExecutionScenario> scenarios(int count) {
        return Scenarios.random(Ops.class, Ops::model, 9_001, count, new Scenarios.Shape(2, 3, 0, 1),
                List.of(Op.of("cancelParent", 3), Op.of("cancelChild", 2),
                        Op.of("errParent", 2), Op.of("errChild", 3), Op.of("doneParent", 2), Op.of("doneChild", 3),
                        Op.of("awaitChild", 2)));
    }

    /** Lincheck test class: a cancellable context and a cancellable child of it. */
    public static class Ops {
        final CancelContext parent = Context.withCancel(Context.background());
        final CancelContext child = Context.withCancel(parent);

        public Ops() {
            LincheckRun.invoked();
        }

        public static DualSpec<?> model() {
            return new Model();
        }

        @Operation
        public String cancelParent() {
            parent.cancel();
            return "ok";
        }

        @Operation
        public String cancelChild() {
            child.cancel();
            return "ok";
        }

        @Operation
        public String errParent() {
            return err(parent);
        }

        @Operation
        public String errChild() {
            return err(child);
        }

        @Operation
        public String doneParent() {
            return parent.done().tryRecv() == null ? "open" : "closed";
        }

        @Operation
        public String doneChild() {
            return child.done().tryRecv() == null ? "open" : "closed";
        }

        /** Blocks until the child's done channel is closed. */
        @Operation
        public String awaitChild() {
            child.done().recv();
            return "ok";
        }

        private static String err(Context c) {
            RuntimeException e = c.err();
            return e == null ? "nil" : e.getMessage();
        }
    }

    /**
     * Go's parent and child contexts: each cancelled once, err and done in one step; the
     * parent's cancel parks until an internal step cancels the child.
     */
    static final class Model extends DualSpec<Model> {
        boolean parentCancelled;
        boolean childCancelled;
        int propagating = -1;                          // the parent's cancel waiting to reach the child
        final List<Integer> awaiting = new ArrayList<>();   // receivers parked on the child's done

        @Override
        Model copy() {
            Model m = new Model();
            m.parentCancelled = parentCancelled;
            m.childCancelled = childCancelled;
            m.propagating = propagating;
            m.awaiting.addAll(awaiting);
            return m;
        }

        @Override
        String key() {
            return parentCancelled + "," + childCancelled + "," + propagating + awaiting;
        }

        @Override
        List<Model> start(String op, List<Object> args, int id) {
            return switch (op) {
                case "cancelParent" -> one(m -> {
                    if (m.parentCancelled || m.childCancelled) {
                        m.parentCancelled = true;
                        m.complete(id, "ok");
                    } else {
                        m.parentCancelled = true;
                        m.propagating = id;
                    }
                });
                case "cancelChild" -> one(m -> {
                    m.cancelChild();
                    m.complete(id, "ok");
                });
                case "errParent" -> one(m -> m.complete(id, m.parentCancelled ? "context canceled" : "nil"));
                case "errChild" -> one(m -> m.complete(id, m.childCancelled ? "context canceled" : "nil"));
                case "doneParent" -> one(m -> m.complete(id, m.parentCancelled ? "closed" : "open"));
                case "doneChild" -> one(m -> m.complete(id, m.childCancelled ? "closed" : "open"));
                case "awaitChild" -> one(m -> {
                    if (m.childCancelled) {
                        m.complete(id, "ok");
                    } else {
                        m.awaiting.add(id);
                    }
                });
                default -> throw new IllegalArgumentException(op);
            };
        }

        /** The parent's cancellation reaches the child, and the parent's cancel returns. */
        @Override
        List<Model> internal() {
            if (propagating < 0) {
                return List.of();
            }
            return one(m -> {
                m.cancelChild();
                m.complete(m.propagating, "ok");
                m.propagating = -1;
            });
        }

        private void cancelChild() {
            if (!childCancelled) {
                childCancelled = true;
                for (int a : awaiting) {
                    complete(a, "ok");
                }
                awaiting.clear();
            }
        }
    }
}
