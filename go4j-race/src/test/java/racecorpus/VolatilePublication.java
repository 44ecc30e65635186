package racecorpus;

/** Data published through a volatile flag the reader waits for: no race. */
@Expect(races = 0, category = "volatile")
public class VolatilePublication {
    int data;
    volatile boolean ready;

    public static void main(String[] args) throws Exception {
        VolatilePublication p = new VolatilePublication();
        Thread t = new Thread(() -> {
            while (!p.ready) {
                Thread.onSpinWait();
            }
            System.out.println(p.data);
        });
        t.start();
        p.data = 42;
        p.ready = true;
        t.join();
    }
}
