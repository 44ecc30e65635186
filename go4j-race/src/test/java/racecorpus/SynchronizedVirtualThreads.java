package racecorpus;

/**
 * Virtual threads contend for fresh monitors, round after round, while collections move the
 * monitors' objects: no race, and each monitor stays the same object to the detector (its identity
 * hash, seen inside each synchronized block, does not change). A virtual thread that blocks on a
 * contended monitor unmounts (JEP 491); an object the agent's instrumentation kept on the operand
 * stack across that MONITORENTER was not updated by the collector (Transformer's note on it).
 */
@Expect(races = 0, category = "synchronized")
public class SynchronizedVirtualThreads {
    int x;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        for (int i = 0; i < rounds; i++) {
            SynchronizedVirtualThreads p = new SynchronizedVirtualThreads();
            Object lock = new Object();
            int[] seen = new int[2];
            Thread[] threads = new Thread[2];
            for (int k = 0; k < 2; k++) {
                int me = k;
                threads[k] = Thread.ofVirtual().start(() -> {
                    synchronized (lock) {
                        p.x++;
                        seen[me] = System.identityHashCode(lock);
                    }
                });
            }
            for (Thread t : threads) {
                t.join();
            }
            int now = System.identityHashCode(lock);
            if (seen[0] != now || seen[1] != now || p.x != 2) {
                throw new AssertionError("round " + i + ": the monitor's identity hash was " + seen[0] + " and "
                        + seen[1] + " inside its blocks, " + now + " after; x = " + p.x);
            }
        }
    }
}
