package racecorpus;

/** Two threads write one field with no edge between them. */
@Expect(races = 1, category = "plain field")
public class PlainWriteWrite {
    int x;

    public static void main(String[] args) throws Exception {
        PlainWriteWrite p = new PlainWriteWrite();
        Thread t = new Thread(() -> {
            p.x = 1; // RACE
        });
        t.start();
        p.x = 2; // RACE
        t.join();
    }
}
