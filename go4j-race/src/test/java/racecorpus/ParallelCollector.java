package racecorpus;

import java.util.stream.Collector;
import java.util.stream.IntStream;

/**
 * A parallel stream's Collector: its supplier reads what the caller prepared, its accumulator
 * and combiner fill per-worker containers, and the caller reads the result: no race.
 */
@Expect(races = 0, category = "parallel streams")
public class ParallelCollector {
    static final class Acc {
        long sum;
        int weight;
    }

    int weight;

    public static void main(String[] args) {
        ParallelCollector p = new ParallelCollector();
        p.weight = 3;
        Acc total = IntStream.range(0, 10_000).parallel().boxed().collect(Collector.of(() -> {
            Acc a = new Acc();
            a.weight = p.weight;
            return a;
        }, (a, i) -> a.sum += (long) i * a.weight, (a, b) -> {
            a.sum += b.sum;
            return a;
        }));
        System.out.println(total.sum);
    }
}
