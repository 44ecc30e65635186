package racecorpus;

import io.go4j.Go;
import io.go4j.sync.WaitGroup;

/** The result is read before await(): a race. */
@Expect(races = 1, category = "go4j WaitGroup")
public class GoWaitGroupReadEarly {
    public static void main(String[] args) {
        int[] results = new int[1];
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Go.go(() -> {
            results[0] = 42; // RACE
            wg.done();
        });
        int early = results[0]; // RACE
        wg.await();
        System.out.println(early >= 0);
    }
}
