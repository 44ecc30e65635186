package racecorpus;

import io.go4j.Go;
import io.go4j.sync.Mutex;
import io.go4j.sync.WaitGroup;

/** Writers under one go4j Mutex: no race. */
@Expect(races = 0, category = "go4j Mutex")
public class GoMutex {
    int counter;

    public static void main(String[] args) {
        GoMutex p = new GoMutex();
        Mutex mu = new Mutex();
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < 4; g++) {
            wg.add(1);
            Go.go(() -> {
                for (int i = 0; i < 50; i++) {
                    mu.lock();
                    p.counter++;
                    mu.unlock();
                }
                wg.done();
            });
        }
        wg.await();
        System.out.println(p.counter);
    }
}
