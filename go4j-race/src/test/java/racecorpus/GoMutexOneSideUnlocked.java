package racecorpus;

import io.go4j.Go;
import io.go4j.sync.Mutex;
import io.go4j.sync.WaitGroup;

/** One writer forgets the lock: a race. */
@Expect(races = 1, category = "go4j Mutex")
public class GoMutexOneSideUnlocked {
    int x;

    public static void main(String[] args) {
        GoMutexOneSideUnlocked p = new GoMutexOneSideUnlocked();
        Mutex mu = new Mutex();
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Go.go(() -> {
            mu.lock();
            p.x = 1; // RACE
            mu.unlock();
            wg.done();
        });
        p.x = 2; // RACE
        wg.await();
    }
}
