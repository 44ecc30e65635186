// Command parked prints the memory each goroutine costs while it is parked in a receive, with
// 1,000,000 goroutines parked on one shared unbuffered channel: the Go twin of go4j's
// ParkedMemory. It counts heap in use plus goroutine stacks in use (runtime.MemStats HeapAlloc +
// StackInuse) after a GC, before and after parking them.
//
//	GOMAXPROCS=2 go run ./cmd/parked [-n 1000000]
//
// Output, one line: parked impl=go goroutines=1000000 bytes/goroutine=2800.0
package main

import (
	"flag"
	"fmt"
	"runtime"
	"sync"
	"time"
)

func main() {
	n := flag.Int("n", 1000000, "goroutines to park")
	flag.Parse()

	ch := make(chan int)
	var started sync.WaitGroup
	started.Add(*n)
	before := inUse()
	for i := 0; i < *n; i++ {
		go func() {
			started.Done()
			<-ch
		}()
	}
	started.Wait()
	// Go has no way to ask whether a goroutine is parked; those between Done and the receive
	// get there as soon as they are scheduled, and their stacks are counted either way.
	time.Sleep(500 * time.Millisecond)
	after := inUse()

	fmt.Printf("parked impl=go goroutines=%d bytes/goroutine=%.1f\n", *n, float64(after-before)/float64(*n))
}

// inUse returns the bytes of live heap objects plus goroutine stacks, after a full GC.
func inUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc + m.StackInuse
}
