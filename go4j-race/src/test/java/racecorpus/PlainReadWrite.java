package racecorpus;

/** A thread writes a field another reads, with no edge between them. */
@Expect(races = 1, category = "plain field")
public class PlainReadWrite {
    int x;

    public static void main(String[] args) throws Exception {
        PlainReadWrite p = new PlainReadWrite();
        Thread t = new Thread(() -> {
            p.x = 1; // RACE
        });
        t.start();
        int seen = p.x; // RACE
        t.join();
        System.out.println(seen >= 0);
    }
}
