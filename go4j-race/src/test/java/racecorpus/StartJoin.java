package racecorpus;

/** Thread.start orders the parent's past before the child; join orders the child before the rest: no race. */
@Expect(races = 0, category = "Thread.start/join")
public class StartJoin {
    int x;

    public static void main(String[] args) throws Exception {
        StartJoin p = new StartJoin();
        p.x = 1;
        Thread t = new Thread(() -> p.x++);
        t.start();
        t.join();
        p.x++;
        Thread v = Thread.ofVirtual().start(() -> p.x++);
        v.join();
        Thread w = Thread.startVirtualThread(() -> p.x++);
        w.join(60_000);
        System.out.println(p.x);
    }
}
