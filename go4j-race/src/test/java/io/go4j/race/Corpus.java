package io.go4j.race;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import racecorpus.*;

/**
 * Corpus lists the programs of {@code racecorpus} and, run as a main, scores the detector on them
 * (precision: race-free programs with no report; recall: racy programs whose races are reported
 * with both locations) and prints the README's table:
 * {@code ./mvnw -B -o -pl go4j-race -am package -DskipTests && java -cp ... io.go4j.race.Corpus}
 * (the README has the exact command).
 */
public final class Corpus {
    static final List<Class<?>> PROGRAMS = List.of(
            PlainWriteWrite.class, PlainReadWrite.class, StaticField.class,
            ArrayElement.class, ArrayDistinctElements.class,
            SynchronizedBlock.class, SynchronizedOtherMonitor.class, SynchronizedMethods.class,
            VolatilePublication.class, VolatileOtherField.class, StaticVolatile.class,
            StartJoin.class, StartNoJoin.class, WaitNotify.class,
            ChanUnbuffered.class, ChanReadBeforeRecv.class, ChanBuffered.class,
            ChanSemaphore.class, ChanSemaphoreTooWide.class,
            GoMutex.class, GoMutexOneSideUnlocked.class, GoWaitGroup.class, GoWaitGroupReadEarly.class,
            GoOnce.class, GoOnceHandRolled.class,
            AtomicPublication.class, AtomicOtherAtomic.class, ReentrantLocking.class, ReentrantTwoLocks.class,
            ExecutorFuture.class, ExecutorReadBeforeGet.class, LatchPublication.class, LatchOtherLatch.class,
            QueueHandOff.class, QueueWriteAfterPut.class, MapPublication.class,
            CompletableChain.class, CompletableReadEarly.class, ReportShape.class, TwoRaces.class);

    private Corpus() {}

    /**
     * Runs every program under the agent and prints the scores, by category.
     *
     * @param args unused
     * @throws Exception if a child JVM cannot be run
     */
    public static void main(String[] args) throws Exception {
        Map<String, int[]> byCategory = new LinkedHashMap<>();   // racy, racy found, free, free clean
        List<String> misses = new ArrayList<>();
        for (Class<?> p : PROGRAMS) {
            racecorpus.Expect e = p.getAnnotation(racecorpus.Expect.class);
            Child.Result r = Child.run(p, List.of());
            int[] c = byCategory.computeIfAbsent(e.category(), k -> new int[4]);
            boolean named = Child.markedLines(p).stream().allMatch(l -> r.stderr().contains("      " + l + "\n"));
            if (e.races() > 0) {
                c[0]++;
                if (r.races() == e.races() && named) {
                    c[1]++;
                } else {
                    misses.add(p.getSimpleName() + ": " + r.races() + " report(s)");
                }
            } else {
                c[2]++;
                if (r.races() == 0) {
                    c[3]++;
                } else {
                    misses.add(p.getSimpleName() + ": " + r.races() + " false report(s)");
                }
            }
        }
        int[] total = new int[4];
        System.out.println("| category | racy programs reported | race-free programs clean |");
        System.out.println("|---|---|---|");
        byCategory.forEach((k, c) -> {
            System.out.printf("| %s | %d/%d | %d/%d |%n", k, c[1], c[0], c[3], c[2]);
            for (int i = 0; i < 4; i++) {
                total[i] += c[i];
            }
        });
        System.out.printf("| **all** | **%d/%d** | **%d/%d** |%n", total[1], total[0], total[3], total[2]);
        System.out.printf("%nrecall %.2f, precision (race-free programs clean) %.2f%n",
                total[1] / (double) total[0], total[3] / (double) total[2]);
        misses.forEach(m -> System.out.println("miss: " + m));
    }
}
