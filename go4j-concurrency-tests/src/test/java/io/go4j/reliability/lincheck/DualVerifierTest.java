package io.go4j.reliability.lincheck;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionResult;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.execution.HBClock;
import org.jetbrains.kotlinx.lincheck.execution.ResultWithClock;
import org.jetbrains.kotlinx.lincheck.util.ValueResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DualVerifierTest proves that {@link DualVerifier}, with {@link ChanModel}, accepts the
 * histories Go allows and rejects the ones it does not, on hand-written histories of one
 * channel (no Lincheck run): a verifier that accepted everything would make every channel and
 * select check of this package pass.
 */
class DualVerifierTest {

    @Test
    void aRendezvousIsAccepted() {
        assertTrue(verify(0, op("send", 1, "ok"), op("recv", "1")));
    }

    @Test
    void anUnbufferedSendThatNobodyReceivedIsRejected() {
        assertFalse(verify(0, op("send", 1, "ok"), op("len", 0)));
    }

    @Test
    void aTrySendOnAnUnbufferedChannelSucceedsOnlyWithAParkedReceiver() {
        assertTrue(verify(0, op("trySend", 1, "true"), op("recvOk", "(1,true)")));
        assertFalse(verify(0, op("trySend", 1, "true"), op("tryRecv", "(1,true)")));
    }

    @Test
    void valuesLeaveInTheOrderTheyEntered() {
        List<Step> sender = List.of(op("send", 1, "ok"), op("send", 2, "ok"));
        assertTrue(verify(2, sender, List.of(op("recv", "1").after(2), op("recv", "2"))));
        assertFalse(verify(2, sender, List.of(op("recv", "2").after(2), op("recv", "1"))));
    }

    @Test
    void anOperationThatStartedAfterAnotherReturnedIsOrderedAfterIt() {
        // Overlapping, the receive may come first; started after the send returned, it may not.
        assertTrue(verify(1, op("trySend", 1, "true"), op("tryRecv", "none")));
        assertFalse(verify(1, op("trySend", 1, "true"), op("tryRecv", "none").after(1)));
    }

    @Test
    void closeWakesParkedReceiversAndFailsParkedSenders() {
        assertTrue(verify(0, List.of(op("recvOk", "(nil,false)")), List.of(op("close", "ok"))));
        assertTrue(verify(0, List.of(op("send", 1, ChanModel.SEND_ON_CLOSED)), List.of(op("close", "ok"))));
        assertFalse(verify(0, List.of(op("send", 1, "ok")), List.of(op("close", "ok"), op("tryRecv", "(nil,false)"))));
    }

    @Test
    void aScenarioThatCanHangIsRecognised() {
        Class<?> c = ChanLincheckTest.Ops.class;
        ChanLincheckTest.capacity = 0;
        assertTrue(DualVerifier.mayHang(ChanLincheckTest.Ops::model, List.of(),
                List.of(List.of(Scenarios.actor(c, "send", 1)), List.of(Scenarios.actor(c, "tryRecv"))), List.of()));
        assertFalse(DualVerifier.mayHang(ChanLincheckTest.Ops::model, List.of(),
                List.of(List.of(Scenarios.actor(c, "send", 1)), List.of(Scenarios.actor(c, "recv"))), List.of()));
    }

    // ---------------------------------------------------------------------------------------

    /** One operation of a history: its actor, its result, and how many of the other thread's operations had returned when it started. */
    record Step(Actor actor, Object result, int otherReturned) {
        Step after(int n) {
            return new Step(actor, result, n);
        }
    }

    private static Step op(String name, Object result) {
        return new Step(Scenarios.actor(ChanLincheckTest.Ops.class, name), result, 0);
    }

    private static Step op(String name, int arg, Object result) {
        return new Step(Scenarios.actor(ChanLincheckTest.Ops.class, name, arg), result, 0);
    }

    private static boolean verify(int capacity, Step first, Step second) {
        return verify(capacity, List.of(first), List.of(second));
    }

    /** Runs DualVerifier on a two-thread history of a channel of {@code capacity}. */
    private static boolean verify(int capacity, List<Step> t1, List<Step> t2) {
        ChanLincheckTest.capacity = capacity;
        List<List<Step>> threads = List.of(t1, t2);
        List<List<Actor>> actors = new ArrayList<>();
        List<List<ResultWithClock>> results = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            List<Actor> a = new ArrayList<>();
            List<ResultWithClock> r = new ArrayList<>();
            for (Step s : threads.get(t)) {
                int[] clock = new int[2];
                clock[1 - t] = s.otherReturned;
                a.add(s.actor);
                r.add(new ResultWithClock(new ValueResult(s.result), new HBClock(clock)));
            }
            actors.add(a);
            results.add(r);
        }
        ExecutionScenario scenario = Scenarios.scenario(List.of(), actors, List.of());
        return new DualVerifier(ChanLincheckTest.Ops.class)
                .verifyResults(scenario, new ExecutionResult(List.of(), results, List.of()));
    }
}
