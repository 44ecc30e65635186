package racecorpus;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The submitter reads the task's result field before get(): a race. */
@Expect(races = 1, category = "executors and futures")
public class ExecutorReadBeforeGet {
    int x;

    public static void main(String[] args) throws Exception {
        ExecutorReadBeforeGet p = new ExecutorReadBeforeGet();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> f = pool.submit(() -> {
            p.x = 1; // RACE
        });
        int early = p.x; // RACE
        f.get();
        pool.shutdown();
        System.out.println(early >= 0);
    }
}
