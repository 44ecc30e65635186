package racecorpus;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Periodic tasks on a two-thread scheduler: each run reads what the caller set before the
 * schedule call and updates what the previous run wrote: no race.
 */
@Expect(races = 0, category = "executors and futures")
public class ScheduledPeriodic {
    int step;
    int count;
    int ticks;

    public static void main(String[] args) throws Exception {
        ScheduledPeriodic p = new ScheduledPeriodic();
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        CountDownLatch rate = new CountDownLatch(5);
        CountDownLatch delay = new CountDownLatch(5);
        p.step = 2;
        ScheduledFuture<?> a = timer.scheduleAtFixedRate(() -> {
            p.count += p.step;
            rate.countDown();
        }, 0, 1, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> b = timer.scheduleWithFixedDelay(() -> {
            p.ticks++;
            delay.countDown();
        }, 0, 1, TimeUnit.MILLISECONDS);
        rate.await();
        delay.await();
        a.cancel(false);
        b.cancel(false);
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        System.out.println(p.count >= 10 && p.ticks >= 5);
    }
}
