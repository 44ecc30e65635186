package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.Chan;
import io.go4j.reliability.Mode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A daisy chain of 10,000 goroutines, each passing on what it receives from its right neighbour
 * to its left one, gives Go's answer and tears down cleanly: every goroutine ends and the
 * registry lists none of them afterwards.
 *
 * <p>Mirrors Go's {@code test/chan/goroutines.go} ("make a lot of goroutines, threaded together,
 * and tear them down cleanly": each link does {@code left <- <-right}, 10,000 by default) and
 * the "Chinese whispers" program of Rob Pike's Go Concurrency Patterns talk (Google I/O 2012),
 * where each link adds one ({@code left <- 1 + <-right}) and feeding 1 into the right end of
 * 10,000 links prints 10001 at the left. 100,000 links under {@code -Psoak}. Also on buffered
 * channels, where the answer must be the same.
 */
@GoLeakCheck
class DaisyChainTest {

    private static final int LINKS = Mode.pick(10_000, 100_000);

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1})
    @DisplayName("whispers: 1 fed into the right end of 10,000 adding links comes out as 10,001")
    void whispers(int capacity) {
        assertEquals(LINKS + 1, chain(capacity, 1));
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1})
    @DisplayName("goroutines.go: a value passed through 10,000 forwarding links comes out unchanged")
    void forwardingChain(int capacity) {
        assertEquals(1, chain(capacity, 0));
    }

    /** Builds the chain, feeds 1 into the right end, returns what comes out at the left, and checks teardown. */
    private static int chain(int capacity, int add) {
        try (Goroutines g = new Goroutines("daisy chain, cap " + capacity)) {
            Chan<Integer> leftmost = Chan.make(capacity);
            Chan<Integer> left = leftmost;
            Chan<Integer> right = leftmost;
            for (int i = 0; i < LINKS; i++) {
                right = Chan.make(capacity);
                Chan<Integer> l = left;
                Chan<Integer> r = right;
                g.go("link", () -> l.send(add + r.recv()));
                left = right;
            }
            Chan<Integer> rightmost = right;
            g.go("feeder", () -> rightmost.send(1));
            int result = leftmost.recv();
            g.awaitAll();
            assertEquals(LINKS + 1, g.size(), "goroutines started");
            return result;
        }
    }
}
