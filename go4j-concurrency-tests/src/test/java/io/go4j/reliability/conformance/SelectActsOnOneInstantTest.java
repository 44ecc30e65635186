package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.Chan;
import io.go4j.Select;
import io.go4j.reliability.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A select judges its cases at one instant, not over a smeared window: if at every instant of
 * its run at least one case can proceed, its default case never runs.
 *
 * <p>Mirrors Go's {@code runtime/chan_test.go TestNonblockSelectRace} and
 * {@code TestNonblockSelectRace2}. A goroutine runs {@code select { case <-c1: case <-c2:
 * default: }} while the main goroutine makes c2 ready (a send; or, in the second variant, a
 * close) and then takes c1's value away if it still can. Before c2 becomes ready, c1 is; after,
 * c2 is: one of the two is always ready. A select that polled c1 "before" and c2 "after" (say,
 * without holding both channels at once) could see neither and run default. A third variant,
 * not in Go's tests, checks the same rule for send cases, where readiness means room in the
 * buffer.
 *
 * <p>To make the race window show up often rather than by luck, the rounds run through
 * {@link Conformance#raceRounds} (one selecting goroutine for all rounds, meeting the main
 * goroutine through spin flags, each side waiting a random few spins before acting). A select
 * planted to poll its cases one lock at a time ran default 14 to 29 times in 50,000 rounds of
 * each test here.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // for -Psoak; in the short mode each test needs seconds
@GoLeakCheck
class SelectActsOnOneInstantTest {

    private static final int ROUNDS = Mode.pick(40_000, 1_000_000);

    /** One race: the cases of the select, and the handover the main goroutine does meanwhile. */
    private interface Round {
        List<Select.Case<Boolean>> cases();

        void handover();
    }

    @Test
    @DisplayName("receive cases: c1 ready, then c2 made ready by a send and c1 drained: default never runs")
    void readinessHandedFromOneReceiveCaseToAnotherBySend() {
        race(() -> {
            Chan<Integer> c1 = Chan.make(1);
            Chan<Integer> c2 = Chan.make(1);
            c1.send(1);
            return new Round() {
                public List<Select.Case<Boolean>> cases() {
                    return List.of(Select.recv(c1, v -> true), Select.recv(c2, v -> true));
                }

                public void handover() {
                    c2.send(1);
                    c1.tryRecv();
                }
            };
        });
    }

    @Test
    @DisplayName("receive cases: c1 ready, then c2 made ready by close and c1 drained: default never runs")
    void readinessHandedFromOneReceiveCaseToAnotherByClose() {
        race(() -> {
            Chan<Integer> c1 = Chan.make(1);
            Chan<Integer> c2 = Chan.make();
            c1.send(1);
            return new Round() {
                public List<Select.Case<Boolean>> cases() {
                    return List.of(Select.recv(c1, v -> true), Select.recv(c2, v -> true));
                }

                public void handover() {
                    c2.close();
                    c1.tryRecv();
                }
            };
        });
    }

    @Test
    @DisplayName("send cases: c1 has room, then c2 given room and c1 filled: default never runs")
    void readinessHandedFromOneSendCaseToAnother() {
        race(() -> {
            Chan<Integer> c1 = Chan.make(1); // empty: a send can proceed
            Chan<Integer> c2 = Chan.make(1);
            c2.send(0);                      // full: a send cannot proceed
            return new Round() {
                public List<Select.Case<Boolean>> cases() {
                    return List.of(Select.send(c1, 1, () -> true), Select.send(c2, 2, () -> true));
                }

                public void handover() {
                    c2.tryRecv();  // c2 now has room...
                    c1.trySend(3); // ...and c1 has none, unless the select already filled it
                }
            };
        });
    }

    /** Runs the rounds: a goroutine selects with default while the main goroutine does the handover. */
    private static void race(Supplier<Round> newRound) {
        boolean[] selectedACase = Conformance.raceRounds(ROUNDS, () -> {
            Round round = newRound.get();
            List<Select.Case<Boolean>> cases = new ArrayList<>(round.cases());
            cases.add(Select.defaultCase(() -> false));
            return new Conformance.RaceRound() {
                public boolean racer() {
                    return Conformance.select(cases);
                }

                public void main() {
                    round.handover();
                }
            };
        });
        int defaults = 0;
        for (boolean b : selectedACase) {
            if (!b) {
                defaults++;
            }
        }
        assertEquals(0, defaults, "default ran although a case could proceed at every instant");
    }
}
