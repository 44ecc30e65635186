// Package benchgo is the Go twin of go4j's JMH benchmarks (benchmarks/src/main/java/io/go4j/benchmarks):
// the same scenarios, written the way Go code is written, reporting ns/op in the same units
// (per round trip, hop, message or goroutine). Run with GOMAXPROCS=2 to match the JVM runs:
//
//	GOMAXPROCS=2 go test -bench . -count 3
package benchgo

import (
	"sync"
	"testing"
	"time"
)

const (
	chainStages   = 1000   // channels in BenchmarkChain, hence hops per message
	ringActors    = 1000   // goroutines in BenchmarkRing
	mpmcProducers = 4      // BenchmarkMPMC
	mpmcConsumers = 4      // BenchmarkMPMC
	mpmcCapacity  = 64     // BenchmarkMPMC
	spawnBatch    = 100000 // goroutines started before joining them, in BenchmarkSpawn
)

// BenchmarkPingPong measures a round trip between two goroutines over two unbuffered
// channels. ns/op is ns per round trip.
func BenchmarkPingPong(b *testing.B) {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v
		}
	}()
	defer close(ping)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ping <- 1
		<-pong
	}
}

// BenchmarkChain measures messages pipelined through 1,000 unbuffered channels joined by 999
// relay goroutines. ns/op is ns per hop: b.N is rounded up to whole messages of 1,000 hops and
// ns/op is recomputed from the hops actually made.
func BenchmarkChain(b *testing.B) {
	stages := make([]chan int, chainStages)
	for i := range stages {
		stages[i] = make(chan int)
	}
	for i := 1; i < chainStages; i++ {
		go func(in <-chan int, out chan<- int) {
			for v := range in {
				out <- v
			}
			close(out)
		}(stages[i-1], stages[i])
	}
	defer close(stages[0])
	messages := (b.N + chainStages - 1) / chainStages
	b.ResetTimer()
	start := time.Now()
	go func() {
		for i := 0; i < messages; i++ {
			stages[0] <- 1
		}
	}()
	last := stages[chainStages-1]
	for i := 0; i < messages; i++ {
		<-last
	}
	perHop(b, start, messages*chainStages)
}

// BenchmarkRing measures one token passed around 1,000 goroutines joined in a ring by
// unbuffered channels. ns/op is ns per hop (one goroutine receiving the token). The token is the
// number of hops left; a negative token stops the ring.
func BenchmarkRing(b *testing.B) {
	const stop = -1
	ring := make([]chan int, ringActors)
	for i := range ring {
		ring[i] = make(chan int)
	}
	done := make(chan int)
	for i := 0; i < ringActors; i++ {
		go func(last bool, in <-chan int, out chan<- int) {
			for hopsLeft := range in {
				switch {
				case hopsLeft == stop:
					if !last {
						out <- stop
					}
					return
				case hopsLeft == 1:
					done <- 0
				default:
					out <- hopsLeft - 1
				}
			}
		}(i == ringActors-1, ring[i], ring[(i+1)%ringActors])
	}
	defer func() { ring[0] <- stop }()
	b.ResetTimer()
	ring[0] <- b.N
	<-done
}

// BenchmarkBuffered16 measures one producer streaming to one consumer through a channel of
// capacity 16. ns/op is ns per message.
func BenchmarkBuffered16(b *testing.B) { buffered(b, 16) }

// BenchmarkBuffered1024 is BenchmarkBuffered16 with capacity 1,024.
func BenchmarkBuffered1024(b *testing.B) { buffered(b, 1024) }

func buffered(b *testing.B, capacity int) {
	ch := make(chan int, capacity)
	go func() {
		for i := 0; i < b.N; i++ {
			ch <- 1
		}
	}()
	for i := 0; i < b.N; i++ {
		<-ch
	}
}

// BenchmarkMPMC measures 4 producers and 4 consumers sharing a channel of capacity 64.
// ns/op is ns per message.
func BenchmarkMPMC(b *testing.B) {
	ch := make(chan int, mpmcCapacity)
	var wg sync.WaitGroup
	for p := 0; p < mpmcProducers; p++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			for i := 0; i < n; i++ {
				ch <- 1
			}
		}(share(b.N, mpmcProducers, p))
	}
	for c := 0; c < mpmcConsumers; c++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			for i := 0; i < n; i++ {
				<-ch
			}
		}(share(b.N, mpmcConsumers, c))
	}
	wg.Wait()
}

// BenchmarkSelect measures one receiver selecting over two unbuffered channels, each fed by its
// own producer. ns/op is ns per message (one select that receives).
func BenchmarkSelect(b *testing.B) {
	x, y := make(chan int), make(chan int)
	produce := func(ch chan<- int, n int) {
		for i := 0; i < n; i++ {
			ch <- 1
		}
	}
	go produce(x, share(b.N, 2, 0))
	go produce(y, share(b.N, 2, 1))
	for i := 0; i < b.N; i++ {
		select {
		case <-x:
		case <-y:
		}
	}
}

// BenchmarkSpawn measures starting goroutines that do nothing and waiting for them, in batches
// of 100,000 started before any is waited for. ns/op is ns per goroutine.
func BenchmarkSpawn(b *testing.B) {
	var wg sync.WaitGroup
	for left := b.N; left > 0; left -= spawnBatch {
		n := spawnBatch
		if left < n {
			n = left
		}
		wg.Add(n)
		for i := 0; i < n; i++ {
			go wg.Done()
		}
		wg.Wait()
	}
}

// share returns worker i's part of n items split over k workers (parts differ by at most one).
func share(n, k, i int) int {
	part := n / k
	if i < n%k {
		part++
	}
	return part
}

// perHop overrides ns/op with the time since start divided by the hops actually made.
func perHop(b *testing.B, start time.Time, hops int) {
	b.StopTimer()
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(hops), "ns/op")
}

// BenchmarkWorkerPool measures a producer, four workers and a collector over two channels of
// capacity 16; each worker computes workIterations steps per job between its receive and its
// send. ns/op is ns per job. The work0 variant is the hand-offs alone.
func BenchmarkWorkerPool(b *testing.B)      { workerPool(b, workIterations) }
func BenchmarkWorkerPoolWork0(b *testing.B) { workerPool(b, 0) }

const (
	poolWorkers    = 4
	poolCapacity   = 16
	workIterations = 2000 // as WorkerPoolBenchmark's work=2000
)

func workerPool(b *testing.B, work int) {
	jobs := make(chan int, poolCapacity)
	results := make(chan int64, poolCapacity)
	go func() {
		for i := 0; i < b.N; i++ {
			jobs <- i
		}
		close(jobs)
	}()
	var wg sync.WaitGroup
	for w := 0; w < poolWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- compute(work, int64(j))
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var sum int64
	for r := range results {
		sum += r
	}
	sink = sum
}

var sink int64

// compute is a job's work: n steps of Marsaglia's xorshift64 (as WorkerPoolBenchmark.compute).
func compute(n int, seed int64) int64 {
	x := uint64(seed) + 1
	for i := 0; i < n; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return int64(x)
}
