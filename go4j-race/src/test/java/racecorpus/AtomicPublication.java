package racecorpus;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Data published through an atomic the reader waits for, and counted with getAndIncrement: no race. */
@Expect(races = 0, category = "atomics")
public class AtomicPublication {
    int data;

    public static void main(String[] args) throws Exception {
        AtomicPublication p = new AtomicPublication();
        AtomicBoolean ready = new AtomicBoolean();
        AtomicInteger turns = new AtomicInteger();
        Thread t = new Thread(() -> {
            while (!ready.get()) {
                Thread.onSpinWait();
            }
            p.data++;
            turns.getAndIncrement();
        });
        t.start();
        p.data = 42;
        ready.set(true);
        while (turns.get() == 0) {
            Thread.onSpinWait();
        }
        System.out.println(p.data);
        t.join();
    }
}
