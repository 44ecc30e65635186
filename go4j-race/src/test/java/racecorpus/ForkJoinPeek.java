package racecorpus;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;

/** A parent reads a forked child's field once its raw result shows, without join(): a race. */
@Expect(races = 1, category = "ForkJoinTask")
public class ForkJoinPeek {
    static final class Leaf extends RecursiveTask<Integer> {
        int out;

        @Override
        protected Integer compute() {
            out = 42; // RACE
            return 1;
        }
    }

    static final class Root extends RecursiveTask<Integer> {
        @Override
        protected Integer compute() {
            Leaf leaf = new Leaf();
            leaf.fork();
            while (leaf.getRawResult() == null) {   // a plain read inside the JDK: no edge
                Thread.onSpinWait();
            }
            return leaf.out; // RACE
        }
    }

    public static void main(String[] args) {
        ForkJoinPool pool = new ForkJoinPool(2);
        System.out.println(pool.invoke(new Root()));
        pool.shutdown();
    }
}
