package racecorpus;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.sync.WaitGroup;

/**
 * A channel of 5,000 slots holding 4,998 values lets two goroutines in at once, with slots past
 * 4,096 (ChanSemaphoreDeepBuffer's sparse side): their writes race.
 */
@Expect(races = 1, category = "go4j channel (buffered rule)")
public class ChanSemaphoreDeepBufferTooWide {
    static final int CAPACITY = 5_000;
    int x;

    public static void main(String[] args) {
        ChanSemaphoreDeepBufferTooWide p = new ChanSemaphoreDeepBufferTooWide();
        Chan<Boolean> sem = Chan.make(CAPACITY);
        for (int i = 0; i < CAPACITY - 2; i++) {
            sem.send(true);
        }
        WaitGroup wg = new WaitGroup();
        wg.add(2);
        Go.go(() -> {
            sem.send(true);
            p.x = 1; // RACE
            sem.recv();
            wg.done();
        });
        Go.go(() -> {
            sem.send(true);
            p.x = 2; // RACE
            sem.recv();
            wg.done();
        });
        wg.await();
    }
}
