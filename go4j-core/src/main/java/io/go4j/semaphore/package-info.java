/** Go's {@code golang.org/x/sync/semaphore}: a weighted, FIFO semaphore whose acquire honours a context. */
package io.go4j.semaphore;
