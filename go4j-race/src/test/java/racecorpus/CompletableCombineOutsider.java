package racecorpus;

import java.util.concurrent.CompletableFuture;

/** A thenCombine function reads what a thread that is neither source wrote: a race. */
@Expect(races = 1, category = "CompletableFuture")
public class CompletableCombineOutsider {
    int x;

    public static void main(String[] args) throws Exception {
        CompletableCombineOutsider p = new CompletableCombineOutsider();
        CompletableFuture<Integer> left = new CompletableFuture<>();
        CompletableFuture<Integer> right = new CompletableFuture<>();
        CompletableFuture<Integer> sum = left.thenCombine(right, (l, r) -> l + r + p.x); // RACE
        Thread outsider = new Thread(() -> {
            p.x = 1; // RACE
        });
        outsider.start();
        while (outsider.getState() != Thread.State.TERMINATED) {   // no edge in the model
            Thread.onSpinWait();
        }
        Thread completer = new Thread(() -> {
            left.complete(1);
            right.complete(2);
        });
        completer.start();
        System.out.println(sum.get());
        completer.join();
    }
}
