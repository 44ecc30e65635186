package racecorpus;

import io.go4j.Chan;
import io.go4j.Go;

/** A goroutine's write, then a send; the receiver reads after the receive: no race. */
@Expect(races = 0, category = "go4j channel")
public class ChanUnbuffered {
    int x;

    public static void main(String[] args) {
        ChanUnbuffered p = new ChanUnbuffered();
        Chan<Boolean> done = Chan.make();
        Go.go(() -> {
            p.x = 1;
            done.send(true);
        });
        done.recv();
        p.x = 2;
        // and the other way: a receive happens-before the unbuffered send completes
        Chan<Boolean> c = Chan.make();
        Go.go(() -> {
            p.x = 3;
            c.recv();
        });
        c.send(true);
        System.out.println(p.x >= 0);
    }
}
