package io.go4j.reliability.lincheck;

import io.go4j.Chan;
import io.go4j.Select;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.go4j.reliability.lincheck.Scenarios.Op;

/**
 * SelectLincheckTest proves that go4j's select over two channels, {@code a} and {@code b}, acts
 * at one instant as Go's does, under model checking and under stress: among the cases ready at
 * that instant it takes one (any one: the specification allows every choice), runs the default
 * only if no case is ready at that instant, otherwise parks on every case and is served by
 * exactly one, leaving no trace in the other channel's queue. Selects that receive from both
 * channels, send to both, send to one and receive from the other, and send to and receive from
 * the same channel (which must never pair with itself) run against plain sends, receives, tries
 * and closes on both channels, unbuffered and buffered.
 *
 * <p>Checked against {@link ChanModel} with {@link DualVerifier}, because Lincheck's own verifier
 * needs a deterministic specification and Go's select chooses among ready cases at random (the
 * spec's "uniform pseudo-random selection"). Mirrors the Go spec's "Select statements" and
 * runtime/select.go (all channels locked, one pass over the cases in random order, then one
 * enqueue on every channel).
 */
@Timeout(value = 35, unit = TimeUnit.MINUTES)   // for -Psoak; each check is bounded by LincheckRun.TIME_LIMIT
class SelectLincheckTest {
    /** Capacity of both channels; a static because Lincheck creates test instances itself. */
    static volatile int capacity;

    @Tag("model-checking")
    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {0, 1})
    void selectIsLinearizableUnderModelChecking(int cap) {
        capacity = cap;
        LincheckRun.check("select, two chans cap " + cap + " (generated)",
                LincheckRun.custom(LincheckRun.modelChecking(), scenarios(cap, LincheckRun.SCENARIOS)),
                Ops.class);
    }

    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {0, 1})
    void selectIsLinearizableUnderStress(int cap) {
        capacity = cap;
        LincheckRun.check("select, two chans cap " + cap + " (generated)",
                LincheckRun.custom(LincheckRun.stress(), scenarios(cap, LincheckRun.SCENARIOS)),
                Ops.class);
    }

    /** Named scenarios, then random ones mixing selects with plain operations on both channels; none can hang. */
    static List<ExecutionScenario> scenarios(int cap, int count) {
        List<ExecutionScenario> all = new ArrayList<>(named(cap));
        all.addAll(Scenarios.random(Ops.class, Ops::model, 5_000 + cap, count,
                new Scenarios.Shape(2, 3, 2, 2),
                List.of(Op.of("selectRecv", 3), Op.of("selectRecvDefault", 2),
                        Op.withValue("selectSend", 2), Op.withValue("selectSendDefault", 2),
                        Op.withValue("selectSendRecv", 2), Op.withValue("selectSendRecvDefault", 2),
                        Op.withValue("selectSame", 2),
                        Op.withValue("sendA", 2), Op.withValue("sendB", 2), Op.of("recvOkA", 2), Op.of("recvOkB", 2),
                        Op.withValue("trySendA", 1), Op.withValue("trySendB", 1), Op.of("tryRecvA", 1),
                        Op.of("tryRecvB", 1), Op.of("closeA", 1), Op.of("closeB", 1))));
        return all;
    }

    /**
     * Two parked selects are each served by exactly one send; two selects that send to and
     * receive from the same channel pair with each other, never with themselves; and (with
     * buffers) a select with a default never takes it while, at every instant, some case is
     * ready: b holds a value until a has one.
     */
    static List<ExecutionScenario> named(int cap) {
        Class<?> c = Ops.class;
        List<ExecutionScenario> named = new ArrayList<>(List.of(
                Scenarios.safe(Ops::model, List.of(),
                        List.of(List.of(Scenarios.actor(c, "selectRecv"), Scenarios.actor(c, "selectRecv")),
                                List.of(Scenarios.actor(c, "sendA", 1), Scenarios.actor(c, "sendB", 2))),
                        List.of(Scenarios.actor(c, "tryRecvA"), Scenarios.actor(c, "tryRecvB"))),
                Scenarios.safe(Ops::model, List.of(),
                        List.of(List.of(Scenarios.actor(c, "selectSame", 1)), List.of(Scenarios.actor(c, "selectSame", 2))),
                        List.of(Scenarios.actor(c, "tryRecvA")))));
        if (cap > 0) {
            named.add(Scenarios.safe(Ops::model, List.of(Scenarios.actor(c, "trySendB", 1)),
                    List.of(List.of(Scenarios.actor(c, "selectRecvDefault")),
                            List.of(Scenarios.actor(c, "trySendA", 2), Scenarios.actor(c, "tryRecvB"))),
                    List.of()));
        }
        return named;
    }

    /** Selects and plain operations on two channels of capacity {@link #capacity}. */
    public static class Ops {
        final Chan<Integer> a = Chan.make(capacity);
        final Chan<Integer> b = Chan.make(capacity);

        public Ops() {
            LincheckRun.invoked();
        }

        /** The specification {@link DualVerifier} checks against. */
        public static DualSpec<?> model() {
            return new ChanModel(capacity, capacity);
        }

        @Operation
        public String selectRecv() {
            return ChanModel.orPanic(() -> Select.select(
                    Select.recvOk(a, r -> "a:" + ChanModel.recvOk(r)),
                    Select.recvOk(b, r -> "b:" + ChanModel.recvOk(r))));
        }

        @Operation
        public String selectRecvDefault() {
            return ChanModel.orPanic(() -> Select.select(
                    Select.recvOk(a, r -> "a:" + ChanModel.recvOk(r)),
                    Select.recvOk(b, r -> "b:" + ChanModel.recvOk(r)),
                    Select.defaultCase(() -> "default")));
        }

        @Operation
        public String selectSend(int v) {
            return ChanModel.orPanic(() -> Select.select(
                    Select.send(a, v, () -> "a<-" + v),
                    Select.send(b, v, () -> "b<-" + v)));
        }

        @Operation
        public String selectSendDefault(int v) {
            return ChanModel.orPanic(() -> Select.select(
                    Select.send(a, v, () -> "a<-" + v),
                    Select.send(b, v, () -> "b<-" + v),
                    Select.defaultCase(() -> "default")));
        }

        @Operation
        public String selectSendRecv(int v) {
            return ChanModel.orPanic(() -> Select.select(
                    Select.send(a, v, () -> "a<-" + v),
                    Select.recvOk(b, r -> "b:" + ChanModel.recvOk(r))));
        }

        @Operation
        public String selectSendRecvDefault(int v) {
            return ChanModel.orPanic(() -> Select.select(
                    Select.send(a, v, () -> "a<-" + v),
                    Select.recvOk(b, r -> "b:" + ChanModel.recvOk(r)),
                    Select.defaultCase(() -> "default")));
        }

        /** Sends to and receives from the same channel: it must never receive its own value. */
        @Operation
        public String selectSame(int v) {
            return ChanModel.orPanic(() -> Select.select(
                    Select.send(a, v, () -> "a<-" + v),
                    Select.recvOk(a, r -> "a:" + ChanModel.recvOk(r))));
        }

        @Operation
        public String sendA(int v) {
            return send(a, v);
        }

        @Operation
        public String sendB(int v) {
            return send(b, v);
        }

        @Operation
        public String recvOkA() {
            return ChanModel.recvOk(a.recvOk());
        }

        @Operation
        public String recvOkB() {
            return ChanModel.recvOk(b.recvOk());
        }

        @Operation
        public String trySendA(int v) {
            return ChanModel.orPanic(() -> String.valueOf(a.trySend(v)));
        }

        @Operation
        public String trySendB(int v) {
            return ChanModel.orPanic(() -> String.valueOf(b.trySend(v)));
        }

        @Operation
        public String tryRecvA() {
            return ChanModel.recvOk(a.tryRecv());
        }

        @Operation
        public String tryRecvB() {
            return ChanModel.recvOk(b.tryRecv());
        }

        @Operation
        public String closeA() {
            return close(a);
        }

        @Operation
        public String closeB() {
            return close(b);
        }

        private static String send(Chan<Integer> c, int v) {
            return ChanModel.orPanic(() -> {
                c.send(v);
                return "ok";
            });
        }

        private static String close(Chan<Integer> c) {
            return ChanModel.orPanic(() -> {
                c.close();
                return "ok";
            });
        }
    }
}
