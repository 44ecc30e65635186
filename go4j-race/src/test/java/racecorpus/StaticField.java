package racecorpus;

/** A static field written by two threads. */
@Expect(races = 1, category = "static field")
public class StaticField {
    static long counter;

    public static void main(String[] args) throws Exception {
        Thread t = new Thread(() -> {
            counter = 1; // RACE
        });
        t.start();
        counter = 2; // RACE
        t.join();
    }
}
