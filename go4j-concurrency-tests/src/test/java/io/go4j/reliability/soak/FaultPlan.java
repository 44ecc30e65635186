package io.go4j.reliability.soak;

import java.util.Arrays;
import java.util.Iterator;
import java.util.SplittableRandom;

/**
 * FaultPlan is a soak round's fault schedule, generated from a seed: which kinds of fault the
 * round uses and how often (some rounds are quiet in some kinds, some are storms), and the
 * stream of {@link Step}s the injector plays, in order. The same seed gives the same stream;
 * when each step lands relative to the workers is up to the scheduler, so a seed reproduces
 * the topology and the schedule, not the thread interleaving.
 *
 * @param seed            seeds the step stream
 * @param weights         relative frequency of each {@link Kind}, indexed by ordinal (0: never)
 * @param maxEarlyCloses  how many channels the injector may close before their senders end
 * @param maxPauseMicros  upper bound of the pause between two steps
 */
record FaultPlan(long seed, int[] weights, int maxEarlyCloses, int maxPauseMicros) {

    /** The kinds of fault. */
    enum Kind {
        /** Interrupts a burst of workers, blocked or not. */
        INTERRUPT_STORM,
        /** Cancels one worker's current context, usually while it is in a select on its done(). */
        CANCEL_CONTEXT,
        /** Cancels a whole group's parent context: every worker context under it at once. */
        CANCEL_GROUP,
        /** Closes a channel while its senders and selects are still using it. */
        CLOSE_CHANNEL,
        /** Stops a worker's timer, possibly while it fires or while the worker selects on it. */
        STOP_TIMER,
        /** Resets a worker's timer to a tiny delay, waits about that long, and stops it: stop races the firing. */
        RESET_AND_STOP_TIMER,
        /** Starts a {@code time.afterFunc} and stops it at about its deadline. */
        AFTERFUNC_RACE,
        /** Registers a {@code context.afterFunc} and races its stop with the context's cancellation. */
        CONTEXT_AFTERFUNC_RACE
    }

    /**
     * One step: a kind, a target (a worker, group or channel index, reduced modulo the count
     * when applied), extra targets for a storm, and durations in nanoseconds.
     */
    record Step(Kind kind, int target, int[] storm, long nanos, long spinNanos, long pauseNanos) {
        @Override
        public String toString() {
            return kind + "(" + target + (storm.length > 0 ? " storm" + Arrays.toString(storm) : "")
                    + ", " + nanos + "ns, spin " + spinNanos + "ns, pause " + pauseNanos + "ns)";
        }
    }

    static FaultPlan generate(long seed, int nChans) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] weights = new int[Kind.values().length];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(10);   // a quarter of the kinds sit a round out
        }
        if (Arrays.stream(weights).sum() == 0) {
            weights[Kind.INTERRUPT_STORM.ordinal()] = 1;
        }
        int maxEarlyCloses = r.nextInt(3) == 0 ? 0 : r.nextInt((nChans + 1) / 2 + 1);
        int[] pauses = {0, 20, 100, 500, 2_000};
        return new FaultPlan(r.nextLong(), weights, maxEarlyCloses, pauses[r.nextInt(pauses.length)]);
    }

    /** The step stream: endless, and the same for the same seed. */
    Iterator<Step> steps() {
        SplittableRandom r = new SplittableRandom(seed);
        int total = Arrays.stream(weights).sum();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Step next() {
                int pick = r.nextInt(total);
                int k = 0;
                while (pick >= weights[k]) {
                    pick -= weights[k++];
                }
                Kind kind = Kind.values()[k];
                int[] storm = new int[0];
                if (kind == Kind.INTERRUPT_STORM) {
                    storm = new int[1 + r.nextInt(16)];
                    for (int i = 0; i < storm.length; i++) {
                        storm[i] = r.nextInt(Integer.MAX_VALUE);
                    }
                }
                int target = r.nextInt(Integer.MAX_VALUE);
                long nanos = r.nextLong(200_000);
                long spin = r.nextLong(nanos + 1);
                long pause = maxPauseMicros == 0 ? 0 : r.nextLong(maxPauseMicros * 1_000L);
                return new Step(kind, target, storm, nanos, spin, pause);
            }
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (Kind k : Kind.values()) {
            sb.append(k).append('=').append(weights[k.ordinal()]).append(' ');
        }
        return sb.append("maxEarlyCloses=").append(maxEarlyCloses).append(" maxPause=")
                .append(maxPauseMicros).append("us seed=").append(seed).append('}').toString();
    }
}
