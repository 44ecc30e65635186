package racecorpus;

import io.go4j.Go;
import io.go4j.sync.Once;
import io.go4j.sync.WaitGroup;

/** Initialisation through Once: every goroutine sees it: no race. */
@Expect(races = 0, category = "go4j Once")
public class GoOnce {
    int[] table;

    public static void main(String[] args) {
        GoOnce p = new GoOnce();
        Once once = new Once();
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < 4; g++) {
            wg.add(1);
            Go.go(() -> {
                once.run(() -> p.table = new int[] {1, 2, 3});
                System.out.println(p.table[1]);
                wg.done();
            });
        }
        wg.await();
    }
}
