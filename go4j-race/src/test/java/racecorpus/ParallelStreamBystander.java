package racecorpus;

import java.util.stream.IntStream;

/** A thread that did not call the parallel stream reads what one of its functions wrote: a race. */
@Expect(races = 1, category = "parallel streams")
public class ParallelStreamBystander {
    int x;

    public static void main(String[] args) {
        ParallelStreamBystander p = new ParallelStreamBystander();
        Thread main = Thread.currentThread();
        Thread bystander = new Thread(() -> {
            while (main.getState() != Thread.State.TERMINATED) {   // no edge in the model
                Thread.onSpinWait();
            }
            System.out.println(p.x); // RACE
        });
        bystander.start();
        IntStream.range(0, 1000).parallel().forEach(i -> {
            if (i == 0) {
                p.x = 1; // RACE
            }
        });
    }
}
