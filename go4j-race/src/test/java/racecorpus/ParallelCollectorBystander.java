package racecorpus;

import java.util.stream.Collector;
import java.util.stream.IntStream;

/** A thread that did not run the parallel stream reads what its Collector's finisher wrote: a race. */
@Expect(races = 1, category = "parallel streams")
public class ParallelCollectorBystander {
    static final class Acc {
        long sum;
    }

    long result;

    public static void main(String[] args) {
        ParallelCollectorBystander p = new ParallelCollectorBystander();
        Thread main = Thread.currentThread();
        Thread bystander = new Thread(() -> {
            while (main.getState() != Thread.State.TERMINATED) {   // no edge in the model
                Thread.onSpinWait();
            }
            System.out.println(p.result); // RACE
        });
        bystander.start();
        IntStream.range(0, 1000).parallel().boxed().collect(Collector.of(Acc::new, (a, i) -> a.sum += i, (a, b) -> {
            a.sum += b.sum;
            return a;
        }, a -> p.result = a.sum)); // RACE
    }
}
