package racecorpus;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.race.internal.rt.Rt;
import io.go4j.sync.WaitGroup;

/**
 * Many goroutines alive at once (more than the detector's slots, so slots are preempted), all parked on a
 * gate; the main goroutine writes a field *after* opening the gate, which every goroutine reads
 * after passing it: a race, found although slots were taken from parked goroutines and reused.
 * Each goroutine also writes its own array element, which the main goroutine reads after a
 * WaitGroup: ordered, whatever slot the write was made under. The argument is how many
 * goroutines (default 2,000).
 */
@Expect(races = 1, category = "scale: live goroutines")
public class ManyLiveGoroutines {
    int x;
    long sum;

    public static void main(String[] args) {
        int n = Integer.parseInt(args.length > 0 ? args[0] : "2000");
        ManyLiveGoroutines p = new ManyLiveGoroutines();
        int[] cells = new int[n];
        Chan<Boolean> gate = Chan.make();
        WaitGroup started = new WaitGroup();
        WaitGroup finished = new WaitGroup();
        started.add(n);
        finished.add(n);
        for (int i = 0; i < n; i++) {
            int mine = i;
            Go.go(() -> {
                cells[mine] = mine + 1;
                started.done();
                gate.recvOk();
                int seen = p.x; // RACE
                finished.done();
            });
        }
        started.await();   // all n alive at once, parked on the gate
        long total = 0;
        for (int c : cells) {
            total += c;
        }
        gate.close();
        p.x = 1; // RACE
        finished.await();
        System.out.println("total=" + total + " alive=" + n + " slotsCreated=" + Rt.slotsCreated()
                + " slotCount=" + Rt.slotCount() + " preemptions=" + Rt.slotPreemptions());
    }
}
