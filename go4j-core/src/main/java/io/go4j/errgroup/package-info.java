/**
 * Go's {@code golang.org/x/sync/errgroup}: a group of goroutines working on subtasks of a common
 * task, with the first error returned by {@code await} and, with {@code withContext}, cancelling
 * the group's context.
 */
package io.go4j.errgroup;
