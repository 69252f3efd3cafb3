package app

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"lumbung/internal/km"
	"lumbung/internal/store"
)

// Practice returns a practice the actor may read. One they may not read is
// reported as not found, so its existence does not leak.
func (a *App) Practice(ctx context.Context, actor Actor, id int64) (km.Practice, error) {
	p, err := a.Store.Practice(ctx, id)
	if err != nil {
		return p, err
	}
	if !actor.visibility().Allows(&p) {
		return km.Practice{}, km.ErrNotFound
	}
	return p, nil
}

// Practices lists what the actor may read; f.Visibility is set here.
func (a *App) Practices(ctx context.Context, actor Actor, f store.PracticeFilter) ([]km.Practice, int, error) {
	f.Visibility = actor.visibility()
	return a.Store.Practices(ctx, f)
}

// DueForReview lists published practices in the actor's review scope whose
// review-by date is due within the next 30 days.
func (a *App) DueForReview(ctx context.Context, actor Actor) ([]km.Practice, error) {
	if len(actor.User.ReviewScopes()) == 0 {
		return nil, km.ErrForbidden
	}
	soon := time.Now().In(wib).AddDate(0, 0, 30).Format(time.DateOnly)
	only := km.Visibility{UserID: -1, Authenticated: true, ReviewScopes: actor.User.ReviewScopes()}
	ps, _, err := a.Store.Practices(ctx, store.PracticeFilter{Visibility: only, DueBy: soon, Order: "review_by", Limit: 500})
	return ps, err
}

// PracticeInput is what a person or an import supplies for a practice.
type PracticeInput struct {
	km.Practice
	OrgCode string // used when OrgID is 0
}

// resolveOrg fills p.OrgID from the code and checks the actor may write there.
func resolveOrg(tx *store.Tx, in *PracticeInput, v *km.ValidationError) (km.Org, error) {
	var org km.Org
	var err error
	switch {
	case in.OrgID != 0:
		org, err = tx.OrgByID(in.OrgID)
	case in.OrgCode != "":
		org, err = tx.OrgByCode(in.OrgCode)
	default:
		v.Add("org", "required")
		return org, nil
	}
	if errors.Is(err, km.ErrNotFound) {
		v.Add("org", "unknown_org")
		return org, nil
	}
	if err != nil {
		return org, err
	}
	in.OrgID = org.ID
	return org, nil
}

// CreatePractice creates a draft, or a published practice when the actor is
// a coordinator over the owning organisation and asks for it.
func (a *App) CreatePractice(ctx context.Context, actor Actor, in PracticeInput) (km.Practice, error) {
	if actor.User == nil {
		return km.Practice{}, km.ErrUnauthorized
	}
	p := &in.Practice
	p.Normalize()
	v := asValidation(p.Validate())
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		org, err := resolveOrg(tx, &in, v)
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if !km.CanCreateIn(actor.User, org.Path) {
			return km.ErrForbidden
		}
		p.OrgPath = org.Path
		if err := checkInitialStatus(actor, p); err != nil {
			return err
		}
		if err := tx.CreatePractice(p, *actor.User, "created"); err != nil {
			return err
		}
		return tx.Audit(actor.event("practice.create", "practice", p.ID, org.ID, map[string]any{"title": p.Title, "status": p.Status}))
	})
	if err != nil {
		return km.Practice{}, err
	}
	return a.Store.Practice(ctx, p.ID)
}

// checkInitialStatus allows a new record to start as a draft, in review, or
// (for a coordinator over its organisation) published or archived.
func checkInitialStatus(actor Actor, p *km.Practice) error {
	switch p.Status {
	case km.StatusDraft, km.StatusInReview:
		return nil
	case km.StatusPublished, km.StatusArchived:
		if !km.CanPublishDirectly(actor.User, p.OrgPath) {
			return km.ErrForbidden
		}
		if p.Verifier == "" && actor.User.ID != 0 {
			// A person publishing vouches for it; an import run by the
			// operator names no verifier unless the record does.
			p.Verifier = actor.User.Name
		}
		if p.ReviewBy == "" {
			p.ReviewBy = defaultReviewBy()
		}
		return nil
	}
	return &km.ValidationError{Fields: map[string]string{"status": "invalid_initial_status"}}
}

// defaultReviewBy is a year from now: content is checked again yearly.
func defaultReviewBy() string { return time.Now().In(wib).AddDate(1, 0, 0).Format(time.DateOnly) }

func asValidation(err error) *km.ValidationError {
	var v *km.ValidationError
	if errors.As(err, &v) {
		return v
	}
	return &km.ValidationError{}
}

// UpdatePractice saves new content for a practice. in.Version must be the
// version the editor started from; a newer stored version is a conflict
// (nothing is saved, the caller keeps the text). The workflow status is not
// changed here except that editing a returned practice makes it a draft again.
func (a *App) UpdatePractice(ctx context.Context, actor Actor, in PracticeInput) (km.Practice, error) {
	if actor.User == nil {
		return km.Practice{}, km.ErrUnauthorized
	}
	p := &in.Practice
	p.Normalize()
	var id = p.ID
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		cur, err := tx.Practice(id)
		if err != nil {
			return err
		}
		if !actor.visibility().Allows(&cur) {
			return km.ErrNotFound
		}
		if !km.CanEdit(actor.User, &cur) {
			return km.ErrForbidden
		}
		if in.OrgID == 0 && in.OrgCode == "" {
			in.OrgID = cur.OrgID
		}
		// Fields the workflow owns are kept from the stored record.
		p.Status, p.Verifier, p.ReviewBy, p.StatusNote, p.ExternalID = cur.Status, cur.Verifier, cur.ReviewBy, cur.StatusNote, cur.ExternalID
		if in.Practice.ReviewBy != "" && km.CanPublishDirectly(actor.User, cur.OrgPath) {
			p.ReviewBy = in.Practice.ReviewBy
		}
		if p.Status == km.StatusReturned {
			p.Status = km.StatusDraft
		}
		v := asValidation(p.Validate())
		org, err := resolveOrg(tx, &in, v)
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if org.ID != cur.OrgID && !km.CanCreateIn(actor.User, org.Path) {
			return km.ErrForbidden
		}
		if err := tx.UpdatePractice(p, *actor.User, "updated"); err != nil {
			return err
		}
		changed := []string{}
		for _, d := range km.Diff(cur.Content(), p.Content()) {
			changed = append(changed, d.Field)
		}
		return tx.Audit(actor.event("practice.update", "practice", p.ID, org.ID, map[string]any{"version": p.Version, "changed": changed}))
	})
	if err != nil {
		return km.Practice{}, err
	}
	return a.Store.Practice(ctx, id)
}

// TransitionInput asks to move a practice through the workflow.
type TransitionInput struct {
	Action   km.Action
	Version  int    // 0 skips the stale check (API clients that do not care)
	Reason   string // required to return or archive
	Verifier string // on publish; defaults to the publisher's name
	ReviewBy string // on publish; defaults to a year from now
}

// Transition applies a workflow action.
func (a *App) Transition(ctx context.Context, actor Actor, id int64, in TransitionInput) (km.Practice, error) {
	if actor.User == nil {
		return km.Practice{}, km.ErrUnauthorized
	}
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		p, err := tx.Practice(id)
		if err != nil {
			return err
		}
		if !actor.visibility().Allows(&p) {
			return km.ErrNotFound
		}
		var v km.ValidationError
		next, ok := p.Status.Next(in.Action)
		if !ok {
			v.Add("action", "invalid_transition")
			return &v
		}
		if !km.CanAct(actor.User, &p, in.Action) {
			return km.ErrForbidden
		}
		if in.Version != 0 && in.Version != p.Version {
			return &km.ConflictError{Current: p.Version}
		}
		in.Reason = strings.TrimSpace(in.Reason)
		if in.Action.NeedsReason() && in.Reason == "" {
			v.Add("reason", "required")
		}
		if len(in.Reason) > 2000 {
			v.Add("reason", "too_long")
		}
		p.Status = next
		switch in.Action {
		case km.ActionPublish:
			p.Verifier = strings.TrimSpace(in.Verifier)
			if p.Verifier == "" {
				p.Verifier = actor.User.Name
			}
			p.ReviewBy = strings.TrimSpace(in.ReviewBy)
			if p.ReviewBy == "" {
				p.ReviewBy = defaultReviewBy()
			}
			p.StatusNote = ""
		case km.ActionReturn, km.ActionArchive:
			p.StatusNote = in.Reason
		case km.ActionSubmit, km.ActionRedraft:
			if p.Status == km.StatusInReview {
				p.StatusNote = ""
			}
		}
		if err := asValidation(p.Validate()).Err(); err != nil {
			for f, m := range err.(*km.ValidationError).Fields {
				v.Add(f, m)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.UpdatePractice(&p, *actor.User, "status: "+string(next)); err != nil {
			return err
		}
		return tx.Audit(actor.event("practice."+string(in.Action), "practice", p.ID, p.OrgID, map[string]any{"status": next, "reason": in.Reason}))
	})
	if err != nil {
		return km.Practice{}, err
	}
	return a.Store.Practice(ctx, id)
}

// Revisions lists the revisions of a practice the actor may read.
func (a *App) Revisions(ctx context.Context, actor Actor, id int64) (km.Practice, []km.Revision, error) {
	p, err := a.Practice(ctx, actor, id)
	if err != nil {
		return p, nil, err
	}
	revs, err := a.Store.Revisions(ctx, id)
	return p, revs, err
}

// Diff compares two revisions of a practice the actor may read.
func (a *App) Diff(ctx context.Context, actor Actor, id int64, from, to int) (km.Revision, km.Revision, []km.FieldDiff, error) {
	if _, err := a.Practice(ctx, actor, id); err != nil {
		return km.Revision{}, km.Revision{}, nil, err
	}
	ra, err := a.Store.Revision(ctx, id, from)
	if err != nil {
		return ra, km.Revision{}, nil, err
	}
	rb, err := a.Store.Revision(ctx, id, to)
	if err != nil {
		return ra, rb, nil, err
	}
	return ra, rb, km.Diff(ra.Content, rb.Content), nil
}

// AddAttachment stores an uploaded file and attaches it to a practice the
// actor may edit. The type is sniffed from the bytes; the name is cleaned.
func (a *App) AddAttachment(ctx context.Context, actor Actor, practiceID int64, name string, r io.Reader) (store.Attachment, error) {
	var att store.Attachment
	if actor.User == nil {
		return att, km.ErrUnauthorized
	}
	p, err := a.Practice(ctx, actor, practiceID)
	if err != nil {
		return att, err
	}
	if !km.CanEdit(actor.User, &p) {
		return att, km.ErrForbidden
	}
	st, err := a.Files.Put(r, a.MaxUpload)
	if err != nil {
		return att, err
	}
	att = store.Attachment{PracticeID: p.ID, SHA256: st.SHA256, Name: cleanFileName(name, st.MIME), MIME: st.MIME, Size: st.Size, UploadedBy: actor.User.ID}
	err = a.Store.Write(ctx, func(tx *store.Tx) error {
		if err := tx.AddAttachment(&att); err != nil {
			return err
		}
		return tx.Audit(actor.event("attachment.add", "practice", p.ID, p.OrgID, map[string]any{"attachment": att.ID, "name": att.Name, "sha256": att.SHA256, "size": att.Size}))
	})
	return att, err
}

// Attachment opens an attachment of a practice the actor may read.
func (a *App) Attachment(ctx context.Context, actor Actor, id int64) (store.Attachment, io.ReadSeekCloser, error) {
	att, err := a.Store.Attachment(ctx, id)
	if err != nil {
		return att, nil, err
	}
	if _, err := a.Practice(ctx, actor, att.PracticeID); err != nil {
		return att, nil, err
	}
	f, err := a.Files.Open(att.SHA256)
	return att, f, err
}

// cleanFileName keeps the base name, strips control characters and
// separators, and makes the extension match the sniffed type.
func cleanFileName(name, mime string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' || r == '/' {
			return -1
		}
		return r
	}, name)
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "")
	}
	ext := extFor(mime)
	base := strings.TrimSuffix(name, filepath.Ext(name))
	if base == "" || base == "." {
		base = "lampiran"
	}
	if len(base) > 150 {
		base = base[:150]
		base = strings.ToValidUTF8(base, "")
	}
	return base + ext
}
