package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.Chan;
import io.go4j.reliability.Mode;
import io.go4j.sync.WaitGroup;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A work queue ranged over by many workers, whose results are collected on a second channel
 * closed once every worker is done, delivers every item exactly once: the count and the sum of
 * the results are those of the work fed in.
 *
 * <p>Mirrors Go's {@code runtime/chan_test.go TestMultiConsumer}: 23 workers {@code range} over
 * a buffered queue (some yield the processor on particular values "to mess with the fifo-ish
 * nature of range"), forward each item to a buffered result channel; a feeder sends the items,
 * closes the queue, waits for the workers with a WaitGroup and closes the results; the consumer
 * ranges over the results. Go checks the count and the sum; this test also checks how often each
 * distinct value came through.
 */
@GoLeakCheck
class MultiConsumerTest {

    private static final int WORKERS = 23;
    private static final int ITEMS = Mode.pick(100_000, 2_000_000);
    /** The items cycle through these values; workers whose number matches a value yield on it. */
    private static final int[] VALUES = {2, 5, 8, 13, 21, 34, 55, 89, 144, 233};

    @Test
    @DisplayName("items fed to 23 ranging workers all come out of the closed result channel, once each")
    void everyItemComesOutOnce() {
        Chan<Integer> queue = Chan.make(WORKERS * 3);
        Chan<Integer> results = Chan.make(WORKERS * 3);
        long[] fed = new long[2]; // count, sum: written by the feeder, read after results is closed
        int[] fedPerValue = new int[VALUES.length];
        int[] gotPerValue = new int[VALUES.length];
        long count = 0;
        long sum = 0;
        try (Goroutines g = new Goroutines("multi consumer")) {
            WaitGroup wg = new WaitGroup();
            for (int w = 0; w < WORKERS; w++) {
                int slowOn = VALUES[w % VALUES.length];
                wg.add(1);
                g.go("worker " + w, () -> {
                    try {
                        for (int v : queue) {
                            if (v == slowOn) {
                                Thread.yield();
                            }
                            results.send(v);
                        }
                    } finally {
                        wg.done();
                    }
                });
            }
            g.go("feeder", () -> {
                for (int i = 0; i < ITEMS; i++) {
                    int k = i % VALUES.length;
                    fed[0]++;
                    fed[1] += VALUES[k];
                    fedPerValue[k]++;
                    queue.send(VALUES[k]);
                }
                queue.close(); // no more work
                wg.await();    // every worker is done...
                results.close(); // ...so no more results can come
            });
            for (int v : results) {
                count++;
                sum += v;
                gotPerValue[indexOf(v)]++;
            }
            g.awaitAll();
        }
        // the close of results happens-before the range above ended, so the feeder's writes are visible
        assertEquals(fed[0], count, "items received");
        assertEquals(fed[1], sum, "sum of items received");
        assertEquals(ITEMS, count);
        assertArrayEquals(fedPerValue, gotPerValue, "how often each value came through");
    }

    private static int indexOf(int v) {
        for (int k = 0; k < VALUES.length; k++) {
            if (VALUES[k] == v) {
                return k;
            }
        }
        throw new AssertionError("a value that was never sent came through: " + v);
    }
}
