package benchgo

import (
	"runtime"
	"sync"
	"testing"
	"time"
)

const (
	// mutexBatch is the number of critical sections per batch in the Mutex benchmarks, as in
	// go4j's MutexBenchmark.
	mutexBatch = 200000
	// mutexYieldEvery is the number of iterations between runtime.Gosched calls, as
	// MutexBenchmark.YIELD_EVERY.
	mutexYieldEvery = 64
)

// inside is the critical section's update of the shared counter (MutexBenchmark.inside).
//
//go:noinline
func inside(c int64) int64 { return c + 1 }

// outside is a few ns of work between critical sections (MutexBenchmark.outside).
//
//go:noinline
func outside(x uint64) uint64 {
	x ^= x << 13
	x ^= x >> 7
	x ^= x << 17
	return x + 1
}

// sinkValue keeps each goroutine's outside work observable.
var sinkValue uint64

// benchmarkMutex runs batches of critical sections split among goroutines sharing one
// sync.Mutex, in MutexBenchmark's shape: lock, counter = inside(counter), unlock, then
// local = outside(local), and runtime.Gosched() every mutexYieldEvery iterations (outside the
// lock) so that all goroutines interleave. ns/op is ns per critical section: b.N is rounded up
// to whole batches and ns/op is recomputed from the critical sections actually run.
func benchmarkMutex(b *testing.B, goroutines int) {
	var mu sync.Mutex
	var counter int64
	var sinkMu sync.Mutex
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
				var local uint64
				for i := 1; i <= each; i++ {
					mu.Lock()
					counter = inside(counter)
					mu.Unlock()
					local = outside(local)
					if i%mutexYieldEvery == 0 {
						runtime.Gosched()
					}
				}
				sinkMu.Lock()
				sinkValue ^= local
				sinkMu.Unlock()
			}()
		}
		wg.Wait()
	}
	ops := batches * each * goroutines
	if counter != int64(ops) {
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
