package racecorpus;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** An object filled in, then put; the taker reads it: no race. */
@Expect(races = 0, category = "BlockingQueue")
public class QueueHandOff {
    static final class Msg {
        int v;
    }

    public static void main(String[] args) throws Exception {
        BlockingQueue<Msg> q = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            for (int i = 0; i < 10; i++) {
                Msg m = new Msg();
                m.v = i;
                try {
                    q.put(m);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        t.start();
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += q.take().v;
        }
        System.out.println(sum);
        t.join();
    }
}
