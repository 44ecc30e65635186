package racecorpus;

import io.go4j.Go;
import io.go4j.sync.WaitGroup;

/** A hand-rolled "once" with a plain flag: the check races with the initialisation. */
@Expect(races = 1, category = "go4j Once")
public class GoOnceHandRolled {
    boolean done;

    public static void main(String[] args) {
        GoOnceHandRolled p = new GoOnceHandRolled();
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Go.go(() -> {
            p.done = true; // RACE
            wg.done();
        });
        boolean seen = p.done; // RACE
        wg.await();
        System.out.println(seen || !seen);
    }
}
