package racecorpus;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.sync.WaitGroup;

/** A "semaphore" of capacity 2 lets two goroutines in at once: their writes race. */
@Expect(races = 1, category = "go4j channel (buffered rule)")
public class ChanSemaphoreTooWide {
    int x;

    public static void main(String[] args) {
        ChanSemaphoreTooWide p = new ChanSemaphoreTooWide();
        Chan<Boolean> sem = Chan.make(2);
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
