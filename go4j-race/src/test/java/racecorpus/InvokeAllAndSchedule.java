package racecorpus;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** invokeAll's tasks see what the caller prepared, and the caller sees what they did; the same for schedule: no race. */
@Expect(races = 0, category = "executors and futures")
public class InvokeAllAndSchedule {
    int[] parts = new int[4];
    int input;

    public static void main(String[] args) throws Exception {
        InvokeAllAndSchedule p = new InvokeAllAndSchedule();
        p.input = 3;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Callable<Integer>> tasks = List.of(() -> p.parts[0] = p.input, () -> p.parts[1] = p.input + 1);
        pool.invokeAll(tasks);
        System.out.println(p.parts[0] + p.parts[1]);
        pool.shutdown();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        p.input = 5;
        timer.schedule(() -> p.parts[2] = p.input, 1, TimeUnit.MILLISECONDS).get();
        System.out.println(p.parts[2]);
        timer.shutdown();
    }
}
