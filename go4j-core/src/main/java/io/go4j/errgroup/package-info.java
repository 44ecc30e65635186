/**
 * Go's {@code golang.org/x/sync/errgroup}: a group of goroutines working on subtasks of a common
 * task, with the first error returned by {@code await} and, with {@code withContext}, cancelling
 * the group's context.
 *
 * <pre>{@code
 * Group g = new Group();
 * AtomicInteger sum = new AtomicInteger();
 * for (int i = 1; i <= 4; i++) {
 *     int n = i;
 *     g.go(() -> sum.addAndGet(n));
 * }
 * System.out.println(g.await() + " " + sum.get());   // null 10
 * }</pre>
 */
package io.go4j.errgroup;
