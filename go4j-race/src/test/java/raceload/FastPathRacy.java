package raceload;

/**
 * Many threads write one field with no edge between them, in bursts that the detector's
 * lock-free path sees as same-epoch: one race (one pair of sites), which must be reported.
 */
public final class FastPathRacy {
    int shared;

    private FastPathRacy() {}

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        FastPathRacy p = new FastPathRacy();
        Thread[] ts = new Thread[threads];
        for (int k = 0; k < threads; k++) {
            int me = k;
            ts[k] = new Thread(() -> {
                for (int i = 0; i < rounds; i++) {
                    p.shared = me + i; // RACE
                }
            });
        }
        for (Thread t : ts) {
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        System.out.println(p.shared >= 0);
    }
}
