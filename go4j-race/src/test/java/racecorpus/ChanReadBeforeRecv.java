package racecorpus;

import io.go4j.Chan;
import io.go4j.Go;

/** The main goroutine reads before it receives: the send's edge comes too late. */
@Expect(races = 1, category = "go4j channel")
public class ChanReadBeforeRecv {
    int x;

    public static void main(String[] args) {
        ChanReadBeforeRecv p = new ChanReadBeforeRecv();
        Chan<Boolean> done = Chan.make(1);
        Go.go(() -> {
            p.x = 1; // RACE
            done.send(true);
        });
        int seen = p.x; // RACE
        done.recv();
        System.out.println(seen >= 0);
    }
}
