package app_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// tokenOf is the token at the end of a one-time link's URL.
func tokenOf(t testing.TB, l *app.Link) string {
	t.Helper()
	if l == nil {
		t.Fatal("no link")
	}
	i := strings.LastIndex(l.URL, app.LinkPath)
	if i < 0 {
		t.Fatalf("link %q lacks %s", l.URL, app.LinkPath)
	}
	return l.URL[i+len(app.LinkPath):]
}

// refused fails unless err is a link refusal for reason.
func refused(t testing.TB, what string, err error, reason string) {
	t.Helper()
	var lr *app.LinkRefusal
	if !errors.As(err, &lr) || lr.Reason != reason {
		t.Errorf("%s: got %v, want a link refused as %q", what, err, reason)
	}
}

// expire moves every link of a user past its expiry, as time would.
func expire(t testing.TB, a *app.App, userID int64) {
	t.Helper()
	if _, err := a.Store.DB().Exec(`UPDATE invitations SET expires_at = $1 WHERE user_id = $2`, time.Now().Add(-time.Minute).UTC(), userID); err != nil {
		t.Fatal(err)
	}
}

// TestInvitationLifecycle follows an external juror from being put on the
// jury to signing in: the invitation's URL starts with the base URL and
// is good for a week; the link sets the password once; the juror signs in
// with it; the link, re-issued links and other people's links are refused
// afterwards and change nothing; the database and the audit log hold no
// token.
func TestInvitationLifecycle(t *testing.T) {
	e := newSetupEnv(t)
	e.openEdition(t)
	ctx := context.Background()
	e.a.BaseURL = "https://km.example.go.id"
	j, err := e.a.SaveJuror(ctx, e.sec, "kma", app.JurorInput{Email: "Pakar@Univ.ac.id", Name: "Pakar"})
	if err != nil {
		t.Fatal(err)
	}
	inv := j.Invitation
	tok := tokenOf(t, inv)
	if !strings.HasPrefix(inv.URL, "https://km.example.go.id/undangan/") || inv.Purpose != store.LinkInvite || inv.Email != "pakar@univ.ac.id" {
		t.Errorf("invitation: %+v", inv)
	}
	if d := time.Until(inv.ExpiresAt); d < app.InviteTTL-time.Minute || d > app.InviteTTL {
		t.Errorf("invitation expires in %v, want %v", d, app.InviteTTL)
	}
	if _, err := e.a.Login(ctx, "pakar@univ.ac.id", "", ""); !errors.Is(err, km.ErrUnauthorized) {
		t.Errorf("login before accepting: got %v, want ErrUnauthorized", err)
	}
	// A juror already with an account gets no invitation.
	if j2, err := e.a.SaveJuror(ctx, e.sec, "kma", app.JurorInput{Email: "kontributor@b.go.id", Org: "dinas-b"}); err != nil || j2.Invitation != nil {
		t.Errorf("juror with an account: %+v, %v; want no invitation", j2, err)
	}

	// Re-issuing revokes the first link; only the secretariat may.
	if _, err := e.a.ReissueInvitation(ctx, e.entA, "kma", "pakar@univ.ac.id"); !errors.Is(err, km.ErrForbidden) {
		t.Errorf("re-issue by a contributor: got %v, want ErrForbidden", err)
	}
	l2, err := e.a.ReissueInvitation(ctx, e.sec, "kma", "pakar@univ.ac.id")
	if err != nil {
		t.Fatal(err)
	}
	tok2 := tokenOf(t, &l2)
	refused(t, "revoked link", func() error { _, err := e.a.UseLink(ctx, tok, "rahasia-juri-1", ""); return err }(), "revoked")
	_, err = e.a.CheckLink(ctx, tok)
	refused(t, "checking a revoked link", err, "revoked")

	// A short password is refused and the link stays good.
	if _, err := e.a.UseLink(ctx, tok2, "pendek", ""); fields(err)["password"] != "password_short" {
		t.Errorf("short password: got %v", err)
	}
	if target, err := e.a.CheckLink(ctx, tok2); err != nil || target.Email != "pakar@univ.ac.id" || target.Purpose != store.LinkInvite {
		t.Errorf("CheckLink: %+v, %v", target, err)
	}
	u, err := e.a.UseLink(ctx, tok2, "rahasia-juri-1", "192.0.2.1")
	if err != nil || u.Email != "pakar@univ.ac.id" {
		t.Fatalf("UseLink: %+v, %v", u, err)
	}
	if _, err := e.a.Login(ctx, "pakar@univ.ac.id", "rahasia-juri-1", ""); err != nil {
		t.Errorf("login with the new password: %v", err)
	}
	// Used once: a second use changes nothing.
	_, err = e.a.UseLink(ctx, tok2, "lain-lagi-sandi", "")
	refused(t, "reused link", err, "used")
	if _, err := e.a.Login(ctx, "pakar@univ.ac.id", "rahasia-juri-1", ""); err != nil {
		t.Errorf("login after a reuse attempt: %v", err)
	}
	if _, err := e.a.ReissueInvitation(ctx, e.sec, "kma", "pakar@univ.ac.id"); !errors.Is(err, app.ErrPasswordSet) {
		t.Errorf("re-issue after the password is set: got %v, want ErrPasswordSet", err)
	}
	for _, bad := range []string{"", "x", strings.Repeat("A", 43), "../../etc/passwd"} {
		_, err := e.a.UseLink(ctx, bad, "rahasia-juri-1", "")
		refused(t, "token "+bad, err, "unknown")
	}

	// Nothing in the database or the audit log holds a token.
	assertNoToken(t, e.a, tok, tok2)
	var hashes []string
	rows, err := e.a.Store.DB().Query(`SELECT token_hash FROM invitations ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var h string
		rows.Scan(&h)
		hashes = append(hashes, h)
	}
	rows.Close()
	sum := sha256.Sum256([]byte(tok2))
	if len(hashes) != 2 || hashes[1] != hex.EncodeToString(sum[:]) {
		t.Errorf("stored hashes %q, want two, the second SHA-256 of the second token", hashes)
	}
	evs, err := e.a.AuditLog(ctx, e.admin, km.AuditFilter{Action: "user.link."})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, ev := range evs {
		actions = append(actions, ev.Action)
	}
	if got := strings.Join(actions, " "); got != "user.link.use user.link.invite user.link.invite" {
		t.Errorf("audit events: %s", got)
	}
}

// assertNoToken fails if any text column of the invitations or audit
// tables holds one of the tokens.
func assertNoToken(t testing.TB, a *app.App, tokens ...string) {
	t.Helper()
	for _, q := range []string{`SELECT token_hash FROM invitations`, `SELECT detail FROM audit_events`} {
		rows, err := a.Store.DB().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			rows.Scan(&s)
			for _, tok := range tokens {
				if strings.Contains(s, tok) {
					t.Errorf("%s: %q holds a token", q, s)
				}
			}
		}
		rows.Close()
	}
}

// TestInvitationExpired: a week-old invitation is refused and sets
// nothing; a new one works.
func TestInvitationExpired(t *testing.T) {
	e := newSetupEnv(t)
	e.openEdition(t)
	ctx := context.Background()
	j, err := e.a.SaveJuror(ctx, e.sec, "kma", app.JurorInput{Email: "lama@univ.ac.id", Name: "Lama"})
	if err != nil {
		t.Fatal(err)
	}
	expire(t, e.a, j.UserID)
	_, err = e.a.UseLink(ctx, tokenOf(t, j.Invitation), "rahasia-juri-1", "")
	refused(t, "expired link", err, "expired")
	if _, err := e.a.Login(ctx, "lama@univ.ac.id", "rahasia-juri-1", ""); !errors.Is(err, km.ErrUnauthorized) {
		t.Errorf("login after an expired link: got %v, want ErrUnauthorized", err)
	}
	l, err := e.a.ReissueInvitation(ctx, e.sec, "kma", "lama@univ.ac.id")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.UseLink(ctx, tokenOf(t, &l), "rahasia-juri-1", ""); err != nil {
		t.Errorf("the new link: %v", err)
	}
}

// TestLinkOnlyOpensItsOwner: person A's link sets A's password, never B's,
// whoever uses it.
func TestLinkOnlyOpensItsOwner(t *testing.T) {
	e := newSetupEnv(t)
	e.openEdition(t)
	ctx := context.Background()
	a, err := e.a.SaveJuror(ctx, e.sec, "kma", app.JurorInput{Email: "a@univ.ac.id", Name: "A"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.a.SaveJuror(ctx, e.sec, "kma", app.JurorInput{Email: "b@univ.ac.id", Name: "B"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := e.a.UseLink(ctx, tokenOf(t, a.Invitation), "sandi-milik-a", "")
	if err != nil || u.ID != a.UserID {
		t.Fatalf("A's link opened %+v, %v; want A", u, err)
	}
	if _, err := e.a.Login(ctx, "b@univ.ac.id", "sandi-milik-a", ""); !errors.Is(err, km.ErrUnauthorized) {
		t.Errorf("B signs in with A's password: got %v", err)
	}
	if _, err := e.a.UseLink(ctx, tokenOf(t, b.Invitation), "sandi-milik-b", ""); err != nil {
		t.Errorf("B's own link: %v", err)
	}
	if _, err := e.a.Login(ctx, "a@univ.ac.id", "sandi-milik-a", ""); err != nil {
		t.Errorf("A after B set theirs: %v", err)
	}
}

// TestResetLinkLifecycle: admins and the person's agency coordinator make
// reset links, for a day; others may not, nor may a coordinator reset an
// admin; the link replaces the old password once, and makes the person's
// older links useless.
func TestResetLinkLifecycle(t *testing.T) {
	e := newSetupEnv(t)
	ctx := context.Background()
	coord, err := e.a.CreateUser(ctx, app.System, app.NewUser{Email: "koordinator@a.go.id", Name: "Koor", OrgCode: "dinas-a",
		Roles: []km.Role{km.RoleCoordinator}})
	if err != nil {
		t.Fatal(err)
	}
	boss, err := e.a.CreateUser(ctx, app.System, app.NewUser{Email: "admin@a.go.id", Name: "Admin A", OrgCode: "dinas-a",
		Password: "sandi-admin-a", Roles: []km.Role{km.RoleAdmin}})
	if err != nil {
		t.Fatal(err)
	}
	coordA := app.Actor{User: &coord}
	for _, c := range []struct {
		who   app.Actor
		email string
		want  error
	}{
		{e.entB, "kontributor@a.go.id", km.ErrForbidden},
		{e.sec, "kontributor@a.go.id", km.ErrForbidden},
		{coordA, "kontributor@b.go.id", km.ErrForbidden},
		{coordA, boss.Email, km.ErrForbidden},
		{coordA, coord.Email, km.ErrForbidden}, // not for oneself
		{coordA, "tidak-ada@a.go.id", km.ErrNotFound},
	} {
		if _, err := e.a.ResetLink(ctx, c.who, c.email); !errors.Is(err, c.want) {
			t.Errorf("%s resets %s: got %v, want %v", c.who.User.Email, c.email, err, c.want)
		}
	}
	if _, err := e.a.ResetLink(ctx, e.admin, boss.Email); err != nil {
		t.Errorf("root admin resets an agency admin: %v", err)
	}
	first, err := e.a.ResetLink(ctx, e.admin, "kontributor@a.go.id")
	if err != nil {
		t.Fatal(err)
	}
	l, err := e.a.ResetLink(ctx, coordA, "kontributor@a.go.id")
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Until(l.ExpiresAt); l.Purpose != store.LinkReset || d < app.ResetTTL-time.Minute || d > app.ResetTTL {
		t.Errorf("reset link: %+v (expires in %v)", l, d)
	}
	_, err = e.a.UseLink(ctx, tokenOf(t, &first), "sandi-baru-ani", "")
	refused(t, "the replaced reset link", err, "revoked")
	if _, err := e.a.UseLink(ctx, tokenOf(t, &l), "sandi-baru-ani", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.Login(ctx, "kontributor@a.go.id", "sandi-baru-ani", ""); err != nil {
		t.Errorf("login with the reset password: %v", err)
	}
	_, err = e.a.UseLink(ctx, tokenOf(t, &l), "sandi-ketiga-ani", "")
	refused(t, "a used reset link", err, "used")
	expired, err := e.a.ResetLink(ctx, e.admin, "kontributor@b.go.id")
	if err != nil {
		t.Fatal(err)
	}
	expire(t, e.a, e.entB.User.ID)
	_, err = e.a.UseLink(ctx, tokenOf(t, &expired), "sandi-baru-budi", "")
	refused(t, "an expired reset link", err, "expired")
	assertNoToken(t, e.a, tokenOf(t, &first), tokenOf(t, &l), tokenOf(t, &expired))
}
