package racecorpus;

/** Two threads read (concurrently: FastTrack's shared reads), then a write ordered after neither: two races. */
@Expect(races = 2, category = "plain field")
public class SharedReadsThenWrite {
    int x;

    public static void main(String[] args) throws Exception {
        SharedReadsThenWrite p = new SharedReadsThenWrite();
        Thread a = new Thread(() -> System.out.println(p.x)); // RACE
        Thread b = new Thread(() -> System.out.println(p.x + 1)); // RACE
        a.start();
        b.start();
        while (a.getState() != Thread.State.TERMINATED || b.getState() != Thread.State.TERMINATED) {
            Thread.onSpinWait();   // no edge in the model
        }
        p.x = 5; // RACE
        a.join();
        b.join();
    }
}
