package racecorpus;

import java.util.concurrent.CountDownLatch;

/** The reader awaits a different latch: a race. */
@Expect(races = 1, category = "CountDownLatch")
public class LatchOtherLatch {
    int x;

    public static void main(String[] args) throws Exception {
        LatchOtherLatch p = new LatchOtherLatch();
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            started.countDown();
            p.x = 1; // RACE
            done.countDown();
        });
        t.start();
        started.await();
        int seen = p.x; // RACE
        done.await();
        System.out.println(seen >= 0);
    }
}
