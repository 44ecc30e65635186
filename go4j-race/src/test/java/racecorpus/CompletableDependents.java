package racecorpus;

import java.util.concurrent.CompletableFuture;

/**
 * A chain of dependents: each function reads what the stage before it published, the caller
 * reads what the last one wrote after join(), and a function on a future completed by another
 * thread reads what that thread wrote: no race.
 */
@Expect(races = 0, category = "CompletableFuture")
public class CompletableDependents {
    static final class Box {
        int v;
    }

    int x;

    public static void main(String[] args) throws Exception {
        CompletableDependents p = new CompletableDependents();
        CompletableFuture<Void> chain = CompletableFuture.supplyAsync(() -> {
            Box b = new Box();
            b.v = 1;
            return b;
        }).thenApplyAsync(b -> {
            b.v++;
            return b;
        }).thenApply(b -> b.v * 10).thenAccept(v -> p.x = v);
        chain.join();
        System.out.println(p.x);

        CompletableFuture<Box> manual = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            Box b = new Box();
            b.v = 7;
            manual.complete(b);
        });
        t.start();
        CompletableFuture<Integer> read = manual.thenCompose(b -> CompletableFuture.supplyAsync(() -> b.v))
                .handle((v, e) -> v + 1)
                .whenComplete((v, e) -> p.x = v);
        System.out.println(read.get());
        System.out.println(p.x);
        t.join();
    }
}
