package racecorpus;

import java.util.concurrent.CompletableFuture;

/** The caller reads what an async dependent's function writes before joining it: a race. */
@Expect(races = 1, category = "CompletableFuture")
public class CompletableDependentReadEarly {
    int x;

    public static void main(String[] args) {
        CompletableDependentReadEarly p = new CompletableDependentReadEarly();
        CompletableFuture<Void> f = CompletableFuture.supplyAsync(() -> 5).thenAcceptAsync(v -> {
            p.x = v; // RACE
        });
        int early = p.x; // RACE
        f.join();
        System.out.println(early >= 0);
    }
}
