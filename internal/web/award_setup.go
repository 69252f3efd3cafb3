package web

// The secretariat's set-up of an edition: a new edition, its schedule,
// categories, criteria with the anchor text of each score level, rounds and
// jury, and publishing the call. Plain forms, one per item, so each works
// without JavaScript; a refused form is shown again with what was typed and
// why, the rest of the page as stored.

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/auth"
	"lumbung/internal/award"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
)

func (w *Web) awardSetupRoutes() []route {
	return []route{
		{"GET /award/new", w.awardNew},
		{"POST /award/new", w.awardCreate},
		{"POST /award/{code}/setup/{action}", w.awardSetupAction},
		{"POST /award/{code}/entries", w.awardRegister},
		{"POST /award/{code}/entries/{entry}", w.awardUpdateEntry},
		{"POST /award/{code}/entries/{entry}/evidence", w.awardUploadEvidence},
		{"POST /award/{code}/entries/{entry}/evidence/{id}/delete", w.awardRemoveEvidence},
		{"GET /award/{code}/entries/{entry}/evidence/{id}", w.awardEvidence},
	}
}

// formState is a page's forms after one of them was refused: that form's
// id ("edition", "category:pd", "category:" for a new one…), what was
// typed in it, and why it was refused, in the reader's language.
type formState struct {
	Lang   string
	Failed string
	Error  string
	Errors map[string]string
	Input  url.Values
}

// Val is what a form's field shows: what was typed if that form was just
// refused, else the stored value.
func (s *formState) Val(form, field string, stored any) string {
	if s.Failed == form && s.Input != nil {
		return s.Input.Get(field)
	}
	switch x := stored.(type) {
	case float64:
		return plainNumber(s.Lang, x)
	case time.Time:
		if x.IsZero() {
			return ""
		}
		return x.In(wib).Format("2006-01-02T15:04")
	case map[string]string:
		return anchorsText(x)
	}
	return fmt.Sprint(stored)
}

// Err is a field's problem in the form just refused.
func (s *formState) Err(form, field string) string {
	if s.Failed != form {
		return ""
	}
	return s.Errors[field]
}

// Selected reports whether a select shows value: the one typed in the form
// just refused, else the stored one.
func (s *formState) Selected(form, field, value, stored string) bool {
	return s.Val(form, field, stored) == value
}

// Ticked reports whether a checkbox with this value is ticked: as typed in
// the form just refused, else as stored.
func (s *formState) Ticked(form, field, value string, stored bool) bool {
	if s.Failed == form && s.Input != nil {
		return slices.Contains(s.Input[field], value)
	}
	return stored
}

// setupData is the set-up page: the stored edition and the state of its
// forms.
type setupData struct {
	formState
	D          *award.Data // nil on the new-edition page
	Organisers []km.Org    // where the actor may run an edition (new edition only)
	Orgs       []km.Org    // for the jurors' organisation
	Kinds      []award.RoundKind
	Methods    []award.Method
	Locked     bool // the call is published: weights and scales are fixed
	// NoPassword marks the jurors (by user id) who have not set a
	// password yet: their invitation can be made again.
	NoPassword map[int64]bool
	// Invitation is the link just made for a juror, shown this once.
	Invitation *app.Link
}

// Ed is the edition being set up; zero on the new-edition page.
func (d *setupData) Ed() award.Edition {
	if d.D == nil {
		return award.Edition{}
	}
	return d.D.Edition
}

// TimeFields are the edition's schedule fields, in order.
func (d *setupData) TimeFields() []string {
	return []string{"registration_opens", "submission_deadline", "announcement_at", "objection_until"}
}

// EditionTime is the stored value of a schedule field.
func (d *setupData) EditionTime(field string) time.Time {
	ed := d.Ed()
	return map[string]time.Time{"registration_opens": ed.RegistrationOpens, "submission_deadline": ed.SubmissionDeadline,
		"announcement_at": ed.AnnouncementAt, "objection_until": ed.ObjectionUntil}[field]
}

// itemForm is one criterion's or round's form: the page, the form's id,
// the id suffix of its controls and the stored item.
type itemForm[T any] struct {
	S    *setupData
	Form string
	ID   string
	X    T
}

// CriterionOf is the form of a stored criterion.
func (d *setupData) CriterionOf(c award.CriterionDef) itemForm[award.CriterionDef] {
	return itemForm[award.CriterionDef]{S: d, Form: "criterion:" + c.Code, ID: c.Code, X: c}
}

// NewCriterion is the form adding a criterion, on a scale of 1 to 5.
func (d *setupData) NewCriterion() itemForm[award.CriterionDef] {
	return itemForm[award.CriterionDef]{S: d, Form: "criterion:", ID: "new", X: award.CriterionDef{Criterion: award.Criterion{Weight: 1, Min: 1, Max: 5}}}
}

// RoundOf is the form of a stored round.
func (d *setupData) RoundOf(r award.RoundDef) itemForm[award.RoundDef] {
	return itemForm[award.RoundDef]{S: d, Form: "round:" + r.Code, ID: r.Code, X: r}
}

// NewRound is the form adding a round after the last one.
func (d *setupData) NewRound() itemForm[award.RoundDef] {
	r := award.RoundDef{Round: award.Round{Kind: award.KindDesk, Order: len(d.D.Rounds) + 1, Weight: 1}}
	for _, x := range d.D.Rounds {
		r.Order = max(r.Order, x.Order+1)
	}
	return itemForm[award.RoundDef]{S: d, Form: "round:", ID: "new", X: r}
}

// anchorsText writes anchors one level a line, in level order: "1: …".
func anchorsText(m map[string]string) string {
	var lines []string
	for _, a := range criterionViews([]award.CriterionDef{{Anchors: m}})[0].Anchors {
		lines = append(lines, a.Level+": "+a.Text)
	}
	return strings.Join(lines, "\n")
}

// parseAnchors reads "level: text" lines ("=" works too); blank lines are
// skipped. ok is false when a line has no separator.
func parseAnchors(s string) (map[string]string, bool) {
	out := map[string]string{}
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		i := strings.IndexAny(line, ":=")
		if i <= 0 {
			return nil, false
		}
		out[strings.TrimSpace(line[:i])] = strings.TrimSpace(line[i+1:])
	}
	return out, true
}

// formNumbers parses numeric form fields, recording a problem per field
// that is not a number; empty is zero.
type formNumbers struct {
	lang   string
	f      url.Values
	errors map[string]string
}

func (p *formNumbers) float(field string) float64 {
	s := strings.TrimSpace(p.f.Get(field))
	if s == "" {
		return 0
	}
	x, ok := parseNumber(p.lang, s)
	if !ok {
		p.errors[field] = "invalid_number"
	}
	return x
}

func (p *formNumbers) int(field string) int {
	s := strings.TrimSpace(p.f.Get(field))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.errors[field] = "invalid_number"
	}
	return n
}

// err is the parse problems as a validation error, nil without any.
func (p *formNumbers) err() error {
	if len(p.errors) == 0 {
		return nil
	}
	return &km.ValidationError{Fields: p.errors}
}

func editionInput(p *formNumbers) app.EditionInput {
	f := p.f
	return app.EditionInput{Code: f.Get("code"), Name: f.Get("name"), Year: p.int("year"), RegistrationOpens: f.Get("registration_opens"),
		SubmissionDeadline: f.Get("submission_deadline"), AnnouncementAt: f.Get("announcement_at"), ObjectionUntil: f.Get("objection_until"),
		Winners: p.int("winners"), Method: f.Get("method"), Organiser: f.Get("organiser")}
}

// organisers are the organisations whose secretariat the actor is.
func organisers(w *Web, r *http.Request, actor app.Actor) ([]km.Org, error) {
	var out []km.Org
	if actor.User == nil {
		return nil, nil
	}
	for _, g := range actor.User.Grants {
		if g.Role != km.RoleSecretariat {
			continue
		}
		o, err := w.App.Store.OrgByID(r.Context(), g.OrgID)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

func (w *Web) awardNew(rw http.ResponseWriter, r *http.Request) {
	w.showNew(rw, r, http.StatusOK, nil)
}

func (w *Web) showNew(rw http.ResponseWriter, r *http.Request, status int, edit func(*setupData)) {
	if needLogin(rw, r) {
		return
	}
	orgs, err := organisers(w, r, auth.Actor(r))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if len(orgs) == 0 {
		w.fail(rw, r, km.ErrForbidden)
		return
	}
	d := &setupData{formState: formState{Lang: i18n.FromRequest(r), Failed: "edition",
		Input: url.Values{"year": {strconv.Itoa(time.Now().In(wib).Year())}, "winners": {"0"}}}, Organisers: orgs, Methods: award.Methods}
	if edit != nil {
		edit(d)
	}
	w.render(rw, r, status, "award_setup", w.newView(r, "award", d))
}

func (w *Web) awardCreate(rw http.ResponseWriter, r *http.Request) {
	if !w.parsedForm(rw, r, 0) {
		return
	}
	lang := i18n.FromRequest(r)
	p := &formNumbers{lang: lang, f: r.PostForm, errors: map[string]string{}}
	in := editionInput(p)
	err := p.err()
	var ed award.Edition
	if err == nil {
		ed, err = w.App.CreateEdition(r.Context(), auth.Actor(r), in)
	}
	if err == nil {
		w.flash(r, "award.flash.edition_created")
		redirect(rw, r, "/award/"+url.PathEscape(ed.Code)+"/setup")
		return
	}
	status, msg, errs, ok := setupProblem(lang, err)
	if !ok {
		w.fail(rw, r, err)
		return
	}
	w.showNew(rw, r, status, func(d *setupData) { d.Error, d.Errors, d.Input = msg, errs, r.PostForm })
}

// setupProblem turns a refused set-up form into a status, a message and
// field problems in the reader's language; ok is false for errors the
// generic error page handles.
func setupProblem(lang string, err error) (int, string, map[string]string, bool) {
	var ve *km.ValidationError
	if errors.As(err, &ve) {
		errs := map[string]string{}
		for k, v := range ve.Fields {
			errs[fieldOf(k)] = i18n.T(lang, v)
		}
		return http.StatusUnprocessableEntity, i18n.T(lang, "err.validation"), errs, true
	}
	status, msg, ok := awardMessage(lang, err)
	return status, msg, nil, ok
}

// fieldOf maps the domain's field paths ("criteria[0].weight") to a form's
// field names ("weight").
func fieldOf(k string) string {
	if i := strings.LastIndex(k, "."); i >= 0 {
		return k[i+1:]
	}
	return k
}

func (w *Web) awardSetup(rw http.ResponseWriter, r *http.Request, status int, edit func(*setupData)) {
	if needLogin(rw, r) {
		return
	}
	actor := auth.Actor(r)
	d, err := w.App.Edition(r.Context(), actor, r.PathValue("code"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if !actor.IsSecretariat(&d.Edition) {
		w.fail(rw, r, km.ErrForbidden)
		return
	}
	orgs, err := w.App.Store.Orgs(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ids := make([]int64, len(d.Jurors))
	for i, j := range d.Jurors {
		ids[i] = j.UserID
	}
	none, err := w.App.Store.WithoutPassword(r.Context(), ids)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	sd := &setupData{formState: formState{Lang: i18n.FromRequest(r)}, D: d, Orgs: orgs, Kinds: award.RoundKinds, Methods: award.Methods,
		Locked: !d.Edition.CallPublishedAt.IsZero(), NoPassword: none}
	if edit != nil {
		edit(sd)
	}
	w.render(rw, r, status, "award_setup", w.newView(r, "award", sd))
}

// awardSetupAction runs one of the set-up page's forms. Each form posts
// its item's original code as "orig" ("" for a new item).
func (w *Web) awardSetupAction(rw http.ResponseWriter, r *http.Request) {
	if !w.parsedForm(rw, r, 0) {
		return
	}
	actor, ctx, code, lang := auth.Actor(r), r.Context(), r.PathValue("code"), i18n.FromRequest(r)
	f := r.PostForm
	orig := f.Get("orig")
	p := &formNumbers{lang: lang, f: f, errors: map[string]string{}}
	action := r.PathValue("action")
	kind, _, _ := strings.Cut(action, "-")
	form, section := kind+":"+orig, kind
	var err error
	var link *app.Link // an invitation made, to show once
	switch action {
	case "edition":
		form, section = "edition", "edition"
		if in := editionInput(p); p.err() == nil {
			_, err = w.App.UpdateEdition(ctx, actor, code, in)
		}
	case "call":
		form, section = "call", "call"
		err = w.App.PublishCall(ctx, actor, code)
	case "category":
		_, err = w.App.SaveCategory(ctx, actor, code, orig, app.CategoryInput{Code: f.Get("code"), Name: f.Get("name")})
	case "category-delete":
		err = w.App.DeleteCategory(ctx, actor, code, orig)
	case "criterion":
		in := app.CriterionInput{Code: f.Get("code"), Name: f.Get("name"), Description: f.Get("description"),
			Weight: p.float("weight"), Min: p.float("min"), Max: p.float("max")}
		anchors, ok := parseAnchors(f.Get("anchors"))
		if !ok {
			p.errors["anchors"] = "award.setup.anchors_format"
		}
		in.Anchors = anchors
		if p.err() == nil {
			_, err = w.App.SaveCriterion(ctx, actor, code, orig, in)
		}
	case "criterion-delete":
		err = w.App.DeleteCriterion(ctx, actor, code, orig)
	case "round":
		in := app.RoundInput{Code: f.Get("code"), Name: f.Get("name"), Kind: f.Get("kind"), Order: p.int("order"), Advance: p.int("advance"),
			Weight: p.float("weight")}
		if p.err() == nil {
			_, err = w.App.SaveRound(ctx, actor, code, orig, in)
		}
	case "round-delete":
		err = w.App.DeleteRound(ctx, actor, code, orig)
	case "juror":
		var j app.SavedJuror
		j, err = w.App.SaveJuror(ctx, actor, code, app.JurorInput{Email: f.Get("email"), Name: f.Get("name"), Org: f.Get("org")})
		link = j.Invitation
	case "juror-invite":
		var l app.Link
		if l, err = w.App.ReissueInvitation(ctx, actor, code, orig); err == nil {
			link = &l
		}
	case "juror-delete":
		err = w.App.RemoveJuror(ctx, actor, code, orig)
	default:
		w.notFound(rw, r)
		return
	}
	if err == nil {
		err = p.err()
	}
	if err == nil && link != nil {
		// Shown on this answer only: the link is stored nowhere, so it
		// cannot wait in the session for the next page.
		w.awardSetup(rw, r, http.StatusOK, func(d *setupData) { d.Invitation = link })
		return
	}
	if err == nil {
		w.flash(r, "award.flash.setup")
		redirect(rw, r, "/award/"+url.PathEscape(code)+"/setup#"+section)
		return
	}
	if errors.Is(err, km.ErrNotFound) {
		if _, e2 := w.App.Edition(ctx, actor, code); e2 == nil {
			err = &km.ValidationError{Fields: map[string]string{"orig": "err.not_found"}}
		}
	}
	status, msg, errs, ok := setupProblem(lang, err)
	if !ok {
		w.fail(rw, r, err)
		return
	}
	w.awardSetup(rw, r, status, func(d *setupData) { d.Failed, d.Error, d.Errors, d.Input = form, msg, errs, f })
}

// canRegister reports whether the reader may register an entry now: the
// edition is open and they hold a role to enter for some agency.
func canRegister(u *km.User, ed *award.Edition) bool {
	return u != nil && ed.RegistrationOpen(time.Now()) && slices.ContainsFunc(u.Grants, func(g km.Grant) bool {
		return (g.Role == km.RoleContributor || g.Role == km.RoleCoordinator) && !km.Contains(g.OrgPath, ed.OrganiserPath)
	})
}
