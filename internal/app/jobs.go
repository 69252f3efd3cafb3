package app

// The work that runs outside a request goes through the durable job queue
// (internal/jobs): a job survives a restart, is retried with backoff when
// it fails, and runs once across the nodes of a deployment. This file
// defines the jobs and their workers; the server works them.

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"lumbung/internal/jobs"
	"lumbung/internal/km"
)

// FreezeEvery is how often the award's freeze-at-deadline job runs.
const FreezeEvery = 30 * time.Second

// FreezeDueArgs is the periodic job that freezes the entries of the KM
// Award editions whose submission deadline has passed (FreezeDue). Writes
// after the deadline freeze an edition too; this makes the snapshot not
// wait for one.
type FreezeDueArgs struct{}

// Kind names the job in the queue.
func (FreezeDueArgs) Kind() string { return "award_freeze_due" }

// InsertOpts: a failed run is retried a few times; the next period's run
// tries again anyway.
func (FreezeDueArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 3} }

type freezeDueWorker struct {
	river.WorkerDefaults[FreezeDueArgs]
	a *App
}

func (w *freezeDueWorker) Work(ctx context.Context, _ *river.Job[FreezeDueArgs]) error {
	n, err := w.a.FreezeDue(ctx)
	if n > 0 {
		w.a.Log.Info("award entries frozen at the deadline", "editions", n)
	}
	return err
}

// LinkMailArgs is the job that e-mails a one-time link (an invitation or a
// password reset) to the person it is for, through App.Mailer.
//
// The link's URL, token included, is stored in the queue's table with the
// job, since the token itself is stored nowhere else (the links table keeps
// its hash) and the link already shown to its creator must stay the one
// mailed. That is acceptable for a short-lived, single-use link: the row
// lives as long as River keeps finished jobs (a day once completed, a week
// once discarded or cancelled), no longer than an invitation; the worker
// never logs the URL, and the admins' job list does not show arguments.
// The worker checks the link before sending, so a link used, replaced or
// expired meanwhile is not sent, and its job is cancelled.
type LinkMailArgs struct {
	UserID    int64     `json:"user_id"`
	Purpose   string    `json:"purpose"`
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expires_at"`
}

// Kind names the job in the queue.
func (LinkMailArgs) Kind() string { return "link_mail" }

// InsertOpts: ten attempts, with River's backoff, span about four hours,
// well inside the shortest link's lifetime.
func (LinkMailArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 10} }

type linkMailWorker struct {
	river.WorkerDefaults[LinkMailArgs]
	a *App
}

func (w *linkMailWorker) Work(ctx context.Context, j *river.Job[LinkMailArgs]) error {
	if w.a.Mailer == nil {
		return river.JobCancel(errors.New("e-mail is not configured"))
	}
	args := j.Args
	_, token, ok := strings.Cut(args.URL, LinkPath)
	if !ok || !validToken(token) {
		return river.JobCancel(errors.New("not a one-time link"))
	}
	l, err := w.a.Store.LinkByTokenHash(ctx, hashToken(token))
	var u km.User
	if err == nil {
		u, err = w.a.Store.UserByID(ctx, l.UserID)
	}
	if err := checkLink(l, err, u, time.Now()); err != nil {
		if _, dead := errors.AsType[*LinkRefusal](err); dead {
			return river.JobCancel(err)
		}
		return err
	}
	if u.ID != args.UserID || l.Purpose != args.Purpose {
		return river.JobCancel(errors.New("the link is someone else's"))
	}
	return w.a.Mailer.SendLink(ctx, u, Link{URL: args.URL, Purpose: args.Purpose, Email: u.Email, ExpiresAt: args.ExpiresAt})
}

// JobWorkers are the workers of the app's jobs, for a queue that works
// them (the server's).
func (a *App) JobWorkers() *river.Workers {
	ws := river.NewWorkers()
	river.AddWorker(ws, &freezeDueWorker{a: a})
	river.AddWorker(ws, &linkMailWorker{a: a})
	return ws
}

// PeriodicJobs are the jobs the app runs on a schedule: the freeze at the
// award deadline, every FreezeEvery and once at start.
func (a *App) PeriodicJobs() []*river.PeriodicJob {
	return []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(FreezeEvery),
			func() (river.JobArgs, *river.InsertOpts) { return FreezeDueArgs{}, nil },
			&river.PeriodicJobOpts{ID: "award_freeze_due", RunOnStart: true}),
	}
}

// Jobs lists the latest jobs of the queue, newest first, in one state of
// jobs.States (anything else: all): only admins over the whole tree may,
// since the jobs serve every organisation.
func (a *App) Jobs(ctx context.Context, actor Actor, state string, limit int) ([]jobs.Job, error) {
	if !a.CanSeeJobs(ctx, actor) {
		return nil, km.ErrForbidden
	}
	if a.Queue == nil {
		return nil, nil
	}
	if !slices.Contains(jobs.States, state) {
		state = ""
	}
	return a.Queue.List(ctx, state, limit)
}

// CanSeeJobs reports whether actor may list the jobs: an admin over the
// root organisation.
func (a *App) CanSeeJobs(ctx context.Context, actor Actor) bool {
	root, err := a.Store.OrgByCode(ctx, km.RootOrgCode)
	return err == nil && actor.User.Has(km.RoleAdmin, root.Path)
}
