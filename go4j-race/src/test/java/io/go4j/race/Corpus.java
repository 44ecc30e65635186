package io.go4j.race;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import racecorpus.*;

/**
 * Corpus lists the programs of {@code racecorpus} and scores the detector on them: recall (racy
 * programs whose races are all reported, with both locations) and precision (race-free programs
 * with no report), by category. {@link CorpusTest} fills it and writes the table the README shows
 * to {@code target/race-corpus.md}.
 */
final class Corpus {
    static final List<Class<?>> PROGRAMS = List.of(
            PlainWriteWrite.class, PlainReadWrite.class, StaticField.class, TwoRaces.class, SharedReadsThenWrite.class,
            ArrayElement.class, ArrayDistinctElements.class,
            SynchronizedBlock.class, SynchronizedOtherMonitor.class, SynchronizedMethods.class, SynchronizedVirtualThreads.class,
            VolatilePublication.class, VolatileOtherField.class, StaticVolatile.class,
            VarHandlePublication.class, VarHandlePlainRead.class,
            StartJoin.class, StartNoJoin.class, WaitNotify.class, WaitNotifyWriteOutside.class,
            ChanUnbuffered.class, ChanReadBeforeRecv.class, ChanBuffered.class,
            ChanSemaphore.class, ChanSemaphoreTooWide.class, ChanSemaphoreDeepBuffer.class, ChanSemaphoreDeepBufferTooWide.class,
            GoMutex.class, GoMutexOneSideUnlocked.class, GoWaitGroup.class, GoWaitGroupReadEarly.class,
            GoOnce.class, GoOnceHandRolled.class,
            AtomicPublication.class, AtomicOtherAtomic.class, ReentrantLocking.class, ReentrantTwoLocks.class,
            ConditionHandOff.class, ReadWriteLocking.class, ReadLockWrites.class,
            ExecutorFuture.class, ExecutorReadBeforeGet.class, InvokeAllAndSchedule.class, LatchPublication.class, LatchOtherLatch.class,
            QueueHandOff.class, QueueWriteAfterPut.class, MapPublication.class, MapWriteAfterPut.class,
            CompletableChain.class, CompletableReadEarly.class, CompletableDependents.class,
            CompletableDependentReadEarly.class, ParallelStream.class, ParallelStreamBystander.class, ReportShape.class, GoroutinesInSequence.class,
            ManyLiveGoroutines.class, ManyLiveGoroutinesOrdered.class, SynctestBubbleEnd.class,
            StampedLocking.class, StampedOptimisticStale.class,
            CompletableCombine.class, CompletableAllOfMissing.class, CompletableCombineOutsider.class,
            ForkJoinSum.class, ForkJoinPeek.class, ParallelCollector.class, ParallelCollectorBystander.class,
            ScheduledPeriodic.class, ScheduledPeriodicLateWrite.class, QueueElementHandOff.class, QueueOtherElement.class,
            BarrierAction.class, BarrierActionOutsider.class);

    private static final Map<String, int[]> BY_CATEGORY = new LinkedHashMap<>(); // racy, found, free, clean
    private static final List<String> MISSES = new ArrayList<>();

    private Corpus() {}

    /** Records one program's outcome. */
    static synchronized void record(Class<?> program, int expected, int reported, boolean bothLocations) {
        String category = program.getAnnotation(racecorpus.Expect.class).category();
        int[] c = BY_CATEGORY.computeIfAbsent(category, k -> new int[4]);
        if (expected > 0) {
            c[0]++;
            if (reported == expected && bothLocations) {
                c[1]++;
            } else {
                MISSES.add(program.getSimpleName() + ": " + reported + " of " + expected + " report(s)");
            }
        } else {
            c[2]++;
            if (reported == 0) {
                c[3]++;
            } else {
                MISSES.add(program.getSimpleName() + ": " + reported + " false report(s)");
            }
        }
    }

    /** Returns the score table, in Markdown. */
    static synchronized String table() {
        StringBuilder b = new StringBuilder();
        b.append("| category | racy programs: races reported | race-free programs: no report |\n");
        b.append("|---|---|---|\n");
        int[] total = new int[4];
        BY_CATEGORY.forEach((k, c) -> {
            b.append(String.format("| %s | %d/%d | %d/%d |%n", k, c[1], c[0], c[3], c[2]));
            for (int i = 0; i < 4; i++) {
                total[i] += c[i];
            }
        });
        b.append(String.format("| **all** | **%d/%d** | **%d/%d** |%n", total[1], total[0], total[3], total[2]));
        b.append(String.format("%nrecall %.2f, precision %.2f (%d programs)%n",
                total[1] / (double) Math.max(1, total[0]), total[3] / (double) Math.max(1, total[2]),
                total[0] + total[2]));
        MISSES.forEach(m -> b.append("miss: ").append(m).append('\n'));
        return b.toString();
    }
}
