package racecorpus;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Dependents of two sources (thenCombine, thenAcceptBoth, runAfterBoth, applyToEither), through
 * CompletionStage, Async forms with an executor, allOf/anyOf, completeOnTimeout and obtrudeValue,
 * and a function that reads what its caller wrote before registering it: no race.
 */
@Expect(races = 0, category = "CompletableFuture")
public class CompletableCombine {
    static final class Box {
        int v;
    }

    int a;
    int b;
    int seen;

    public static void main(String[] args) throws Exception {
        CompletableCombine p = new CompletableCombine();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CompletableFuture<Box> left = CompletableFuture.supplyAsync(() -> {
            Box x = new Box();
            x.v = 1;
            return x;
        }, pool);
        CompletionStage<Box> right = CompletableFuture.supplyAsync(() -> {
            Box x = new Box();
            x.v = 2;
            return x;
        });
        CompletionStage<Integer> sum = left.thenCombineAsync(right, (x, y) -> x.v + y.v, pool);
        System.out.println(sum.toCompletableFuture().join());
        left.thenAcceptBoth(right, (x, y) -> p.a = x.v + y.v).join();
        System.out.println(p.a);
        right.runAfterBoth(left, () -> p.b = p.a + 1).toCompletableFuture().join();
        System.out.println(p.b);
        System.out.println(left.applyToEither(right, x -> x.v + p.b).join());

        CompletableFuture<Void> one = CompletableFuture.runAsync(() -> p.a = 10, pool);
        CompletableFuture<Void> two = CompletableFuture.runAsync(() -> p.b = 20);
        CompletableFuture.allOf(one, two).join();
        System.out.println(p.a + p.b);
        CompletableFuture<Void> only = CompletableFuture.runAsync(() -> p.a = 11, pool);
        CompletableFuture.anyOf(only).join();
        System.out.println(p.a);

        CompletableFuture<Box> manual = new CompletableFuture<>();
        p.seen = 5;   // before the registration: the function reads it on the completing thread
        CompletableFuture<Integer> late = manual.thenApplyAsync(x -> x.v + p.seen, pool);
        Thread t = new Thread(() -> {
            Box x = new Box();
            x.v = 7;
            manual.complete(x);
        });
        t.start();
        System.out.println(late.get());
        t.join();

        Box fallback = new Box();
        fallback.v = 3;
        CompletableFuture<Box> timed = new CompletableFuture<Box>().completeOnTimeout(fallback, 1, TimeUnit.MILLISECONDS);
        System.out.println(timed.thenApplyAsync(x -> x.v, pool).get());
        Thread reader = new Thread(() -> System.out.println(timed.join().v));
        reader.start();
        Box forced = new Box();
        forced.v = 4;
        timed.obtrudeValue(forced);
        reader.join();
        pool.shutdown();
    }
}
