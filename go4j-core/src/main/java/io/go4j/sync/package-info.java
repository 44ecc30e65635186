/**
 * Go's {@code sync} package: {@code WaitGroup}, {@code Mutex}, {@code RWMutex}, {@code Once}
 * (with {@code onceFunc}, {@code onceValue}, {@code onceValues}), {@code Cond}, {@code Locker} and
 * {@code Pool},
 * with Go's misuse panics ({@code sync: negative WaitGroup counter},
 * {@code sync: unlock of unlocked mutex}, ...). Like Go's, this package uses no channels; blocked
 * goroutines record Go's wait reasons ({@code sync.Mutex.Lock}, {@code sync.WaitGroup.Wait}, ...).
 *
 * <pre>{@code
 * WaitGroup wg = new WaitGroup();
 * Mutex mu = new Mutex();
 * int[] hits = new int[1];
 * for (int i = 0; i < 100; i++) {
 *     wg.go(() -> {
 *         mu.lock();
 *         hits[0]++;
 *         mu.unlock();
 *     });
 * }
 * wg.await();
 * System.out.println(hits[0]);   // 100
 * }</pre>
 */
package io.go4j.sync;
