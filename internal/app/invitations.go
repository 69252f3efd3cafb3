package app

// One-time links let a person set a password without anyone else knowing
// it: an invitation for an account created without a password (an
// external KM Award juror), or a password reset an admin or the person's
// agency coordinator asks for. The token is 32 random bytes, shown (or,
// once a Mailer is configured, sent) once; the database keeps only its
// SHA-256. A link is used once, within its lifetime, and issuing a new
// link for a person and purpose revokes their earlier unused ones.

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"time"

	"lumbung/internal/km"
	"lumbung/internal/store"
)

// Lifetimes of one-time links.
const (
	InviteTTL = 7 * 24 * time.Hour
	ResetTTL  = 24 * time.Hour
)

// LinkPath is where a one-time link points, followed by its token.
const LinkPath = "/undangan/"

// Link is a one-time link just issued. Its URL holds the token, which is
// stored nowhere: show it once, or send it.
type Link struct {
	URL       string
	Purpose   string // store.LinkInvite or store.LinkReset
	Email     string // whose account it opens
	ExpiresAt time.Time
}

// Mailer sends a one-time link to the person it is for. App.Mailer is nil
// until e-mail is configured; the link is shown to whoever created it
// either way, so that it can be passed on by hand if the mail is lost.
type Mailer interface {
	SendLink(ctx context.Context, to km.User, l Link) error
}

// LinkRefusal is a one-time link that cannot be used. Reason is
// "unknown", "used", "revoked" (a newer link replaced it), "expired" or
// "disabled" (the account is); Key is its message.
type LinkRefusal struct {
	Reason string
	Key    string
}

func (e *LinkRefusal) Error() string { return "one-time link " + e.Reason }

// Unwrap makes every refusal a km.ErrNotFound: the link opens nothing.
func (e *LinkRefusal) Unwrap() error { return km.ErrNotFound }

func linkRefusal(reason string) *LinkRefusal {
	return &LinkRefusal{Reason: reason, Key: "link.err." + reason}
}

// LinkReasons are the reasons a link is refused, for the edges' message
// catalogues.
var LinkReasons = []string{"unknown", "used", "revoked", "expired", "disabled"}

// ErrPasswordSet refuses a new invitation for someone who has already set
// a password: they sign in, or ask for a password reset.
var ErrPasswordSet = refusal("password_set", "the person has already set a password")

// issueLink makes a new one-time link for u, revoking u's earlier unused
// links of the same purpose, and records it (never the token).
func (a *App) issueLink(tx *store.Tx, actor Actor, u km.User, purpose string, detail map[string]any) (Link, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return Link{}, err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	ttl := InviteTTL
	if purpose == store.LinkReset {
		ttl = ResetTTL
	}
	sl := store.Link{UserID: u.ID, Purpose: purpose, CreatedBy: actor.id(), ExpiresAt: time.Now().Add(ttl)}
	revoked, err := tx.IssueLink(&sl, hashToken(token))
	if err != nil {
		return Link{}, err
	}
	if detail == nil {
		detail = map[string]any{}
	}
	detail["email"], detail["link"], detail["expires_at"], detail["revoked"] = u.Email, sl.ID, sl.ExpiresAt.Format(time.RFC3339), revoked
	if err := tx.Audit(actor.event("user.link."+purpose, "user", u.ID, u.OrgID, detail)); err != nil {
		return Link{}, err
	}
	l := Link{URL: strings.TrimRight(a.BaseURL, "/") + LinkPath + token, Purpose: purpose, Email: u.Email, ExpiresAt: sl.ExpiresAt}
	if a.Mailer != nil && a.Queue != nil {
		// Mailed by a job that exists only if the link does.
		args := LinkMailArgs{UserID: u.ID, Purpose: purpose, URL: l.URL, ExpiresAt: l.ExpiresAt}
		if _, err := a.Queue.InsertTx(tx, args, nil); err != nil {
			return Link{}, err
		}
	}
	return l, nil
}

// deliver hands a committed link to the Mailer, if one is configured and
// there is no job queue to do it (see issueLink). A failure is logged, not
// returned: the link is shown to its creator too.
func (a *App) deliver(ctx context.Context, u km.User, l Link) {
	if a.Mailer == nil || a.Queue != nil {
		return
	}
	if err := a.Mailer.SendLink(ctx, u, l); err != nil {
		a.Log.Warn("app: send one-time link", "user", u.Email, "purpose", l.Purpose, "err", err)
	}
}

// ReissueInvitation makes a new invitation for a juror of the edition who
// has not set a password yet (secretariat); their earlier links stop
// working. It changes an account, not the edition, so it is allowed in
// every phase: a juror may need to sign in while the results are open.
func (a *App) ReissueInvitation(ctx context.Context, actor Actor, code, email string) (Link, error) {
	var l Link
	var u km.User
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		d, err := loadForWrite(tx, actor, code, awardNow(ctx))
		if err != nil {
			return err
		}
		if !actor.IsSecretariat(&d.Edition) {
			return km.ErrForbidden
		}
		j, ok := findJuror(d, email)
		if !ok {
			return km.ErrNotFound
		}
		if u, err = tx.UserByEmail(j.Email); err != nil {
			return err
		}
		if set, err := tx.HasPassword(u.ID); err != nil {
			return err
		} else if set {
			return ErrPasswordSet
		}
		l, err = a.issueLink(tx, actor, u, store.LinkInvite, map[string]any{"edition": code})
		return err
	})
	if err == nil {
		a.deliver(ctx, u, l)
	}
	return l, err
}

// mayReset reports whether actor may make a password reset link for u: an
// admin over u's organisation, or a coordinator over it when every role u
// holds lies within the coordinator's reach (a coordinator cannot take
// over an admin's or another agency's account this way).
func mayReset(actor Actor, u km.User) bool {
	if actor.User.Has(km.RoleAdmin, u.OrgPath) {
		return true
	}
	if !actor.User.Has(km.RoleCoordinator, u.OrgPath) {
		return false
	}
	for _, g := range u.Grants {
		if g.Role == km.RoleAdmin || !actor.User.Has(km.RoleCoordinator, g.OrgPath) {
			return false
		}
	}
	return true
}

// CanReset reports whether actor may make password reset links for u, for
// the pages that offer the button.
func CanReset(actor Actor, u km.User) bool { return mayReset(actor, u) && actor.id() != u.ID }

// ResetLink makes a password reset link for the user with this e-mail
// (admins over their organisation, or its coordinators; see mayReset).
// Nobody makes one for themselves: they know their password, or ask.
func (a *App) ResetLink(ctx context.Context, actor Actor, email string) (Link, error) {
	var l Link
	var u km.User
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		var err error
		if u, err = tx.UserByEmail(email); err != nil {
			return err
		}
		if !mayReset(actor, u) || actor.id() == u.ID {
			return km.ErrForbidden
		}
		if u.Disabled {
			return linkRefusal("disabled")
		}
		l, err = a.issueLink(tx, actor, u, store.LinkReset, nil)
		return err
	})
	if err == nil {
		a.deliver(ctx, u, l)
	}
	return l, err
}

// LinkTarget is what a usable one-time link opens, for the page that asks
// for the new password.
type LinkTarget struct {
	Purpose   string
	Email     string
	Name      string
	ExpiresAt time.Time
}

// checkLink finds the usable link with this token, or says why not.
func checkLink(l store.Link, err error, u km.User, now time.Time) error {
	switch {
	case errors.Is(err, km.ErrNotFound):
		return linkRefusal("unknown")
	case err != nil:
		return err
	case !l.UsedAt.IsZero():
		return linkRefusal("used")
	case !l.RevokedAt.IsZero():
		return linkRefusal("revoked")
	case !now.Before(l.ExpiresAt):
		return linkRefusal("expired")
	case u.Disabled:
		return linkRefusal("disabled")
	}
	return nil
}

// validToken rejects what cannot be a token before any lookup.
func validToken(token string) bool {
	b, err := base64.RawURLEncoding.DecodeString(token)
	return err == nil && len(b) == 32
}

// CheckLink reports what a one-time link opens, or a *LinkRefusal; it
// changes nothing.
func (a *App) CheckLink(ctx context.Context, token string) (LinkTarget, error) {
	if !validToken(token) {
		return LinkTarget{}, linkRefusal("unknown")
	}
	l, err := a.Store.LinkByTokenHash(ctx, hashToken(token))
	var u km.User
	if err == nil {
		if u, err = a.Store.UserByID(ctx, l.UserID); err != nil {
			return LinkTarget{}, err
		}
	}
	if err := checkLink(l, err, u, time.Now()); err != nil {
		return LinkTarget{}, err
	}
	return LinkTarget{Purpose: l.Purpose, Email: u.Email, Name: u.Name, ExpiresAt: l.ExpiresAt}, nil
}

// UseLink sets the password of the person a one-time link is for, and uses
// the link up, in one transaction: of two requests with one token only one
// succeeds, and a refused link (a *LinkRefusal) or password (a
// *km.ValidationError) changes nothing. Every other unused link of the
// person stops working too. The person then signs in as usual.
func (a *App) UseLink(ctx context.Context, token, password, ip string) (km.User, error) {
	if !validToken(token) {
		return km.User{}, linkRefusal("unknown")
	}
	// Check the link before the password, so that a dead link is reported
	// as such; hash outside the write transaction, which it would hold up.
	if _, err := a.CheckLink(ctx, token); err != nil {
		return km.User{}, err
	}
	hash, err := a.HashPassword(password)
	if err != nil {
		return km.User{}, err
	}
	var u km.User
	err = a.Store.Write(ctx, func(tx *store.Tx) error {
		l, err := tx.LinkByTokenHash(hashToken(token))
		if err == nil {
			if u, err = tx.UserByID(l.UserID); err != nil {
				return err
			}
		}
		if err := checkLink(l, err, u, time.Now()); err != nil {
			return err
		}
		if err := tx.UseLink(l.ID); errors.Is(err, km.ErrNotFound) {
			return linkRefusal("used")
		} else if err != nil {
			return err
		}
		if err := tx.SetPassword(u.ID, hash); err != nil {
			return err
		}
		if err := tx.RevokeLinks(u.ID); err != nil {
			return err
		}
		ev := Actor{User: &u, IP: ip}.event("user.link.use", "user", u.ID, u.OrgID, map[string]any{"email": u.Email, "link": l.ID, "purpose": l.Purpose})
		return tx.Audit(ev)
	})
	if err != nil {
		return km.User{}, err
	}
	return u, nil
}

// ResettableUser is a person whose password reset links the actor may
// make, for the user list.
type ResettableUser struct {
	km.User
	NoPassword bool // invited, or created, and no password set yet
}

// ResettableUsers lists the people whose password reset links the actor
// may make (see ResetLink), by name: admins and coordinators only.
func (a *App) ResettableUsers(ctx context.Context, actor Actor) ([]ResettableUser, error) {
	if actor.User == nil {
		return nil, km.ErrUnauthorized
	}
	var out []ResettableUser
	var ids []int64
	seen := map[int64]bool{}
	scoped := false
	for _, g := range actor.User.Grants {
		if g.Role != km.RoleAdmin && g.Role != km.RoleCoordinator {
			continue
		}
		scoped = true
		us, err := a.Store.Users(ctx, g.OrgPath)
		if err != nil {
			return nil, err
		}
		for _, u := range us {
			if !seen[u.ID] && CanReset(actor, u) {
				seen[u.ID] = true
				out = append(out, ResettableUser{User: u})
				ids = append(ids, u.ID)
			}
		}
	}
	if !scoped {
		return nil, km.ErrForbidden
	}
	none, err := a.Store.WithoutPassword(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].NoPassword = none[out[i].ID]
	}
	slices.SortFunc(out, func(x, y ResettableUser) int {
		return strings.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name))
	})
	return out, nil
}
