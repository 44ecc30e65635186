package racecorpus;

/** Synchronized methods, instance and static, including one that throws: no race. */
@Expect(races = 0, category = "synchronized")
public class SynchronizedMethods {
    private int count;
    private static int total;

    synchronized void inc() {
        count++;
    }

    synchronized void incAndThrow() {
        count++;
        throw new IllegalStateException("thrown while holding the monitor");
    }

    static synchronized void add() {
        total++;
    }

    public static void main(String[] args) throws Exception {
        SynchronizedMethods s = new SynchronizedMethods();
        Thread t = new Thread(() -> {
            for (int i = 0; i < 100; i++) {
                s.inc();
                add();
                try {
                    s.incAndThrow();
                } catch (IllegalStateException expected) {
                    // the monitor was released on the way out
                }
            }
        });
        t.start();
        for (int i = 0; i < 100; i++) {
            s.inc();
            add();
            try {
                s.incAndThrow();
            } catch (IllegalStateException expected) {
                // the monitor was released on the way out
            }
        }
        t.join();
    }
}
