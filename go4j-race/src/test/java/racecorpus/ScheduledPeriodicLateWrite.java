package racecorpus;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The caller changes what a periodic task reads after the schedule call: a race. */
@Expect(races = 1, category = "executors and futures")
public class ScheduledPeriodicLateWrite {
    int step;
    int count;

    public static void main(String[] args) throws Exception {
        ScheduledPeriodicLateWrite p = new ScheduledPeriodicLateWrite();
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(1);
        CountDownLatch runs = new CountDownLatch(3);
        timer.scheduleAtFixedRate(() -> {
            p.count += p.step; // RACE
            runs.countDown();
        }, 0, 1, TimeUnit.MILLISECONDS);
        p.step = 2; // RACE
        runs.await();
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
    }
}
