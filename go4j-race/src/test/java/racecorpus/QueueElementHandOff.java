package racecorpus;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Two producers put one element each; the taker reads what the second wrote after taking both: no race. */
@Expect(races = 0, category = "BlockingQueue")
public class QueueElementHandOff {
    int data;

    public static void main(String[] args) throws Exception {
        QueueElementHandOff p = new QueueElementHandOff();
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        Thread first = new Thread(() -> q.add("first"));
        first.start();
        first.join();
        Thread second = new Thread(() -> {
            p.data = 42;
            q.add("second");
        });
        second.start();
        while (second.getState() != Thread.State.TERMINATED) {   // no edge in the model
            Thread.onSpinWait();
        }
        q.take();
        q.take();
        System.out.println(p.data);
    }
}
