package racecorpus;

/** The reader reads a different volatile field than the one the writer wrote: no edge, a race. */
@Expect(races = 1, category = "volatile")
public class VolatileOtherField {
    int data;
    volatile boolean ready;
    volatile boolean other;

    public static void main(String[] args) throws Exception {
        VolatileOtherField p = new VolatileOtherField();
        Thread t = new Thread(() -> {
            boolean o = p.other;
            int d = p.data; // RACE
            System.out.println(o + " " + d);
        });
        t.start();
        p.data = 42; // RACE
        p.ready = true;
        t.join();
    }
}
