package benchgo

import (
	"testing"
	"time"
)

// timerBatch is the number of timers in flight in the timer benchmarks, as in TimerBenchmark.
// One op is one batch; the ns/timer metric is the number to compare with JMH's score.
const timerBatch = 1000000

// reportPerTimer adds the ns/timer metric for b.N batches that took since start.
func reportPerTimer(b *testing.B, start time.Time) {
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N*timerBatch), "ns/timer")
}

// BenchmarkTimerStartStop starts 1,000,000 one-hour timers, all pending at once, then stops
// them all. ns/timer is ns per timer.
func BenchmarkTimerStartStop(b *testing.B) {
	timers := make([]*time.Timer, timerBatch)
	b.ResetTimer()
	start := time.Now()
	for n := 0; n < b.N; n++ {
		for i := range timers {
			timers[i] = time.NewTimer(time.Hour)
		}
		for i, t := range timers {
			t.Stop()
			timers[i] = nil
		}
	}
	reportPerTimer(b, start)
}

// BenchmarkTimerAfterReceived creates 1,000,000 time.After(1ms) channels, then receives from each.
// ns/timer is ns per timer.
func BenchmarkTimerAfterReceived(b *testing.B) {
	chans := make([]<-chan time.Time, timerBatch)
	b.ResetTimer()
	start := time.Now()
	for n := 0; n < b.N; n++ {
		for i := range chans {
			chans[i] = time.After(time.Millisecond)
		}
		for i, c := range chans {
			<-c
			chans[i] = nil
		}
	}
	reportPerTimer(b, start)
}
