package racecorpus;

/** Both writers hold the same monitor: no race. */
@Expect(races = 0, category = "synchronized")
public class SynchronizedBlock {
    int x;

    public static void main(String[] args) throws Exception {
        SynchronizedBlock p = new SynchronizedBlock();
        Object lock = new Object();
        Thread t = new Thread(() -> {
            synchronized (lock) {
                p.x++;
            }
        });
        t.start();
        synchronized (lock) {
            p.x++;
        }
        t.join();
    }
}
