package benchgo

import (
	"sync"
	"testing"
	"time"
)

// waitGroupBatch is the number of goroutines fanned out per batch in BenchmarkWaitGroup, as in
// go4j's WaitGroupBenchmark.
const waitGroupBatch = 10000

// work is the trivial amount of work each goroutine does, as WaitGroupBenchmark.work.
func work(n uint64) uint64 {
	x := n * 0x9E3779B97F4A7C15
	x ^= x >> 29
	x *= 0xBF58476D1CE4E5B9
	return x ^ (x >> 32)
}

// BenchmarkWaitGroup measures fan-out/fan-in: start 10,000 goroutines that each do a trivial
// amount of work, store it in their own slot and call wg.Done, after one wg.Add for the whole
// batch, then wg.Wait for all. ns/op is ns per goroutine: b.N is rounded up to whole batches
// and ns/op is recomputed from the goroutines actually started.
func BenchmarkWaitGroup(b *testing.B) {
	out := make([]uint64, waitGroupBatch)
	batches := (b.N + waitGroupBatch - 1) / waitGroupBatch
	b.ResetTimer()
	start := time.Now()
	for n := 0; n < batches; n++ {
		var wg sync.WaitGroup
		wg.Add(waitGroupBatch)
		for i := 0; i < waitGroupBatch; i++ {
			go func(i int) {
				out[i] = work(uint64(i))
				wg.Done()
			}(i)
		}
		wg.Wait()
		for i := range out {
			if out[i] != work(uint64(i)) {
				b.Fatalf("goroutine %d did not run before Wait returned", i)
			}
			out[i] = 0
		}
	}
	perHop(b, start, batches*waitGroupBatch)
}
