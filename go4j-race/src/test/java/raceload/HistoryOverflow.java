package raceload;

/**
 * A race whose previous access is older than a small call-site history: a goroutine writes
 * {@code x}; then main makes {@link #CHAINS} call chains it never made before (each call of
 * {@code branch} is a new path through its two call sites), then writes {@code x}.
 * HistorySizeTest: with {@code history_size=0} (32K nodes) the previous access's stack is lost,
 * with the default size 1 (64K nodes) it is kept (CallNode's note 2: between the two sizes' bounds).
 */
public final class HistoryOverflow {
    /** New chains main makes between the two writes: above 32K, below three quarters of 64K. */
    static final int CHAINS = 40_000;

    static int x;
    private static int left;   // new chains still to make; main's only

    private HistoryOverflow() {}

    static void store(int v) {
        x = v; // RACE
    }

    static Thread startRacer() {
        Thread t = new Thread(() -> store(1));
        t.start();
        return t;
    }

    public static void main(String[] args) {
        Thread t = startRacer();
        while (t.getState() != Thread.State.TERMINATED) {   // no edge in the model: the race stays
            Thread.onSpinWait();
        }
        left = CHAINS;
        branch(20);
        store(2);
    }

    /** Calls itself from two call sites while chains remain: each call is a chain made once. */
    static void branch(int depth) {
        if (depth > 0 && left-- > 0) {
            branch(depth - 1);
        }
        if (depth > 0 && left-- > 0) {
            branch(depth - 1);
        }
    }
}
