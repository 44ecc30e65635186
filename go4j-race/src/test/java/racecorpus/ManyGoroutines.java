package racecorpus;

import io.go4j.Go;
import io.go4j.race.internal.rt.Rt;
import io.go4j.sync.Mutex;
import io.go4j.sync.WaitGroup;

/**
 * Many short-lived goroutines, at most WAVE alive at once, each writing a shared counter under a
 * Mutex: no race, and the detector's slots are reused (it prints how many it ever made).
 */
@Expect(races = 0, category = "scale: slot reuse")
public class ManyGoroutines {
    public static final int WAVE = 100;
    int counter;

    public static void main(String[] args) {
        int n = Integer.parseInt(args.length > 0 ? args[0] : "10000");
        ManyGoroutines p = new ManyGoroutines();
        Mutex mu = new Mutex();
        for (int done = 0; done < n; done += WAVE) {
            WaitGroup wg = new WaitGroup();
            for (int g = 0; g < WAVE; g++) {
                wg.add(1);
                Go.go(() -> {
                    mu.lock();
                    p.counter++;
                    mu.unlock();
                    wg.done();
                });
            }
            wg.await();
        }
        System.out.println("counter=" + p.counter);
        System.out.println("slotsCreated=" + Rt.slotsCreated());
        System.out.println("slotCount=" + Rt.slotCount());
    }
}
