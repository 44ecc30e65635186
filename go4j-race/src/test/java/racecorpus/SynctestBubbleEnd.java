package racecorpus;

import io.go4j.Go;
import io.go4j.test.Synctest;

/**
 * A goroutine of a Synctest bubble writes a field; the test's caller reads it after
 * {@code Synctest.test} returns: every goroutine of the bubble has exited by then (its memory
 * model), so no race. (Until go4j-core reported that edge, the detector reported one.)
 */
@Expect(races = 0, category = "go4j-test Synctest")
public class SynctestBubbleEnd {
    int x;

    public static void main(String[] args) {
        SynctestBubbleEnd p = new SynctestBubbleEnd();
        Synctest.test(() -> Go.go(() -> p.x = 1));
        System.out.println(p.x);
    }
}
