package racecorpus;

import java.util.concurrent.CompletableFuture;

/** allOf of one task, then a read of what a task left out of it wrote: a race. */
@Expect(races = 1, category = "CompletableFuture")
public class CompletableAllOfMissing {
    int a;
    int b;

    public static void main(String[] args) {
        CompletableAllOfMissing p = new CompletableAllOfMissing();
        CompletableFuture<Void> one = CompletableFuture.runAsync(() -> p.a = 1);
        CompletableFuture<Void> two = CompletableFuture.runAsync(() -> {
            p.b = 2; // RACE
        });
        CompletableFuture.allOf(one).join();
        System.out.println(p.a + p.b); // RACE
        two.join();
    }
}
