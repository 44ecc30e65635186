package racecorpus;

import java.util.concurrent.CountDownLatch;

/** countDown() happens-before await() returns: no race. */
@Expect(races = 0, category = "CountDownLatch")
public class LatchPublication {
    int x;

    public static void main(String[] args) throws Exception {
        LatchPublication p = new LatchPublication();
        CountDownLatch latch = new CountDownLatch(1);
        new Thread(() -> {
            p.x = 1;
            latch.countDown();
        }).start();
        latch.await();
        System.out.println(p.x);
    }
}
