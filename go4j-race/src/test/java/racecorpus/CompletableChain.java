package racecorpus;

import java.util.concurrent.CompletableFuture;

/** supplyAsync's task happens-before join(); complete() happens-before get(): no race. */
@Expect(races = 0, category = "CompletableFuture")
public class CompletableChain {
    int x;

    public static void main(String[] args) throws Exception {
        CompletableChain p = new CompletableChain();
        CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> {
            p.x = 5;
            return 1;
        });
        f.join();
        p.x++;
        CompletableFuture<String> manual = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            p.x++;
            manual.complete("done");
        });
        t.start();
        manual.get();
        System.out.println(p.x);
        t.join();
    }
}
