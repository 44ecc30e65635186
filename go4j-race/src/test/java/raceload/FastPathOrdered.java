package raceload;

/**
 * Many threads hammer one field, each under a lock, between bursts of same-epoch accesses to
 * fields and elements of their own (the detector's lock-free path): no race. Prints the count,
 * which must be threads × rounds.
 */
public final class FastPathOrdered {
    static final class Own {
        int a;
        long b;
    }

    int shared;

    private FastPathOrdered() {}

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        FastPathOrdered p = new FastPathOrdered();
        Object lock = new Object();
        int[] slots = new int[threads];
        Thread[] ts = new Thread[threads];
        for (int k = 0; k < threads; k++) {
            int me = k;
            ts[k] = new Thread(() -> {
                Own own = new Own();
                for (int i = 0; i < rounds; i++) {
                    for (int j = 0; j < 8; j++) {   // same epoch: the lock-free path
                        own.a += j;
                        own.b += own.a;
                        slots[me] += own.a;
                    }
                    synchronized (lock) {
                        p.shared++;
                    }
                }
            });
        }
        for (Thread t : ts) {
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        System.out.println(p.shared);
    }
}
