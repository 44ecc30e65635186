/**
 * Go's {@code golang.org/x/sync/semaphore}: a weighted, FIFO semaphore whose acquire honours a context.
 *
 * <pre>{@code
 * Weighted sem = new Weighted(1);
 * sem.acquire(Context.background(), 1);
 * try (var ctx = Context.withTimeout(Context.background(), Duration.ofMillis(10))) {
 *     sem.acquire(ctx, 1);
 * } catch (DeadlineExceeded e) {
 *     System.out.println(e.getMessage());   // context deadline exceeded
 * }
 * }</pre>
 */
package io.go4j.semaphore;
