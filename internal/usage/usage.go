// Package usage records what people do with the knowledge (views,
// downloads, searches) off the request path: a handler hands an event to
// Record, which never waits on the database; a single writer goroutine
// stores the events in batches. When the buffer is full, events are
// dropped and counted rather than slowing a page down.
package usage

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"lumbung/internal/km"
)

// Store is where batches go (store.Store.WriteUsage).
type Store interface {
	WriteUsage(ctx context.Context, evs []km.UsageEvent) error
}

// Batching bounds: a batch is written when it has this many events or
// when the oldest has waited this long.
const (
	batchSize  = 500
	batchDelay = time.Second
	bufferSize = 10000
)

// Recorder buffers events and writes them in batches.
type Recorder struct {
	store   Store
	log     *slog.Logger
	ch      chan km.UsageEvent
	flush   chan chan struct{}
	done    chan struct{}
	closing sync.Once
	dropped atomic.Int64
	failed  atomic.Int64
}

// New starts a recorder writing to s; Close stops it after writing what
// it holds.
func New(s Store, log *slog.Logger) *Recorder {
	r := &Recorder{store: s, log: log, ch: make(chan km.UsageEvent, bufferSize), flush: make(chan chan struct{}), done: make(chan struct{})}
	go r.run()
	return r
}

// Record queues e without waiting; a full buffer drops it.
func (r *Recorder) Record(e km.UsageEvent) {
	select {
	case r.ch <- e:
	default:
		r.dropped.Add(1)
	}
}

// Dropped is how many events a full buffer dropped; Failed how many a
// failed write lost.
func (r *Recorder) Dropped() int64 { return r.dropped.Load() }
func (r *Recorder) Failed() int64  { return r.failed.Load() }

// Flush returns once every event recorded before the call is written.
func (r *Recorder) Flush() {
	ack := make(chan struct{})
	select {
	case r.flush <- ack:
		<-ack
	case <-r.done:
	}
}

// Close writes what is buffered and stops the writer.
func (r *Recorder) Close() {
	r.closing.Do(func() {
		r.Flush()
		close(r.done)
	})
}

func (r *Recorder) run() {
	var batch []km.UsageEvent
	timer := time.NewTimer(batchDelay)
	timer.Stop()
	write := func() {
		if len(batch) == 0 {
			return
		}
		// Not the request's context: the request is long gone.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if err := r.store.WriteUsage(ctx, batch); err != nil {
			r.failed.Add(int64(len(batch)))
			if r.log != nil {
				r.log.Warn("usage: write batch", "events", len(batch), "err", err)
			}
		}
		cancel()
		batch = batch[:0]
	}
	for {
		select {
		case e := <-r.ch:
			if len(batch) == 0 {
				timer.Reset(batchDelay)
			}
			batch = append(batch, e)
			if len(batch) >= batchSize {
				timer.Stop()
				write()
			}
		case <-timer.C:
			write()
		case ack := <-r.flush:
			for drained := false; !drained; {
				select {
				case e := <-r.ch:
					batch = append(batch, e)
				default:
					drained = true
				}
			}
			timer.Stop()
			write()
			close(ack)
		case <-r.done:
			return
		}
	}
}
