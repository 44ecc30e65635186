package racecorpus;

import java.util.concurrent.CyclicBarrier;

/** The barrier action reads what a thread that is not a party wrote: a race. */
@Expect(races = 1, category = "CyclicBarrier")
public class BarrierActionOutsider {
    int late;
    int seen;

    public static void main(String[] args) throws Exception {
        BarrierActionOutsider p = new BarrierActionOutsider();
        CyclicBarrier barrier = new CyclicBarrier(2, () -> p.seen = p.late); // RACE
        Thread outsider = new Thread(() -> {
            p.late = 1; // RACE
        });
        outsider.start();
        while (outsider.getState() != Thread.State.TERMINATED) {   // no edge in the model
            Thread.onSpinWait();
        }
        Thread party = new Thread(() -> {
            try {
                barrier.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        party.start();
        barrier.await();
        party.join();
        System.out.println(p.seen);
    }
}
