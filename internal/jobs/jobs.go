package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"lumbung/internal/store"
)

// Config is what a Queue works and how.
type Config struct {
	// Workers are the kinds of job this node works. Nil makes a queue that
	// only inserts and lists (the command line): its jobs are worked by a
	// running server.
	Workers *river.Workers
	// Periodic jobs are inserted on schedule by the one node elected
	// leader, so that they run once per period across a deployment.
	Periodic []*river.PeriodicJob
	Log      *slog.Logger
	// MaxWorkers is how many jobs this node works at once (default 4).
	MaxWorkers int
	// PollInterval is how often a node looks for jobs when no notification
	// woke it (default River's, 1 s); tests shorten it.
	PollInterval time.Duration
	// RetryPolicy decides when a failed job runs again (default River's
	// exponential backoff, attempt⁴ seconds with jitter); tests shorten it.
	RetryPolicy river.ClientRetryPolicy
	// ID names this node's client in the jobs' attempted_by (default
	// River's: host name and start time).
	ID string
}

// client is what the Queue uses of a river.Client, whichever the driver.
type client interface {
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	JobList(ctx context.Context, params *river.JobListParams) (*river.JobListResult, error)
}

// Queue is the job queue of one process.
type Queue struct {
	c     client
	works bool
	// insertTx inserts a job in a store write transaction.
	insertTx func(ctx context.Context, tx *sql.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	close    func()
}

// Open opens the queue over the database s uses (databaseURL and dataDir
// are the ones s was opened with), and brings River's own tables up to date
// first; that is idempotent, and on PostgreSQL serialised between nodes.
// Close releases it; Start starts working when cfg has workers.
//
// SQLite: River gets a pool of its own on the same file, one connection
// (as its driver asks), opened like the store's writer, so that its writes
// queue behind the store's instead of failing. PostgreSQL: River works
// through a pgx pool on databaseURL (its search_path, if any, included:
// the tests give each test a schema that way); a job inserted inside a
// store transaction goes through River's database/sql driver, because the
// store's transactions are database/sql ones.
func Open(ctx context.Context, s *store.Store, databaseURL, dataDir string, cfg Config) (*Queue, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	rc := &river.Config{
		Logger:       cfg.Log,
		PeriodicJobs: cfg.Periodic,
		RetryPolicy:  cfg.RetryPolicy,
		ID:           cfg.ID,
		Workers:      cfg.Workers,
		// A stopping server gives running jobs this long, then cancels them;
		// a cancelled job is retried by the next node or start.
		SoftStopTimeout: 5 * time.Second,
	}
	if cfg.Workers != nil {
		n := cfg.MaxWorkers
		if n <= 0 {
			n = 4
		}
		rc.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: n}}
		rc.FetchPollInterval = cfg.PollInterval
		if rc.FetchPollInterval > 0 && rc.FetchPollInterval < 100*time.Millisecond {
			rc.FetchCooldown = rc.FetchPollInterval
		}
	}
	q := &Queue{works: cfg.Workers != nil}
	switch s.Dialect() {
	case store.SQLite:
		db, err := sql.Open("sqlite", store.SQLiteWriterDSN(dataDir))
		if err != nil {
			return nil, fmt.Errorf("jobs: open sqlite: %w", err)
		}
		db.SetMaxOpenConns(1)
		db.SetConnMaxIdleTime(0)
		q.close = func() { db.Close() }
		driver := riversqlite.New(db)
		if err := migrate(driver, func(m *rivermigrate.Migrator[*sql.Tx]) error {
			_, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
			return err
		}); err != nil {
			q.close()
			return nil, err
		}
		c, err := river.NewClient(driver, rc)
		if err != nil {
			q.close()
			return nil, fmt.Errorf("jobs: %w", err)
		}
		q.c, q.insertTx = c, c.InsertTx
	case store.Postgres:
		pool, err := pgxpool.New(ctx, databaseURL)
		if err != nil {
			return nil, fmt.Errorf("jobs: connect to postgres: %w", err)
		}
		q.close = pool.Close
		driver := riverpgxv5.New(pool)
		if err := migrate(driver, func(m *rivermigrate.Migrator[pgx.Tx]) error {
			// Two nodes starting at once: the second waits for the first.
			// River applies each version in a transaction of its own (one
			// adds an enum value that the next uses), so the lock is a
			// session's, held on a connection aside.
			conn, err := pool.Acquire(ctx)
			if err != nil {
				return err
			}
			defer conn.Release()
			if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(7426349)`); err != nil {
				return err
			}
			defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(7426349)`)
			_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
			return err
		}); err != nil {
			q.close()
			return nil, err
		}
		c, err := river.NewClient(driver, rc)
		if err != nil {
			q.close()
			return nil, fmt.Errorf("jobs: %w", err)
		}
		// Inserting only, in the store's transactions.
		ins, err := river.NewClient(riverdatabasesql.New(s.DB()), &river.Config{Logger: cfg.Log})
		if err != nil {
			q.close()
			return nil, fmt.Errorf("jobs: %w", err)
		}
		q.c, q.insertTx = c, ins.InsertTx
	default:
		return nil, fmt.Errorf("jobs: unknown database %q", s.Dialect())
	}
	return q, nil
}

// migrate brings River's tables up to date through run.
func migrate[TTx any](driver riverdriver.Driver[TTx], run func(*rivermigrate.Migrator[TTx]) error) error {
	m, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	if err := run(m); err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	return nil
}

// Start starts working jobs (and, on the leader, inserting periodic ones)
// until Stop; a queue without workers has nothing to start.
func (q *Queue) Start(ctx context.Context) error {
	if !q.works {
		return nil
	}
	if err := q.c.Start(ctx); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	return nil
}

// Stop stops fetching jobs and waits for the running ones: up to a few
// seconds, then their contexts are cancelled (they return, and run again
// later), and at most until ctx ends.
func (q *Queue) Stop(ctx context.Context) error {
	if !q.works {
		return nil
	}
	if err := q.c.Stop(ctx); err != nil {
		// Out of patience: cancel what still runs, and wait a moment for it
		// to be recorded as failed so that it is retried.
		cctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		return errors.Join(fmt.Errorf("jobs: stop: %w", err), q.c.StopAndCancel(cctx))
	}
	return nil
}

// Close releases the queue's connections; Stop it first.
func (q *Queue) Close() error {
	q.close()
	return nil
}

// Insert adds a job and returns its id.
func (q *Queue) Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (int64, error) {
	res, err := q.c.Insert(ctx, args, opts)
	if err != nil {
		return 0, fmt.Errorf("jobs: insert %s: %w", args.Kind(), err)
	}
	return res.Job.ID, nil
}

// InsertTx adds a job in the store write transaction tx: it exists, and
// can run, only if tx commits.
func (q *Queue) InsertTx(tx *store.Tx, args river.JobArgs, opts *river.InsertOpts) (int64, error) {
	res, err := q.insertTx(tx.Context(), tx.SQL(), args, opts)
	if err != nil {
		return 0, fmt.Errorf("jobs: insert %s: %w", args.Kind(), err)
	}
	return res.Job.ID, nil
}

// States are the states a job can be in, in the order a listing offers
// them: waiting to run (available, or scheduled for later), running, failed
// and waiting for another attempt (retryable), and the final ones.
var States = []string{
	string(rivertype.JobStateAvailable), string(rivertype.JobStateScheduled), string(rivertype.JobStateRunning),
	string(rivertype.JobStateRetryable), string(rivertype.JobStateCompleted), string(rivertype.JobStateDiscarded),
	string(rivertype.JobStateCancelled),
}

// Job is a job as an admin sees it. Its arguments are left out: they may
// hold what only its worker should read (a one-time link).
type Job struct {
	ID          int64
	Kind        string
	State       string
	Attempt     int // attempts so far
	MaxAttempts int
	LastError   string // of the latest failed attempt, if any
	CreatedAt   time.Time
	ScheduledAt time.Time // when it runs, or ran, or runs again
	AttemptedAt time.Time // zero before the first attempt
	FinalizedAt time.Time // zero until it completed, was discarded or cancelled
}

// List returns the latest jobs, newest first, at most limit of them, in
// one state ("" for all; see States).
func (q *Queue) List(ctx context.Context, state string, limit int) ([]Job, error) {
	p := river.NewJobListParams().First(limit).OrderBy(river.JobListOrderByID, river.SortOrderDesc)
	if state != "" {
		p = p.States(rivertype.JobState(state))
	}
	res, err := q.c.JobList(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("jobs: list: %w", err)
	}
	out := make([]Job, 0, len(res.Jobs))
	for _, r := range res.Jobs {
		j := Job{ID: r.ID, Kind: r.Kind, State: string(r.State), Attempt: r.Attempt, MaxAttempts: r.MaxAttempts,
			CreatedAt: r.CreatedAt, ScheduledAt: r.ScheduledAt}
		if n := len(r.Errors); n > 0 {
			j.LastError = r.Errors[n-1].Error
		}
		if r.AttemptedAt != nil {
			j.AttemptedAt = *r.AttemptedAt
		}
		if r.FinalizedAt != nil {
			j.FinalizedAt = *r.FinalizedAt
		}
		out = append(out, j)
	}
	return out, nil
}
