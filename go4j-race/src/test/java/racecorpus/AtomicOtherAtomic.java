package racecorpus;

import java.util.concurrent.atomic.AtomicInteger;

/** The reader reads a different atomic than the one the writer set: a race. */
@Expect(races = 1, category = "atomics")
public class AtomicOtherAtomic {
    int data;

    public static void main(String[] args) throws Exception {
        AtomicOtherAtomic p = new AtomicOtherAtomic();
        AtomicInteger flag = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        Thread t = new Thread(() -> {
            int o = other.get();
            int d = p.data; // RACE
            System.out.println(o + d);
        });
        t.start();
        p.data = 42; // RACE
        flag.set(1);
        t.join();
    }
}
