package io.go4j.reliability.soak;

import io.go4j.reliability.Mode;
import io.go4j.reliability.soak.Topology.Size;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * SoakSettings are the knobs of a soak run, read from system properties (Maven passes
 * {@code -D} options on to the test JVM):
 * <ul>
 *   <li>{@code go4j.soak.seed}: the master seed (default: random, printed). Round 0 runs the
 *       master seed itself and round k a seed derived from it, and each round's seed is
 *       printed if it fails, so {@code -Dgo4j.soak.seed=<that seed>} replays the failing
 *       round's topology and fault schedule first;</li>
 *   <li>{@code go4j.soak.minutes}: how long to keep starting rounds (default 20 under
 *       {@code -Psoak}, 0.75 in the short mode; fractions allowed);</li>
 *   <li>{@code go4j.soak.rounds}: stop after this many rounds (default: no limit);</li>
 *   <li>{@code go4j.soak.messages}: stop once this many messages have moved (default: no limit);</li>
 *   <li>{@code go4j.soak.replay}: run the master seed's topology in every round, instead of a
 *       new one each round (default false): with a failing seed, this retries its interleavings.</li>
 * </ul>
 */
record SoakSettings(long seed, Duration duration, long maxRounds, long maxMessages, Size size, boolean replay) {

    static SoakSettings fromSystemProperties() {
        String seed = System.getProperty("go4j.soak.seed", "").trim();
        String minutes = System.getProperty("go4j.soak.minutes", "").trim();
        double m = minutes.isEmpty() ? Mode.pick(0.75, 20) : Double.parseDouble(minutes);
        if (!(m > 0 && m <= 24 * 60)) {
            throw new IllegalArgumentException("go4j.soak.minutes must be in (0, 1440]: " + minutes);
        }
        return new SoakSettings(
                seed.isEmpty() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(seed),
                Duration.ofMillis((long) (m * 60_000)),
                Long.getLong("go4j.soak.rounds", Long.MAX_VALUE),
                Long.getLong("go4j.soak.messages", Long.MAX_VALUE),
                Mode.pick(Size.SHORT, Size.SOAK),
                Boolean.getBoolean("go4j.soak.replay"));
    }

    /**
     * The seed of round {@code k}: the master seed for round 0, then a SplitMix64 step from it;
     * with {@code replay}, the master seed for every round (to hunt an interleaving-dependent
     * failure of one topology).
     */
    long roundSeed(long k) {
        if (k == 0 || replay) {
            return seed;
        }
        long z = seed + k * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The Maven command that replays round seed {@code roundSeed} first. */
    static String reproduce(long roundSeed) {
        return "./mvnw -B -pl go4j-concurrency-tests test -Dtest='SoakTest#randomTopologiesUnderFaults*'"
                + (Mode.SOAK ? " -Psoak" : "") + " -Dgo4j.soak.seed=" + roundSeed + " -Dgo4j.soak.replay=true"
                + " -Dgo4j.soak.minutes=5";
    }
}
