package racecorpus;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.RecursiveTask;

/**
 * A RecursiveTask sums an array the caller filled (fork/join, invokeAll, pool.invoke,
 * pool.submit().get()); a RecursiveAction writes its half of an output array, read after join:
 * no race.
 */
@Expect(races = 0, category = "ForkJoinTask")
public class ForkJoinSum {
    static final class Sum extends RecursiveTask<Long> {
        final int[] data;
        final int lo;
        final int hi;
        long partial;   // written by compute, read by the parent after join

        Sum(int[] data, int lo, int hi) {
            this.data = data;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected Long compute() {
            if (hi - lo <= 64) {
                long s = 0;
                for (int i = lo; i < hi; i++) {
                    s += data[i];
                }
                partial = s;
                return s;
            }
            int mid = (lo + hi) >>> 1;
            Sum left = new Sum(data, lo, mid);
            Sum right = new Sum(data, mid, hi);
            left.fork();
            long r = right.compute();
            long l = left.join();
            partial = left.partial + right.partial;
            return l + r;
        }
    }

    static final class Scale extends RecursiveAction {
        final int[] data;
        final int lo;
        final int hi;

        Scale(int[] data, int lo, int hi) {
            this.data = data;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected void compute() {
            if (hi - lo <= 64) {
                for (int i = lo; i < hi; i++) {
                    data[i] *= 2;
                }
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Scale(data, lo, mid), new Scale(data, mid, hi));
        }
    }

    public static void main(String[] args) throws Exception {
        int[] data = new int[10_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        ForkJoinPool pool = new ForkJoinPool(2);
        System.out.println(pool.invoke(new Sum(data, 0, data.length)));
        pool.invoke(new Scale(data, 0, data.length));
        ForkJoinTask<Long> again = pool.submit(new Sum(data, 0, data.length));
        System.out.println(again.get() + " " + data[data.length - 1]);
        Sum common = new Sum(data, 0, data.length);
        common.fork();
        System.out.println(common.join() + " " + common.partial);
        pool.shutdown();
    }
}
