package racecorpus;

import io.go4j.Go;
import io.go4j.sync.WaitGroup;

/** Each goroutine's done() happens-before await() returns: no race. */
@Expect(races = 0, category = "go4j WaitGroup")
public class GoWaitGroup {
    public static void main(String[] args) {
        int[] results = new int[8];
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < results.length; g++) {
            int i = g;
            wg.add(1);
            Go.go(() -> {
                results[i] = i * i;
                wg.done();
            });
        }
        wg.await();
        int sum = 0;
        for (int r : results) {
            sum += r;
        }
        System.out.println(sum);
    }
}
