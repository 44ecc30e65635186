package raceload;

import io.go4j.Go;
import io.go4j.sync.WaitGroup;

/**
 * A goroutine started by {@code Go.go} in a helper races with main: its report's "created at"
 * names the helper's call of {@code Go.go}, then main's call of the helper (ReportShapeTest).
 */
public final class GoCreatedAt {
    static int x;

    private GoCreatedAt() {}

    static void store(int v) {
        x = v;
    }

    static void startRacer(WaitGroup wg) {
        Go.go(() -> {
            store(1);
            wg.done();
        });
    }

    public static void main(String[] args) {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        startRacer(wg);
        store(2);
        wg.await();   // after both writes: the race stays
    }
}
