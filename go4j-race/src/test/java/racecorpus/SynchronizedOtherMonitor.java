package racecorpus;

/** The writers hold different monitors: a race, whatever the locks suggest. */
@Expect(races = 1, category = "synchronized")
public class SynchronizedOtherMonitor {
    int x;

    public static void main(String[] args) throws Exception {
        SynchronizedOtherMonitor p = new SynchronizedOtherMonitor();
        Object a = new Object();
        Object b = new Object();
        Thread t = new Thread(() -> {
            synchronized (a) {
                p.x = 1; // RACE
            }
        });
        t.start();
        synchronized (b) {
            p.x = 2; // RACE
        }
        t.join();
    }
}
