package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"lumbung/internal/jobs"
	"lumbung/internal/store"
	"lumbung/internal/store/storetest"
)

// db is one test database that several queues (nodes) can open.
type db struct {
	s        *store.Store
	dir, url string
}

func openDB(t *testing.T) db {
	t.Helper()
	s, dir, url := storetest.OpenURL(t)
	return db{s, dir, url}
}

// quickRetry retries a failed job after attempt × 300 ms.
type quickRetry struct{}

func (quickRetry) NextRetry(j *rivertype.JobRow) time.Time {
	return time.Now().Add(time.Duration(j.Attempt) * 300 * time.Millisecond)
}

// open starts a working queue on d with workers, stopped when t ends.
func (d db) open(t *testing.T, workers *river.Workers, id string) *jobs.Queue {
	t.Helper()
	q, err := jobs.Open(context.Background(), d.s, d.url, d.dir, jobs.Config{
		Workers: workers, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		PollInterval: 50 * time.Millisecond, RetryPolicy: quickRetry{}, ID: id,
	})
	if err != nil {
		t.Fatalf("open queue: %v", err)
	}
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := q.Stop(ctx); err != nil {
			t.Errorf("stop: %v", err)
		}
		q.Close()
	})
	return q
}

// waitState waits until job id is in state, and returns it.
func waitState(t *testing.T, q *jobs.Queue, id int64, state string) jobs.Job {
	t.Helper()
	return waitFor(t, q, id, "state "+state, func(j jobs.Job) bool { return j.State == state })
}

// waitFor waits until job id is listed as ok says, and returns it.
func waitFor(t *testing.T, q *jobs.Queue, id int64, what string, ok func(jobs.Job) bool) jobs.Job {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var last jobs.Job
	for time.Now().Before(deadline) {
		js, err := q.List(context.Background(), "", 200)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range js {
			if j.ID == id {
				last = j
				if ok(j) {
					return j
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("job %d: %+v, want %s", id, last, what)
	return last
}

type echoArgs struct{ N int }

func (echoArgs) Kind() string { return "test_echo" }

type echoWorker struct {
	river.WorkerDefaults[echoArgs]
	mu   sync.Mutex
	seen map[int]int
}

func (w *echoWorker) Work(ctx context.Context, j *river.Job[echoArgs]) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.seen[j.Args.N]++
	return nil
}

func (w *echoWorker) count(n int) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.seen[n]
}

func TestInsertAndWork(t *testing.T) {
	d := openDB(t)
	w := &echoWorker{seen: map[int]int{}}
	ws := river.NewWorkers()
	river.AddWorker(ws, w)
	q := d.open(t, ws, "")
	id, err := q.Insert(context.Background(), echoArgs{N: 7}, nil)
	if err != nil {
		t.Fatal(err)
	}
	j := waitState(t, q, id, "completed")
	if got := w.count(7); got != 1 {
		t.Errorf("worked %d times, want 1", got)
	}
	if j.Kind != "test_echo" || j.Attempt != 1 || j.FinalizedAt.IsZero() {
		t.Errorf("listed %+v, want test_echo finalised after 1 attempt", j)
	}
}

// A job inserted in a store transaction exists only if it commits.
func TestInsertTx(t *testing.T) {
	d := openDB(t)
	w := &echoWorker{seen: map[int]int{}}
	ws := river.NewWorkers()
	river.AddWorker(ws, w)
	q := d.open(t, ws, "")
	ctx := context.Background()
	var id int64
	err := d.s.Write(ctx, func(tx *store.Tx) error {
		if err := tx.SetSetting("jobs-test", "1"); err != nil {
			return err
		}
		var err error
		id, err = q.InsertTx(tx, echoArgs{N: 1}, nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, q, id, "completed")
	rollback := errors.New("roll back")
	err = d.s.Write(ctx, func(tx *store.Tx) error {
		if _, err := q.InsertTx(tx, echoArgs{N: 2}, nil); err != nil {
			return err
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatalf("write = %v, want the rollback", err)
	}
	time.Sleep(300 * time.Millisecond)
	js, err := q.List(ctx, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(js) != 1 || w.count(2) != 0 {
		t.Errorf("after a rollback: %d jobs listed, job 2 worked %d times; want 1 and 0", len(js), w.count(2))
	}
}

type flakyArgs struct{}

func (flakyArgs) Kind() string { return "test_flaky" }

// flakyWorker fails its first two attempts.
type flakyWorker struct {
	river.WorkerDefaults[flakyArgs]
	mu    sync.Mutex
	times []time.Time
}

func (w *flakyWorker) Work(ctx context.Context, j *river.Job[flakyArgs]) error {
	w.mu.Lock()
	w.times = append(w.times, time.Now())
	w.mu.Unlock()
	if j.Attempt <= 2 {
		return fmt.Errorf("server surel menolak (percobaan %d)", j.Attempt)
	}
	return nil
}

func TestRetryWithBackoff(t *testing.T) {
	d := openDB(t)
	w := &flakyWorker{}
	ws := river.NewWorkers()
	river.AddWorker(ws, w)
	q := d.open(t, ws, "")
	id, err := q.Insert(context.Background(), flakyArgs{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Between attempts the listing shows the failure. (River lists a job
	// whose retry is due within seconds as available, not retryable.)
	waitFor(t, q, id, "waiting to retry, with the first error", func(j jobs.Job) bool {
		return j.State != "completed" && j.State != "running" && strings.Contains(j.LastError, "server surel menolak (percobaan 1)")
	})
	j := waitState(t, q, id, "completed")
	if j.Attempt != 3 {
		t.Errorf("completed after %d attempts, want 3", j.Attempt)
	}
	if !strings.Contains(j.LastError, "percobaan 2") {
		t.Errorf("last error %q, want the second attempt's", j.LastError)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	// quickRetry waits attempt × 300 ms: the second gap is the longer.
	if len(w.times) != 3 || w.times[1].Sub(w.times[0]) < 300*time.Millisecond || w.times[2].Sub(w.times[1]) < 600*time.Millisecond {
		t.Errorf("attempts at %v, want 3 spaced by at least 300 ms and 600 ms", w.times)
	}
}

type slowArgs struct{}

func (slowArgs) Kind() string { return "test_slow" }

// blockWorker runs until its context is cancelled.
type blockWorker struct {
	river.WorkerDefaults[slowArgs]
	started chan struct{}
}

func (w *blockWorker) Work(ctx context.Context, j *river.Job[slowArgs]) error {
	close(w.started)
	<-ctx.Done()
	return fmt.Errorf("interrupted: %w", ctx.Err())
}

type doneWorker struct {
	river.WorkerDefaults[slowArgs]
	done chan int
}

func (w *doneWorker) Work(ctx context.Context, j *river.Job[slowArgs]) error {
	w.done <- j.Attempt
	return nil
}

// A job running when its node stops runs again, to completion, on the next
// start.
func TestRestartMidJob(t *testing.T) {
	d := openDB(t)
	ctx := context.Background()
	bw := &blockWorker{started: make(chan struct{})}
	ws := river.NewWorkers()
	river.AddWorker(ws, bw)
	q1, err := jobs.Open(ctx, d.s, d.url, d.dir, jobs.Config{Workers: ws, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		PollInterval: 50 * time.Millisecond, RetryPolicy: quickRetry{}})
	if err != nil {
		t.Fatal(err)
	}
	if err := q1.Start(ctx); err != nil {
		t.Fatal(err)
	}
	id, err := q1.Insert(ctx, slowArgs{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-bw.started:
	case <-time.After(20 * time.Second):
		t.Fatal("the job did not start")
	}
	// Too impatient to wait for the job: Stop cancels it.
	sctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	q1.Stop(sctx)
	q1.Close()

	dw := &doneWorker{done: make(chan int, 1)}
	ws2 := river.NewWorkers()
	river.AddWorker(ws2, dw)
	q2 := d.open(t, ws2, "")
	// River hands a job its stop interrupted back to the queue (as a
	// failed attempt, or as not attempted at all): either way it runs again.
	select {
	case <-dw.done:
	case <-time.After(30 * time.Second):
		t.Fatal("the interrupted job did not run again")
	}
	waitState(t, q2, id, "completed")
}

// Two nodes on one PostgreSQL database work each job once.
func TestExactlyOnceAcrossNodes(t *testing.T) {
	if storetest.Dialect() != "postgres" {
		t.Skip("one node per SQLite file; set " + storetest.EnvURL + " to run on PostgreSQL")
	}
	d := openDB(t)
	w := &echoWorker{seen: map[int]int{}}
	var qs []*jobs.Queue
	for i := range 2 {
		ws := river.NewWorkers()
		river.AddWorker(ws, w)
		qs = append(qs, d.open(t, ws, fmt.Sprintf("node%d", i)))
	}
	ctx := context.Background()
	var ids []int64
	for n := range 50 {
		id, err := qs[n%2].Insert(ctx, echoArgs{N: n}, nil)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	for _, id := range ids {
		waitState(t, qs[0], id, "completed")
	}
	time.Sleep(300 * time.Millisecond)
	for n := range 50 {
		if got := w.count(n); got != 1 {
			t.Errorf("job %d worked %d times, want once", n, got)
		}
	}
}
