package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.Chan;
import io.go4j.Recv;
import io.go4j.Select;
import io.go4j.reliability.Mode;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A non-blocking receive never reports "not ready" on a channel that is ready the whole time,
 * even while the channel changes from "holds a value" to "closed" under it.
 *
 * <p>Mirrors Go's {@code runtime/chan_test.go TestNonblockRecvRace}: a channel of capacity 1
 * holds one value; a goroutine does {@code select { case <-c: default: fail }} while the main
 * goroutine closes the channel and then receives the value. From the goroutine's start to its
 * end, c either holds a value or is closed (or both), so a receive can always proceed and the
 * default case must never run. A fast path that first sees "not closed" and then "empty", at two
 * different instants, would take the default in the gap (Go's runtime once had exactly that
 * bug). Checked for the three non-blocking forms go4j has: select with default over recv and
 * over recvOk, and tryRecv. The rounds run through {@link Conformance#raceRounds}, which makes
 * the two operations overlap far more often than a goroutine per round would.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // for -Psoak; in the short mode each test needs seconds
@GoLeakCheck
class NonblockRecvRaceTest {

    private static final int ROUNDS = Mode.pick(40_000, 1_000_000);

    /** The three ways to receive without blocking; each returns false if it did not receive. */
    enum Form {
        SELECT_RECV(c -> Select.select(Select.recv(c, v -> true), Select.defaultCase(() -> false))),
        SELECT_RECV_OK(c -> Select.select(Select.recvOk(c, r -> true), Select.defaultCase(() -> false))),
        TRY_RECV(c -> {
            Recv<Integer> r = c.tryRecv();
            return r != null;
        });

        final Function<Chan<Integer>, Boolean> attempt;

        Form(Function<Chan<Integer>, Boolean> attempt) {
            this.attempt = attempt;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Form.class)
    @DisplayName("a non-blocking receive on a channel that holds a value or is closed never takes default")
    void nonblockingReceiveNeverMissesAReadyChannel(Form form) {
        boolean[] received = Conformance.raceRounds(ROUNDS, () -> {
            Chan<Integer> c = Chan.make(1);
            c.send(1);
            return new Conformance.RaceRound() {
                public boolean racer() {
                    return form.attempt.apply(c);
                }

                public void main() {
                    c.close();
                    c.recv();
                }
            };
        });
        int defaults = 0;
        for (boolean r : received) {
            if (!r) {
                defaults++;
            }
        }
        assertEquals(0, defaults, form + ": default ran although the channel was ready throughout");
    }
}
