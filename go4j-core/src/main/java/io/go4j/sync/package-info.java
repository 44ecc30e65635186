/**
 * Go's {@code sync} package: {@code WaitGroup}, {@code Mutex}, {@code RWMutex}, {@code Once}
 * (with {@code onceFunc}, {@code onceValue}, {@code onceValues}), {@code Cond} and {@code Locker},
 * with Go's misuse panics ({@code sync: negative WaitGroup counter},
 * {@code sync: unlock of unlocked mutex}, ...). Like Go's, this package uses no channels; blocked
 * goroutines record Go's wait reasons ({@code sync.Mutex.Lock}, {@code sync.WaitGroup.Wait}, ...).
 */
package io.go4j.sync;
