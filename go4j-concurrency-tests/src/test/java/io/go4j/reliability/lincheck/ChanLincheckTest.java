package io.go4j.reliability.lincheck;

import io.go4j.Chan;
import io.go4j.GoPanic;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.go4j.reliability.lincheck.Scenarios.Op;

/**
 * ChanLincheckTest proves that a go4j channel, at capacities 0, 1, 2 and 16, behaves as Go's
 * channel under every interleaving Lincheck explores (model checking) and under real
 * concurrency (stress): every history of send, receive, receive-with-ok, trySend, tryRecv,
 * close and len is explained by Go's sequential semantics.
 *
 * <p>Two checks, because Lincheck's linearizability verifier needs every operation to complete
 * on its own, and a blocking send does not:
 * <ul>
 *   <li>the non-blocking operations (trySend, tryRecv, close, len) in Lincheck's own random
 *       scenarios, against {@link SequentialChan} with Lincheck's linearizability verifier: the
 *       standard check, independent of our verifier;</li>
 *   <li>all operations, blocking ones included, in random scenarios that the specification
 *       shows cannot hang in any order, against {@link ChanModel} with {@link DualVerifier}: a
 *       blocking operation is linearized when it parks and again when it is served, as Lincheck
 *       itself does for Kotlin's suspending channels. This is what checks that a send on an
 *       unbuffered channel hands its value to exactly one receiver, that a parked sender's value
 *       keeps its place behind the buffer, that close wakes parked receivers with
 *       {@code (nil,false)} and makes parked senders panic, and that trySend succeeds on an
 *       unbuffered channel only when a receiver is parked.</li>
 * </ul>
 * Mirrors Go's channel rules (the spec's "Channel types", "Send statements", "Receive operator",
 * "Close") and runtime/chan.go's FIFO queues of parked goroutines.
 */
@Timeout(value = 35, unit = TimeUnit.MINUTES)   // for -Psoak; each check is bounded by LincheckRun.TIME_LIMIT
class ChanLincheckTest {
    /*
     * Lincheck creates test instances with the no-arg constructor, so the capacity under test is
     * a static set before each check (tests in this class run one at a time).
     */
    static volatile int capacity;

    // ---------------------------------------------------------------------------------------
    // Non-blocking operations, Lincheck's generator and verifier. Not at capacity 0: with no
    // operation ever parked, an unbuffered channel can only refuse, which the generated
    // scenarios below cover together with the blocking partners that make it transfer. At
    // capacity 16, Lincheck's few operations never fill the buffer; the generated scenarios do.

    @Tag("model-checking")
    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {1, 2, 16})
    void nonBlockingOperationsAreLinearizableUnderModelChecking(int cap) {
        capacity = cap;
        LincheckRun.check("chan cap " + cap + " non-blocking (random)",
                LincheckRun.modelChecking().iterations(LincheckRun.RANDOM_ITERATIONS)
                        .sequentialSpecification(SequentialChan.class),
                TryOps.class);
    }

    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {1, 2, 16})
    void nonBlockingOperationsAreLinearizableUnderStress(int cap) {
        capacity = cap;
        LincheckRun.check("chan cap " + cap + " non-blocking (random)",
                LincheckRun.stress().iterations(LincheckRun.RANDOM_ITERATIONS)
                        .sequentialSpecification(SequentialChan.class),
                TryOps.class);
    }

    // ---------------------------------------------------------------------------------------
    // All operations, scenarios that cannot hang, DualVerifier

    @Tag("model-checking")
    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {0, 1, 2, 16})
    void blockingOperationsAreLinearizableUnderModelChecking(int cap) {
        capacity = cap;
        LincheckRun.check("chan cap " + cap + " blocking (generated)",
                LincheckRun.custom(LincheckRun.modelChecking(),
                        scenarios(cap, LincheckRun.SCENARIOS)),
                Ops.class);
    }

    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {0, 1, 2, 16})
    void blockingOperationsAreLinearizableUnderStress(int cap) {
        capacity = cap;
        LincheckRun.check("chan cap " + cap + " blocking (generated)",
                LincheckRun.custom(LincheckRun.stress(),
                        scenarios(cap, LincheckRun.SCENARIOS)),
                Ops.class);
    }

    /**
     * The scenarios of the generated checks: three that name a behaviour, then random ones of
     * every channel operation, none of which can hang. A large buffer starts one value short of
     * full (values 101, 102, ...), so that the few operations of a scenario reach its full and
     * its empty boundary as they do at capacities 1 and 2.
     */
    static List<ExecutionScenario> scenarios(int cap, int count) {
        List<Actor> prefill = new ArrayList<>();
        for (int i = 1; cap > 2 && i < cap; i++) {
            prefill.add(Scenarios.actor(Ops.class, "trySend", 100 + i));
        }
        List<ExecutionScenario> all = new ArrayList<>(named(prefill));
        all.addAll(Scenarios.random(Ops.class, Ops::model, 4_000 + cap, count,
                new Scenarios.Shape(2, 3, 2, 2),
                List.of(Op.withValue("send", 4), Op.of("recv", 3), Op.of("recvOk", 3),
                        Op.withValue("trySend", 2), Op.of("tryRecv", 2), Op.of("close", 1), Op.of("len", 1)),
                prefill));
        return all;
    }

    /**
     * Values pass a full buffer in order (a parked sender's value queues behind the buffered
     * ones); close completes parked senders (panic) and receivers, and buffered values are still
     * received after it; trySend hands a value to a parked receiver, even on an unbuffered channel.
     */
    static List<ExecutionScenario> named(List<Actor> init) {
        Class<?> c = Ops.class;
        return List.of(
                Scenarios.safe(Ops::model, init,
                        List.of(List.of(Scenarios.actor(c, "send", 1), Scenarios.actor(c, "send", 2), Scenarios.actor(c, "send", 3)),
                                List.of(Scenarios.actor(c, "recv"), Scenarios.actor(c, "recv"), Scenarios.actor(c, "recv"))),
                        List.of()),
                Scenarios.safe(Ops::model, init,
                        List.of(List.of(Scenarios.actor(c, "send", 1), Scenarios.actor(c, "send", 2)),
                                List.of(Scenarios.actor(c, "recvOk"), Scenarios.actor(c, "close"))),
                        List.of(Scenarios.actor(c, "tryRecv"), Scenarios.actor(c, "tryRecv"))),
                Scenarios.safe(Ops::model, init,
                        List.of(List.of(Scenarios.actor(c, "recvOk"), Scenarios.actor(c, "len")),
                                List.of(Scenarios.actor(c, "trySend", 1), Scenarios.actor(c, "close"))),
                        List.of()));
    }

    // ---------------------------------------------------------------------------------------
    // Lincheck test classes

    /** The non-blocking operations on one channel of capacity {@link #capacity}. */
    public static class TryOps {
        final Chan<Integer> ch = Chan.make(capacity);

        public TryOps() {
            LincheckRun.invoked();
        }

        @Operation
        public String trySend(@Param(gen = IntGen.class, conf = "1:9") int v) {
            try {
                return String.valueOf(ch.trySend(v));
            } catch (GoPanic p) {
                return ChanModel.panic(p);
            }
        }

        @Operation
        public String tryRecv() {
            return ChanModel.recvOk(ch.tryRecv());
        }

        @Operation
        public String close() {
            try {
                ch.close();
                return "ok";
            } catch (GoPanic p) {
                return ChanModel.panic(p);
            }
        }

        @Operation
        public int len() {
            return ch.len();
        }
    }

    /** Every operation on one channel; run only in scenarios that cannot hang. */
    public static class Ops extends TryOps {
        /** The specification {@link DualVerifier} checks against. */
        public static DualSpec<?> model() {
            return new ChanModel(capacity, 0);
        }

        @Operation
        public String send(int v) {
            try {
                ch.send(v);
                return "ok";
            } catch (GoPanic p) {
                return ChanModel.panic(p);
            }
        }

        @Operation
        public String recv() {
            Integer v = ch.recv();
            return String.valueOf(v == null ? "nil" : v);
        }

        @Operation
        public String recvOk() {
            return ChanModel.recvOk(ch.recvOk());
        }
    }

    /**
     * Go's channel for non-blocking operations only: with no operation ever parked, trySend
     * succeeds exactly when the buffer has room, so an unbuffered channel never accepts one.
     */
    public static class SequentialChan {
        private final ArrayDeque<Integer> buf = new ArrayDeque<>();
        private boolean closed;

        public String trySend(int v) {
            if (closed) {
                return ChanModel.SEND_ON_CLOSED;
            }
            if (buf.size() == capacity) {
                return "false";
            }
            buf.addLast(v);
            return "true";
        }

        public String tryRecv() {
            if (!buf.isEmpty()) {
                return ChanModel.recvOk(buf.removeFirst(), true);
            }
            return closed ? ChanModel.recvOk(null, false) : "none";
        }

        public String close() {
            if (closed) {
                return ChanModel.CLOSE_OF_CLOSED;
            }
            closed = true;
            return "ok";
        }

        public int len() {
            return buf.size();
        }
    }
}
