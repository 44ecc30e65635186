package io.go4j.trace;

import io.go4j.Chan;
import io.go4j.Go;
import java.io.OutputStream;

/**
 * TraceCost is a smoke harness, not a test and not a benchmark: a ping-pong of round trips
 * between two goroutines over unbuffered channels, with tracing off, then on (a trace kept in
 * memory and written to nowhere), then off again, several rounds in one JVM; it prints the time
 * per round trip of each. The lead's JMH run is the measurement ({@code benchmarks}:
 * {@code -Dgo4j.bench.trace=on}); this is the quick before/after of a change to the recording.
 *
 * <p>Run: {@code java -cp <go4j-trace's test class path> io.go4j.trace.TraceCost [roundTrips]}.
 */
public final class TraceCost {
    private TraceCost() {}

    /**
     * Runs the harness.
     *
     * @param args optional: round trips per measurement (default 20,000)
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        for (int round = 0; round < 5; round++) {
            double off = perRoundTrip(n, false);
            double on = perRoundTrip(n, true);
            System.out.printf("round %d: off %.2f us, on %.2f us, on/off %.1fx%n", round, off / 1e3, on / 1e3, on / off);
        }
    }

    private static double perRoundTrip(int n, boolean traced) throws Exception {
        Chan<Integer> ping = Chan.make();
        Chan<Integer> pong = Chan.make();
        Thread echo = Go.go(() -> {
            for (Integer v : ping) {
                pong.send(v);
            }
        });
        long[] took = new long[1];
        Thread pinger = Go.go(() -> {
            if (traced) {
                Trace.start(OutputStream.nullOutputStream());
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ping.send(i);
                pong.recv();
            }
            took[0] = System.nanoTime() - t0;
            if (traced) {
                Trace.stop();
            }
            ping.close();
        });
        pinger.join();
        echo.join();
        return (double) took[0] / n;
    }
}
