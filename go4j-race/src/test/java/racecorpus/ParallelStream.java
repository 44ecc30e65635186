package racecorpus;

import java.util.stream.IntStream;

/** A parallel stream's functions read what the caller prepared; the caller reads what they wrote: no race. */
@Expect(races = 0, category = "parallel streams")
public class ParallelStream {
    int factor;

    public static void main(String[] args) {
        ParallelStream p = new ParallelStream();
        int[] out = new int[10_000];
        p.factor = 3;
        IntStream.range(0, out.length).parallel().forEach(i -> out[i] = i * p.factor);
        long sum = 0;
        for (int v : out) {
            sum += v;
        }
        int max = IntStream.range(0, out.length).parallel().map(i -> out[i]).filter(v -> v % 2 == 0).max().orElse(0);
        System.out.println(sum + " " + max);
    }
}
