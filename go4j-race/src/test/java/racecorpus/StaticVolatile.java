package racecorpus;

/** Publication through a static volatile field: no race. */
@Expect(races = 0, category = "volatile")
public class StaticVolatile {
    static int data;
    static volatile boolean ready;

    public static void main(String[] args) throws Exception {
        Thread t = new Thread(() -> {
            while (!ready) {
                Thread.onSpinWait();
            }
            System.out.println(data);
        });
        t.start();
        data = 7;
        ready = true;
        t.join();
    }
}
