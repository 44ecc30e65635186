package racecorpus;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/** The producer changes the object after putting it: a race with the taker's read. */
@Expect(races = 1, category = "BlockingQueue")
public class QueueWriteAfterPut {
    static final class Msg {
        int v;
    }

    public static void main(String[] args) throws Exception {
        BlockingQueue<Msg> q = new ArrayBlockingQueue<>(1);
        Msg m = new Msg();
        Thread t = new Thread(() -> {
            try {
                q.put(m);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            m.v = 2; // RACE
        });
        t.start();
        int seen = q.take().v; // RACE
        t.join();
        System.out.println(seen >= 0);
    }
}
