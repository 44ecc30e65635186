package racecorpus;

import java.util.concurrent.CyclicBarrier;

/**
 * Each party writes its part and awaits; the barrier action sums the parts; every party reads
 * the sum after its await returns: no race.
 */
@Expect(races = 0, category = "CyclicBarrier")
public class BarrierAction {
    final int[] parts = new int[3];
    int total;

    public static void main(String[] args) throws Exception {
        BarrierAction p = new BarrierAction();
        CyclicBarrier barrier = new CyclicBarrier(3, () -> p.total = p.parts[0] + p.parts[1] + p.parts[2]);
        Thread[] ts = new Thread[3];
        for (int i = 0; i < ts.length; i++) {
            int me = i;
            ts[i] = new Thread(() -> {
                p.parts[me] = me + 1;
                try {
                    barrier.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                if (p.total != 6) {
                    throw new IllegalStateException("total " + p.total);
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        System.out.println(p.total);
    }
}
