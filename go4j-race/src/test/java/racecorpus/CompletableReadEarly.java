package racecorpus;

import java.util.concurrent.CompletableFuture;

/** The caller reads before join(): a race with the async task. */
@Expect(races = 1, category = "CompletableFuture")
public class CompletableReadEarly {
    int x;

    public static void main(String[] args) {
        CompletableReadEarly p = new CompletableReadEarly();
        CompletableFuture<Void> f = CompletableFuture.runAsync(() -> {
            p.x = 5; // RACE
        });
        int early = p.x; // RACE
        f.join();
        System.out.println(early >= 0);
    }
}
