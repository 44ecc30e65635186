package benchgo

import (
	"context"
	"sync"
	"testing"
	"time"
)

// contextTree is the number of contexts in the context benchmarks, as in go4j's
// ContextBenchmark: a root, 100 children, 999 grandchildren under each child but the last
// (998 there). One op is one tree; the ns/context metric is the number to compare with JMH's
// score.
const (
	contextTree   = 100000
	contextFanout = 100
)

// tree is one built context tree with a watcher goroutine per context.
type tree struct {
	cancel  context.CancelFunc
	cancels []context.CancelFunc // of the descendants: kept, as vet asks, but the root's cancel releases them
	done    sync.WaitGroup
}

// buildTree makes the tree and starts, for each context, a goroutine blocked in a select on
// the context's Done channel and on a channel that never sends; it returns once all have started.
func buildTree(never chan struct{}) *tree {
	t := &tree{cancels: make([]context.CancelFunc, 0, contextTree)}
	var started sync.WaitGroup
	watch := func(ctx context.Context) {
		started.Add(1)
		t.done.Add(1)
		go func() {
			started.Done()
			select {
			case <-never:
			case <-ctx.Done():
			}
			t.done.Done()
		}()
	}
	root, cancel := context.WithCancel(context.Background())
	t.cancel = cancel
	watch(root)
	made := 1
	for i := 0; i < contextFanout; i++ {
		mid, cancelMid := context.WithCancel(root)
		t.cancels = append(t.cancels, cancelMid)
		watch(mid)
		made++
		leaves := (contextTree-1-contextFanout)/contextFanout + 1
		if rest := contextTree - made - (contextFanout - 1 - i); rest < leaves {
			leaves = rest
		}
		for j := 0; j < leaves; j++ {
			leaf, cancelLeaf := context.WithCancel(mid)
			t.cancels = append(t.cancels, cancelLeaf)
			watch(leaf)
			made++
		}
	}
	if made != contextTree {
		panic("wrong tree size")
	}
	started.Wait()
	return t
}

// reportPerContext adds the ns/context metric for b.N trees measured over elapsed.
func reportPerContext(b *testing.B, elapsed time.Duration) {
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N*contextTree), "ns/context")
}

// BenchmarkContextCancelTree measures cancelling the root of a built tree until every watcher
// has returned from its select (building the tree is not measured). ns/context is ns per context.
func BenchmarkContextCancelTree(b *testing.B) {
	never := make(chan struct{})
	var elapsed time.Duration
	for n := 0; n < b.N; n++ {
		b.StopTimer()
		t := buildTree(never)
		b.StartTimer()
		start := time.Now()
		t.cancel()
		t.done.Wait()
		elapsed += time.Since(start)
	}
	reportPerContext(b, elapsed)
}

// BenchmarkContextCreateWatchCancel measures building the tree, starting its watchers,
// cancelling the root and waiting for every watcher. ns/context is ns per context.
func BenchmarkContextCreateWatchCancel(b *testing.B) {
	never := make(chan struct{})
	start := time.Now()
	for n := 0; n < b.N; n++ {
		t := buildTree(never)
		t.cancel()
		t.done.Wait()
	}
	reportPerContext(b, time.Since(start))
}
