package usage_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"lumbung/internal/km"
	"lumbung/internal/usage"
)

// batches is a Store that keeps the batches it is given.
type batches struct {
	mu    sync.Mutex
	sizes []int
	evs   []km.UsageEvent
	block chan struct{} // when set, writes wait on it
}

func (b *batches) WriteUsage(_ context.Context, evs []km.UsageEvent) error {
	if b.block != nil {
		<-b.block
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sizes = append(b.sizes, len(evs))
	b.evs = append(b.evs, evs...)
	return nil
}

func TestRecorderBatches(t *testing.T) {
	b := &batches{}
	r := usage.New(b, nil)
	defer r.Close()
	for i := range 1200 {
		r.Record(km.UsageEvent{Kind: km.UsageView, PracticeID: int64(i)})
	}
	r.Flush()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.evs) != 1200 {
		t.Fatalf("%d events written, want 1200", len(b.evs))
	}
	if len(b.sizes) > 4 {
		t.Errorf("1200 events in %d writes (%v), want batches", len(b.sizes), b.sizes)
	}
	for i, e := range b.evs {
		if e.PracticeID != int64(i) {
			t.Fatalf("event %d is practice %d: order lost", i, e.PracticeID)
		}
	}
}

// TestRecordNeverWaits: with the database stuck, Record still returns at
// once; what does not fit the buffer is dropped and counted.
func TestRecordNeverWaits(t *testing.T) {
	b := &batches{block: make(chan struct{})}
	r := usage.New(b, nil)
	start := time.Now()
	for range 20000 {
		r.Record(km.UsageEvent{Kind: km.UsageView})
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("20,000 Record calls took %v with the database stuck", d)
	}
	if r.Dropped() == 0 {
		t.Error("nothing dropped with the buffer full")
	}
	close(b.block)
	r.Close()
	b.mu.Lock()
	defer b.mu.Unlock()
	if int64(len(b.evs))+r.Dropped() != 20000 {
		t.Errorf("%d written + %d dropped, want 20000", len(b.evs), r.Dropped())
	}
}
