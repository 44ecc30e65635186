package racecorpus;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** submit() orders the submitter before the task, Future.get() the task before the getter, close() all tasks before: no race. */
@Expect(races = 0, category = "executors and futures")
public class ExecutorFuture {
    int x;

    public static void main(String[] args) throws Exception {
        ExecutorFuture p = new ExecutorFuture();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        p.x = 1;
        Future<?> f = pool.submit(() -> p.x++);
        f.get();
        p.x++;
        Future<Integer> g = pool.submit(() -> p.x * 2);
        System.out.println(g.get());
        pool.shutdown();
        try (ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor()) {
            vt.execute(() -> p.x++);
        }
        System.out.println(p.x);
    }
}
