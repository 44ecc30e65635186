package racecorpus;

/** One array element written by two threads. */
@Expect(races = 1, category = "array element")
public class ArrayElement {
    public static void main(String[] args) throws Exception {
        long[] a = new long[4];
        Thread t = new Thread(() -> {
            a[2] = 1; // RACE
        });
        t.start();
        a[2] = 2; // RACE
        t.join();
    }
}
