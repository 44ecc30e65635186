package racecorpus;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Two producers put one element each; the taker takes only the first one and reads what the
 * second wrote before its put: a race (a put orders only the take of THAT element).
 */
@Expect(races = 1, category = "BlockingQueue")
public class QueueOtherElement {
    int data;

    public static void main(String[] args) throws Exception {
        QueueOtherElement p = new QueueOtherElement();
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        Thread first = new Thread(() -> q.add("first"));
        first.start();
        first.join();
        Thread second = new Thread(() -> {
            p.data = 42; // RACE
            q.add("second");
        });
        second.start();
        while (second.getState() != Thread.State.TERMINATED) {   // no edge in the model
            Thread.onSpinWait();
        }
        q.take();
        System.out.println(p.data); // RACE
    }
}
