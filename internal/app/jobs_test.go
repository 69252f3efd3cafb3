package app_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/app/awardtest"
	"lumbung/internal/award"
	"lumbung/internal/files"
	"lumbung/internal/jobs"
	"lumbung/internal/km"
	"lumbung/internal/store"
	"lumbung/internal/store/storetest"
)

// newJobsApp is an app with a job queue that, once started, works its jobs
// as a server's does, until the test ends.
func newJobsApp(t *testing.T) *app.App {
	t.Helper()
	s, dir, url := storetest.OpenURL(t)
	a := app.New(s, &files.Store{Dir: dir}, 1<<20, slog.New(slog.NewTextHandler(io.Discard, nil)))
	a.BcryptCost = 4
	q, err := jobs.Open(context.Background(), s, url, dir, jobs.Config{Workers: a.JobWorkers(), Periodic: a.PeriodicJobs(),
		Log: a.Log, PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	a.Queue = q
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		q.Stop(ctx)
		q.Close()
	})
	return a
}

// eventually waits up to 20 s for ok.
func eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited 20 s for %s", what)
		}
	}
}

// TestFreezeJobAtTheDeadline: the periodic job, run once at start, freezes
// an edition whose submission deadline has passed while nobody wrote to
// it, and the admins' job list shows it done.
func TestFreezeJobAtTheDeadline(t *testing.T) {
	a := newJobsApp(t)
	ctx := context.Background()
	awardtest.Build(t, a, "kx", award.PhaseCall, false)
	if err := a.Store.Write(ctx, func(tx *store.Tx) error {
		ed, err := tx.EditionByCode("kx")
		if err != nil {
			return err
		}
		ed.SubmissionDeadline = time.Now().Add(-time.Minute)
		return tx.UpdateEditionSchedule(&ed)
	}); err != nil {
		t.Fatal(err)
	}
	if err := a.Queue.Start(ctx); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the edition frozen", func() bool {
		ed, err := a.Store.EditionByCode(ctx, "kx")
		if err != nil {
			t.Fatal(err)
		}
		return !ed.FrozenAt.IsZero()
	})
	eventually(t, "the freeze job listed as completed", func() bool {
		js, err := a.Jobs(ctx, app.System, "completed", 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range js {
			if j.Kind == (app.FreezeDueArgs{}).Kind() {
				return true
			}
		}
		return false
	})
}

// mailbox is a Mailer that keeps what it is asked to send.
type mailbox struct {
	mu    sync.Mutex
	links []app.Link
}

func (m *mailbox) SendLink(ctx context.Context, to km.User, l app.Link) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if to.Email != l.Email {
		panic("link for " + l.Email + " sent to " + to.Email)
	}
	m.links = append(m.links, l)
	return nil
}

func (m *mailbox) sent() []app.Link {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]app.Link(nil), m.links...)
}

// TestLinkMailJob: a password reset link is mailed by a job; a job for a
// link that has been used meanwhile sends nothing and is cancelled.
func TestLinkMailJob(t *testing.T) {
	a := newJobsApp(t)
	box := &mailbox{}
	a.Mailer = box
	ctx := context.Background()
	if err := a.Queue.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateUser(ctx, app.System, app.NewUser{Email: "pegawai@root.go.id", Name: "Pegawai", OrgCode: km.RootOrgCode, Password: "kata-sandi-lama"}); err != nil {
		t.Fatal(err)
	}
	l, err := a.ResetLink(ctx, app.System, "pegawai@root.go.id")
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "the link mailed", func() bool { return len(box.sent()) == 1 })
	if got := box.sent()[0]; got.URL != l.URL || got.Purpose != store.LinkReset || !got.ExpiresAt.Equal(l.ExpiresAt) {
		t.Errorf("mailed %+v, want %+v", got, l)
	}
	// Used: another job for it (as if a retry came late) sends nothing.
	token := l.URL[strings.LastIndex(l.URL, "/")+1:]
	if _, err := a.UseLink(ctx, token, "kata-sandi-baru", ""); err != nil {
		t.Fatal(err)
	}
	u, _ := a.Store.UserByEmail(ctx, "pegawai@root.go.id")
	id, err := a.Queue.Insert(ctx, app.LinkMailArgs{UserID: u.ID, Purpose: l.Purpose, URL: l.URL, ExpiresAt: l.ExpiresAt}, nil)
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "the late job cancelled", func() bool {
		js, err := a.Jobs(ctx, app.System, "cancelled", 10)
		if err != nil {
			t.Fatal(err)
		}
		return len(js) == 1 && js[0].ID == id && strings.Contains(js[0].LastError, "used")
	})
	if n := len(box.sent()); n != 1 {
		t.Errorf("%d mails sent, want only the first", n)
	}
}

// TestJobsForRootAdminsOnly: the job list is for admins over the whole
// tree.
func TestJobsForRootAdminsOnly(t *testing.T) {
	a := newJobsApp(t)
	ctx := context.Background()
	agencyAdmin := app.Actor{User: &km.User{ID: 5, Grants: []km.Grant{{Role: km.RoleAdmin, OrgPath: "/dinas-a/"}}}}
	for _, who := range []app.Actor{{}, agencyAdmin} {
		if _, err := a.Jobs(ctx, who, "", 10); err != km.ErrForbidden {
			t.Errorf("%+v: %v, want forbidden", who.User, err)
		}
	}
	if _, err := a.Jobs(ctx, app.System, "bogus", 10); err != nil {
		t.Errorf("an unknown state: %v, want all jobs", err)
	}
}
