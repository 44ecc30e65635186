package racecorpus;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.sync.WaitGroup;

/**
 * The buffered-channel rule on a channel of 5,000 slots holding 4,999 values: one free slot, so
 * a lock. Its sends and receives go through slots past 4,096 and, wrapping, the first ones:
 * both of the detector's ways of keeping a channel's slots (Shadow.DENSE_SLOTS). No race.
 */
@Expect(races = 0, category = "go4j channel (buffered rule)")
public class ChanSemaphoreDeepBuffer {
    static final int CAPACITY = 5_000;
    int counter;

    public static void main(String[] args) {
        ChanSemaphoreDeepBuffer p = new ChanSemaphoreDeepBuffer();
        Chan<Boolean> sem = Chan.make(CAPACITY);
        for (int i = 0; i < CAPACITY - 1; i++) {
            sem.send(true);
        }
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < 4; g++) {
            wg.add(1);
            Go.go(() -> {
                for (int i = 0; i < 50; i++) {
                    sem.send(true);
                    p.counter++;
                    sem.recv();
                }
                wg.done();
            });
        }
        wg.await();
        System.out.println(p.counter);
    }
}
