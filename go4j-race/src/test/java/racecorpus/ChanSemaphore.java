package racecorpus;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.sync.WaitGroup;

/**
 * Go's buffered-channel rule: the k-th receive happens-before the (k+C)-th send completes, so a
 * channel of capacity 1 used as a semaphore is a lock: no race.
 */
@Expect(races = 0, category = "go4j channel (buffered rule)")
public class ChanSemaphore {
    int counter;

    public static void main(String[] args) {
        ChanSemaphore p = new ChanSemaphore();
        Chan<Boolean> sem = Chan.make(1);
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
