package racecorpus;

import io.go4j.Chan;
import io.go4j.Go;

/** A buffered channel: the send happens-before the receive of that value: no race. */
@Expect(races = 0, category = "go4j channel")
public class ChanBuffered {
    static final class Box {
        int v;
    }

    public static void main(String[] args) {
        Chan<Box> c = Chan.make(4);
        Go.go(() -> {
            for (int i = 0; i < 10; i++) {
                Box b = new Box();
                b.v = i;
                c.send(b);
            }
            c.close();
        });
        int sum = 0;
        for (Box b : c) {
            sum += b.v;
        }
        System.out.println(sum);
    }
}
