package io.go4j.sync;

import static io.go4j.TestSupport.assertPrints;
import io.go4j.Go;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;


/**
 * The Javadoc examples of io.go4j.sync, run, with their printed output checked (Go's
 * {@code Example...} functions with {@code // Output:}). The code between
 * {@code // example:NAME} and {@code // end} is NAME's Javadoc example verbatim; the shared
 * io.go4j.JavadocExamplesTest checks that they agree.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SyncExamplesTest {

    /** An example's body: may throw, as a snippet inside a method that declares it would. */

    @Test
    @DisplayName("package io.go4j.sync: 100 goroutines count under a mutex")
    void examplePackage() throws Exception {
        assertPrints("100\n", () -> {
            // example:package-info
            WaitGroup wg = new WaitGroup();
            Mutex mu = new Mutex();
            int[] hits = new int[1];
            for (int i = 0; i < 100; i++) {
                wg.go(() -> {
                    mu.lock();
                    hits[0]++;
                    mu.unlock();
                });
            }
            wg.await();
            System.out.println(hits[0]);   // 100
            // end
        });
    }

    @Test
    @DisplayName("Pool: a buffer is taken from the pool and put back")
    void examplePool() throws Exception {
        assertPrints("65536\n", () -> {
            // example:Pool
            Pool<byte[]> buffers = new Pool<>(() -> new byte[64 * 1024]);
            byte[] buf = buffers.get();            // a pooled buffer, or a new one
            try {
                buf[0] = 42;
                System.out.println(buf.length);    // 65536
            } finally {
                buffers.put(buf);                  // for a later get; the pool may drop it at any time
            }
            // end
        });
    }

    @Test
    @DisplayName("Mutex: ten increments under the lock print 10")
    void exampleMutex() throws Exception {
        assertPrints("10\n", () -> {
            // example:Mutex
            Mutex mu = new Mutex();
            int[] counter = new int[1];
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < 10; i++) {
                wg.go(() -> {
                    mu.lock();
                    try {
                        counter[0]++;
                    } finally {
                        mu.unlock();
                    }
                });
            }
            wg.await();
            System.out.println(counter[0]);   // 10
            // end
        });
    }

    @Test
    @DisplayName("Locker: a Mutex used through the interface")
    void exampleLocker() throws Exception {
        assertPrints("unlocked\n", () -> {
            // example:Locker
            Locker l = new Mutex();
            l.lock();
            try {
                // critical section
            } finally {
                l.unlock();
            }
            // end
            System.out.println(((Mutex) l).tryLock() ? "unlocked" : "still locked");
        });
    }

    @Test
    @DisplayName("WaitGroup: three goroutines sum to 6")
    void exampleWaitGroup() throws Exception {
        assertPrints("6\n", () -> {
            // example:WaitGroup
            WaitGroup wg = new WaitGroup();
            AtomicInteger sum = new AtomicInteger();
            for (int i = 1; i <= 3; i++) {
                int n = i;
                wg.go(() -> sum.addAndGet(n));
            }
            wg.await();
            System.out.println(sum.get());   // 6
            // end
        });
    }

    @Test
    @DisplayName("RWMutex: a write then a read print 3")
    void exampleRWMutex() throws Exception {
        assertPrints("3\n", () -> {
            // example:RWMutex
            RWMutex rw = new RWMutex();
            Map<String, Integer> prices = new HashMap<>();
            rw.lock();
            try {
                prices.put("tea", 3);
            } finally {
                rw.unlock();
            }
            rw.rLock();
            try {
                System.out.println(prices.get("tea"));   // 3
            } finally {
                rw.rUnlock();
            }
            // end
        });
    }

    @Test
    @DisplayName("Once: the function runs once")
    void exampleOnce() throws Exception {
        assertPrints("initialised\n", () -> {
            // example:Once
            Once once = new Once();
            for (int i = 0; i < 3; i++) {
                once.run(() -> System.out.println("initialised"));
            }
            // initialised (printed once)
            // end
        });
    }

    @Test
    @DisplayName("Once.onceFunc: the second call prints nothing")
    void exampleOnceonceFunc() throws Exception {
        assertPrints("init\n", () -> {
            // example:Once.onceFunc
            Runnable init = Once.onceFunc(() -> System.out.println("init"));
            init.run();
            init.run();   // prints nothing
            // end
        });
    }

    @Test
    @DisplayName("Once.onceValue: the value is computed once")
    void exampleOnceonceValue() throws Exception {
        assertPrints("84\n", () -> {
            // example:Once.onceValue
            Supplier<Integer> answer = Once.onceValue(() -> 6 * 7);
            System.out.println(answer.get() + answer.get());   // 84, computed once
            // end
        });
    }

    @Test
    @DisplayName("Once.onceValues: a pair computed once")
    void exampleOnceonceValues() throws Exception {
        assertPrints("port=8080\n", () -> {
            // example:Once.onceValues
            Supplier<Once.Values<String, Integer>> config = Once.onceValues(() -> new Once.Values<>("port", 8080));
            System.out.println(config.get().first() + "=" + config.get().second());   // port=8080
            // end
        });
    }

    @Test
    @DisplayName("Once.Values: a pair's components")
    void exampleOnceValues() throws Exception {
        assertPrints("port 8080\n", () -> {
            // example:Once.Values
            Once.Values<String, Integer> v = new Once.Values<>("port", 8080);
            System.out.println(v.first() + " " + v.second());   // port 8080
            // end
        });
    }

    @Test
    @DisplayName("Cond: the waiter sees the flag set by a signalling goroutine")
    @SuppressWarnings("UnbalancedLock")   // the Javadoc's example, verbatim, in Go's Lock; ...; Unlock style
    void exampleCond() throws Exception {
        assertPrints("ready\n", () -> {
            // example:Cond
            Mutex mu = new Mutex();
            Cond ready = new Cond(mu);
            boolean[] flag = new boolean[1];
            Go.go(() -> {
                mu.lock();
                flag[0] = true;
                ready.signal();
                mu.unlock();
            });
            mu.lock();
            while (!flag[0]) {
                ready.await();
            }
            mu.unlock();
            System.out.println("ready");   // ready
            // end
        });
    }
}
