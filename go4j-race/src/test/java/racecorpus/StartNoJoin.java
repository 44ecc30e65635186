package racecorpus;

/** The parent reads what the child writes without joining it first. */
@Expect(races = 1, category = "Thread.start/join")
public class StartNoJoin {
    int x;

    public static void main(String[] args) throws Exception {
        StartNoJoin p = new StartNoJoin();
        Thread t = Thread.ofVirtual().start(() -> {
            p.x = 1; // RACE
        });
        int seen = p.x; // RACE
        t.join();
        System.out.println(seen >= 0);
    }
}
