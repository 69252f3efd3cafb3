package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"lumbung/internal/brief"
	"lumbung/internal/files"
	"lumbung/internal/jobs"
	"lumbung/internal/km"
	"lumbung/internal/search"
	"lumbung/internal/store"
)

// App is the set of use cases over one store.
type App struct {
	Store     *store.Store
	Files     *files.Store
	MaxUpload int64 // bytes
	Log       *slog.Logger
	// BcryptCost is the password hashing cost; tests lower it.
	BcryptCost int
	// Index is this node's search index (nil until OpenSearch).
	Index    *search.Index
	synonyms *search.Synonyms
	// BaseURL is the site's public address without a trailing slash
	// (config.PublicURL): every absolute URL the app prints starts with it.
	BaseURL string
	// Mailer sends one-time links (invitations, password resets); nil
	// until e-mail is configured, and then links are only shown.
	Mailer Mailer
	// Briefs draws the one-page PDF brief of a practice.
	Briefs *brief.Writer
	// AdopterCount, when set, says how many agencies adopted a practice;
	// the brief prints that line only then.
	AdopterCount func(ctx context.Context, practiceID int64) (int, error)
	// Usage records views, downloads and searches off the request path;
	// nil records nothing (the command line, most tests).
	Usage UsageRecorder
	// QA hears of new questions and answers after they are committed; nil
	// until notifications plug in.
	QA QANotifier
	// Queue is the durable job queue: with a Mailer, one-time links are
	// mailed by a job inserted with them. Nil (the command line, tests):
	// they are mailed at once, after the transaction.
	Queue *jobs.Queue
}

// UsageRecorder takes usage events without waiting (usage.Recorder).
type UsageRecorder interface {
	Record(km.UsageEvent)
}

// New wires an App.
func New(s *store.Store, f *files.Store, maxUpload int64, log *slog.Logger) *App {
	if log == nil {
		log = slog.Default()
	}
	return &App{Store: s, Files: f, MaxUpload: maxUpload, Log: log, BcryptCost: bcrypt.DefaultCost,
		Briefs: brief.New(brief.DebianFonts, log)}
}

// Actor is who asks for a use case: a signed-in user or nobody, and from where.
type Actor struct {
	User *km.User // nil for the anonymous public
	IP   string
}

// System is the actor for command-line work run by an operator on the server.
var System = Actor{User: &km.User{Name: "system", Email: "system", Grants: []km.Grant{{Role: km.RoleAdmin, OrgPath: "/"}}}}

func (a Actor) label() string {
	if a.User == nil {
		return "anonymous"
	}
	if a.User.Email != "" {
		return a.User.Email
	}
	return a.User.Name
}

func (a Actor) id() int64 {
	if a.User == nil {
		return 0
	}
	return a.User.ID
}

func (a Actor) visibility() km.Visibility {
	if a.User != nil && a.User.ID == 0 && a.User.IsAdmin() {
		// The system actor sees everything.
		return km.Visibility{UserID: -1, Authenticated: true, ReviewScopes: []string{"/"}}
	}
	return km.ViewerVisibility(a.User)
}

func (a Actor) event(action, targetType string, targetID int64, orgID int64, detail map[string]any) *km.AuditEvent {
	return &km.AuditEvent{ActorID: a.id(), ActorLabel: a.label(), Action: action, TargetType: targetType,
		TargetID: strconv.FormatInt(targetID, 10), OrgID: orgID, Detail: detail, IP: a.IP}
}

// HashPassword hashes a password for storage.
func (a *App) HashPassword(pw string) (string, error) {
	if len(pw) < 8 {
		return "", &km.ValidationError{Fields: map[string]string{"password": "password_short"}}
	}
	if len(pw) > 72 {
		return "", &km.ValidationError{Fields: map[string]string{"password": "too_long"}}
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), a.BcryptCost)
	return string(h), err
}

// dummyHash makes a failed login for an unknown e-mail cost as much as one
// for a known e-mail, so timing does not reveal who has an account.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("lumbung-dummy-password"), bcrypt.DefaultCost)

// Login checks an e-mail and password and records the attempt.
func (a *App) Login(ctx context.Context, email, password, ip string) (km.User, error) {
	u, hash, err := a.Store.Credentials(ctx, email)
	if err != nil && !errors.Is(err, km.ErrNotFound) {
		return km.User{}, err
	}
	ok := false
	if err == nil && hash != "" && !u.Disabled {
		ok = bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
	} else {
		bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
	}
	actor := Actor{User: &u, IP: ip}
	action := "user.login"
	if !ok {
		action = "user.login_failed"
		actor = Actor{IP: ip}
	}
	ev := actor.event(action, "user", u.ID, u.OrgID, map[string]any{"email": km.NormalizeEmail(email)})
	if werr := a.Store.Write(ctx, func(tx *store.Tx) error { return tx.Audit(ev) }); werr != nil {
		return km.User{}, werr
	}
	if !ok {
		return km.User{}, km.ErrUnauthorized
	}
	return u, nil
}

// Logout records that a user signed out.
func (a *App) Logout(ctx context.Context, actor Actor) error {
	if actor.User == nil {
		return nil
	}
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		return tx.Audit(actor.event("user.logout", "user", actor.User.ID, actor.User.OrgID, nil))
	})
}

// NewUser describes an account to create.
type NewUser struct {
	Email, Name, OrgCode, Password string
	Roles                          []km.Role // granted over the user's own organisation
	Demo                           bool
}

// CreateUser adds an account with roles over its organisation. Only admins
// over that organisation (or the system) may.
func (a *App) CreateUser(ctx context.Context, actor Actor, n NewUser) (km.User, error) {
	var u km.User
	var v km.ValidationError
	for _, r := range n.Roles {
		if !r.Valid() {
			v.Add("role", "invalid")
		}
	}
	hash := ""
	if n.Password != "" {
		var err error
		if hash, err = a.HashPassword(n.Password); err != nil {
			return u, err
		}
	}
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		org, err := tx.OrgByCode(n.OrgCode)
		if errors.Is(err, km.ErrNotFound) {
			v.Add("org", "unknown_org")
		} else if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if !actor.User.Has(km.RoleAdmin, org.Path) {
			return km.ErrForbidden
		}
		u = km.User{Email: n.Email, Name: n.Name, OrgID: org.ID, OrgPath: org.Path, OrgCode: org.Code, Demo: n.Demo}
		if err := tx.CreateUser(&u, hash); err != nil {
			if errors.Is(err, km.ErrConflict) {
				return &km.ValidationError{Fields: map[string]string{"email": "email_taken"}}
			}
			return err
		}
		for _, r := range n.Roles {
			if err := tx.Grant(u.ID, r, org.ID); err != nil {
				return err
			}
			u.Grants = append(u.Grants, km.Grant{Role: r, OrgID: org.ID, OrgPath: org.Path, OrgCode: org.Code})
		}
		return tx.Audit(actor.event("user.create", "user", u.ID, org.ID, map[string]any{"email": u.Email, "roles": n.Roles}))
	})
	return u, err
}

// GrantRole gives an existing user a role over an organisation.
func (a *App) GrantRole(ctx context.Context, actor Actor, email string, role km.Role, orgCode string) error {
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		u, err := tx.UserByEmail(email)
		if err != nil {
			return err
		}
		org, err := tx.OrgByCode(orgCode)
		if errors.Is(err, km.ErrNotFound) {
			return &km.ValidationError{Fields: map[string]string{"org": "unknown_org"}}
		} else if err != nil {
			return err
		}
		if !actor.User.Has(km.RoleAdmin, org.Path) {
			return km.ErrForbidden
		}
		if err := tx.Grant(u.ID, role, org.ID); err != nil {
			return err
		}
		return tx.Audit(actor.event("user.grant", "user", u.ID, org.ID, map[string]any{"role": role, "org": org.Code}))
	})
}

// TokenPrefix starts every API token, so a leaked one is easy to recognise.
const TokenPrefix = "lmb_"

// CreateToken makes a new API token for the user with this e-mail and
// returns it; only its hash is stored.
func (a *App) CreateToken(ctx context.Context, actor Actor, email, name string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		u, err := tx.UserByEmail(email)
		if err != nil {
			return err
		}
		if actor.id() != u.ID && !actor.User.Has(km.RoleAdmin, u.OrgPath) {
			return km.ErrForbidden
		}
		id, err := tx.CreateToken(u.ID, name, hashToken(token))
		if err != nil {
			return err
		}
		return tx.Audit(actor.event("token.create", "token", id, u.OrgID, map[string]any{"user": u.Email, "name": name}))
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// UserForToken resolves a bearer token.
func (a *App) UserForToken(ctx context.Context, token string) (km.User, error) {
	u, err := a.Store.UserByTokenHash(ctx, hashToken(token))
	if err != nil {
		return u, km.ErrUnauthorized
	}
	if u.Disabled {
		return km.User{}, km.ErrUnauthorized
	}
	return u, nil
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// AuditLog lists audit events; only admins may read it.
func (a *App) AuditLog(ctx context.Context, actor Actor, f km.AuditFilter) ([]km.AuditEvent, error) {
	if !actor.User.IsAdmin() {
		return nil, km.ErrForbidden
	}
	evs, err := a.Store.AuditEvents(ctx, f)
	if err != nil {
		return nil, err
	}
	return a.withholdAward(ctx, evs)
}

// withholdAward blanks the details of award events of editions whose
// results are not announced yet, but for the edition's code: who scored,
// assigned, shortlisted or declared what is the award's secret until then,
// admins included. Only the reading is filtered; the stored events and
// their hash chain stay whole, so `lumbung audit verify` still checks them.
func (a *App) withholdAward(ctx context.Context, evs []km.AuditEvent) ([]km.AuditEvent, error) {
	now := awardNow(ctx)
	hidden := map[string]bool{}
	for i, ev := range evs {
		code, ok := ev.Detail["edition"].(string)
		if !ok || !strings.HasPrefix(ev.Action, "award.") {
			continue
		}
		hide, seen := hidden[code]
		if !seen {
			ed, err := a.Store.EditionByCode(ctx, code)
			switch {
			case errors.Is(err, km.ErrNotFound):
				hide = false // the edition is gone: nothing left to protect
			case err != nil:
				return nil, err
			default:
				hide = !ed.ResultsVisible(now)
			}
			hidden[code] = hide
		}
		if hide {
			evs[i].Detail = map[string]any{"edition": code, "withheld": true}
		}
	}
	return evs, nil
}

// Today is the current date in Jakarta (WIB), the day review dates are
// compared with.
func Today() string {
	return time.Now().In(wib).Format(time.DateOnly)
}

var wib = time.FixedZone("WIB", 7*3600)

func extFor(mime string) string { return files.Allowed[mime] }

// NewOrg describes an organisation to add to the tree.
type NewOrg struct {
	Code, Name, Short string
	Kind              km.OrgKind
	Parent            string // parent code; required (the root exists from the start)
	Headcount         int
}

// CreateOrg adds an organisation under its parent; admins over the parent may.
func (a *App) CreateOrg(ctx context.Context, actor Actor, n NewOrg) (km.Org, error) {
	var o km.Org
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		var v km.ValidationError
		parent, err := tx.OrgByCode(n.Parent)
		if errors.Is(err, km.ErrNotFound) {
			v.Add("parent", "unknown_org")
			return &v
		} else if err != nil {
			return err
		}
		if !actor.User.Has(km.RoleAdmin, parent.Path) {
			return km.ErrForbidden
		}
		o = km.Org{Code: n.Code, Name: n.Name, Short: n.Short, Kind: n.Kind, ParentID: parent.ID, Headcount: n.Headcount}
		if err := tx.CreateOrg(&o); err != nil {
			if errors.Is(err, km.ErrConflict) {
				return &km.ValidationError{Fields: map[string]string{"code": "code_taken"}}
			}
			return err
		}
		return tx.Audit(actor.event("org.create", "org", o.ID, o.ID, map[string]any{"code": o.Code, "name": o.Name, "parent": parent.Code}))
	})
	return o, err
}

// PracticeSummaries loads practices by id for showing search results (the
// search has applied the access rule already).
func (a *App) PracticeSummaries(ctx context.Context, ids []int64) (map[int64]km.Practice, error) {
	ps, err := a.Store.PracticesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]km.Practice, len(ps))
	for _, p := range ps {
		out[p.ID] = p
	}
	return out, nil
}

// Synonyms returns the query expansion dictionary: built-in groups and
// admin additions.
func (a *App) Synonyms(ctx context.Context) (*search.Synonyms, error) {
	extra, err := a.Store.Synonyms(ctx)
	if err != nil {
		return nil, err
	}
	return search.NewSynonyms(extra), nil
}
