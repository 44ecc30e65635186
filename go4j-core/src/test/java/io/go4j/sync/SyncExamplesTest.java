package io.go4j.sync;

import io.go4j.Go;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Javadoc examples of io.go4j.sync, run with their printed output checked (Go's Example tests). */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SyncExamplesTest {

    /** Runs {@code example} with System.out captured and returns what it printed. */
    private static String output(Runnable example) {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            example.run();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("Mutex example prints 10")
    void mutex() {
        assertEquals("10\n", output(() -> {
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
            System.out.println(counter[0]);
        }));
    }

    @Test
    @DisplayName("WaitGroup example prints 6")
    void waitGroup() {
        assertEquals("6\n", output(() -> {
            WaitGroup wg = new WaitGroup();
            AtomicInteger sum = new AtomicInteger();
            for (int i = 1; i <= 3; i++) {
                int n = i;
                wg.go(() -> sum.addAndGet(n));
            }
            wg.await();
            System.out.println(sum.get());
        }));
    }

    @Test
    @DisplayName("RWMutex example prints 3")
    void rwMutex() {
        assertEquals("3\n", output(() -> {
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
                System.out.println(prices.get("tea"));
            } finally {
                rw.rUnlock();
            }
        }));
    }

    @Test
    @DisplayName("Once examples print once, 84 and port=8080")
    void once() {
        assertEquals("initialised\n", output(() -> {
            Once once = new Once();
            for (int i = 0; i < 3; i++) {
                once.run(() -> System.out.println("initialised"));
            }
        }));
        assertEquals("init\n", output(() -> {
            Runnable init = Once.onceFunc(() -> System.out.println("init"));
            init.run();
            init.run();
        }));
        assertEquals("84\n", output(() -> {
            Supplier<Integer> answer = Once.onceValue(() -> 6 * 7);
            System.out.println(answer.get() + answer.get());
        }));
        assertEquals("port=8080\n", output(() -> {
            Supplier<Once.Values<String, Integer>> config = Once.onceValues(() -> new Once.Values<>("port", 8080));
            System.out.println(config.get().first() + "=" + config.get().second());
        }));
    }

    @Test
    @DisplayName("Cond example prints ready")
    void cond() {
        assertEquals("ready\n", output(() -> {
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
            System.out.println("ready");
        }));
    }
}
