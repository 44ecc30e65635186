package benchgo

import (
	"sync"
	"testing"
	"time"
)

// mutexBatch is the number of critical sections per batch in the Mutex benchmarks, as in
// go4j's MutexBenchmark.
const mutexBatch = 200000

// benchmarkMutex runs batches of lock, increment a shared counter, unlock, split among
// goroutines sharing one sync.Mutex. ns/op is ns per critical section: b.N is rounded up to
// whole batches and ns/op is recomputed from the critical sections actually run.
func benchmarkMutex(b *testing.B, goroutines int) {
	var mu sync.Mutex
	counter := 0
	batches := (b.N + mutexBatch - 1) / mutexBatch
	each := mutexBatch / goroutines
	b.ResetTimer()
	start := time.Now()
	for n := 0; n < batches; n++ {
		var wg sync.WaitGroup
		for g := 0; g < goroutines; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < each; i++ {
					mu.Lock()
					counter++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
	}
	ops := batches * each * goroutines
	if counter != ops {
		b.Fatalf("counter %d, want %d", counter, ops)
	}
	perHop(b, start, ops)
}

// BenchmarkMutex1 is the uncontended path: one goroutine locking and unlocking.
func BenchmarkMutex1(b *testing.B) { benchmarkMutex(b, 1) }

// BenchmarkMutex2 is two goroutines contending for one Mutex.
func BenchmarkMutex2(b *testing.B) { benchmarkMutex(b, 2) }

// BenchmarkMutex8 is eight goroutines contending for one Mutex.
func BenchmarkMutex8(b *testing.B) { benchmarkMutex(b, 8) }

// BenchmarkMutex100 is a hundred goroutines contending for one Mutex.
func BenchmarkMutex100(b *testing.B) { benchmarkMutex(b, 100) }
