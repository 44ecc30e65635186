package racecorpus;

/** The report's shape, line by line (ReportShapeTest); Go's output_test "simple" case, in Java. */
@Expect(races = 1, category = "report shape")
public class ReportShape {
    static int x;

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
        store(2);
    }
}
