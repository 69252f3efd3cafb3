package app

// The secretariat sets an edition up: its schedule, categories, criteria
// (with the anchor text of each score level), rounds and jury, then
// publishes the call for entries. From the call on, the rubric's arithmetic
// is locked: criteria may not be added or removed and their codes, weights
// and scales may not change (ErrCallPublished), so every entrant competes
// under the rules announced. Their names, descriptions and anchors stay
// editable: they explain, they do not count.
//
// Every change is checked whole (a *km.ValidationError names each bad
// field), written with its audit event in one transaction, or not at all.

import (
	"context"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"lumbung/internal/award"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// reservedEditionCodes are words the pages use under /award/.
var reservedEditionCodes = []string{"new", "verify", "certificates"}

// Limits of the set-up's free text, in bytes.
const (
	maxAwardName   = 200
	maxAwardText   = 5000
	maxAnchorText  = 1000
	maxAnchors     = 21
	maxAwardNumber = 1e6
)

// EditionInput is an edition's schedule as the secretariat fills it in.
// Times are RFC 3339, or a date and time without zone read in Jakarta time
// (WIB), as an HTML datetime-local field sends them; "" is "not set".
type EditionInput struct {
	Code               string `json:"code"`
	Name               string `json:"name"`
	Year               int    `json:"year"`
	RegistrationOpens  string `json:"registration_opens"`
	SubmissionDeadline string `json:"submission_deadline"`
	AnnouncementAt     string `json:"announcement_at"`
	ObjectionUntil     string `json:"objection_until"`
	Winners            int    `json:"winners"`
	Method             string `json:"method"`
	// Organiser is the code of the organisation whose secretariat runs the
	// edition; "" is the actor's own. Only on creation.
	Organiser string `json:"organiser"`
}

// edition checks in and applies it to ed, collecting field problems in v.
func (in EditionInput) apply(ed *award.Edition, v *km.ValidationError) {
	ed.Name = strings.TrimSpace(in.Name)
	switch {
	case ed.Name == "":
		v.Add("name", "required")
	case len(ed.Name) > maxAwardName:
		v.Add("name", "too_long")
	}
	ed.Year = in.Year
	if in.Year < 2000 || in.Year > 2200 {
		v.Add("year", "award.import.invalid_year")
	}
	when := func(field, s string, required bool) time.Time {
		s = strings.TrimSpace(s)
		if s == "" {
			if required {
				v.Add(field, "required")
			}
			return time.Time{}
		}
		t, err := parseAwardTime(s)
		if err != nil {
			v.Add(field, "award.import.invalid_time")
		}
		return t
	}
	ed.RegistrationOpens = when("registration_opens", in.RegistrationOpens, false)
	ed.SubmissionDeadline = when("submission_deadline", in.SubmissionDeadline, true)
	ed.AnnouncementAt = when("announcement_at", in.AnnouncementAt, true)
	ed.ObjectionUntil = when("objection_until", in.ObjectionUntil, false)
	dl, ann := ed.SubmissionDeadline, ed.AnnouncementAt
	if !ed.RegistrationOpens.IsZero() && !dl.IsZero() && !ed.RegistrationOpens.Before(dl) {
		v.Add("registration_opens", "award.setup.registration_after_deadline")
	}
	if !dl.IsZero() && !ann.IsZero() && !ann.After(dl) {
		v.Add("announcement_at", "award.import.announcement_before_deadline")
	}
	if !ed.ObjectionUntil.IsZero() && !ann.IsZero() && !ed.ObjectionUntil.After(ann) {
		v.Add("objection_until", "award.setup.objection_before_announcement")
	}
	ed.Winners = in.Winners
	if in.Winners < 0 || in.Winners > 1000 {
		v.Add("winners", "award.setup.winners_invalid")
	}
	m, err := award.ParseMethod(strings.TrimSpace(in.Method))
	if err != nil {
		v.Add("method", award.KeyMethodUnknown)
	}
	ed.Method = m
}

// editionEvent describes an edition's schedule in its audit events.
func editionEvent(ed *award.Edition) map[string]any {
	at := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	return map[string]any{"edition": ed.Code, "name": ed.Name, "year": ed.Year, "registration_opens": at(ed.RegistrationOpens),
		"submission_deadline": at(ed.SubmissionDeadline), "announcement_at": at(ed.AnnouncementAt),
		"objection_until": at(ed.ObjectionUntil), "winners": ed.Winners, "method": string(ed.Method)}
}

// secretariatOrg is the organisation an edition created by the actor is run
// from: the one named, or the actor's own secretariat (the root for the
// command line). The actor must be its secretariat.
func secretariatOrg(tx *store.Tx, actor Actor, code string, v *km.ValidationError) (km.Org, error) {
	if code == "" {
		switch {
		case actor.isSystem():
			code = km.RootOrgCode
		case actor.User != nil:
			for _, g := range actor.User.Grants {
				if g.Role == km.RoleSecretariat {
					code = g.OrgCode
					break
				}
			}
		}
		if code == "" {
			return km.Org{}, km.ErrForbidden
		}
	}
	org, err := tx.OrgByCode(code)
	if errors.Is(err, km.ErrNotFound) {
		v.Add("organiser", "unknown_org")
		return org, nil
	}
	if err != nil {
		return org, err
	}
	if !actor.IsSecretariat(&award.Edition{OrganiserPath: org.Path}) {
		return org, km.ErrForbidden
	}
	return org, nil
}

// CreateEdition starts an edition (secretariat of its organiser). It is a
// draft until the call is published: entrants cannot register yet.
func (a *App) CreateEdition(ctx context.Context, actor Actor, in EditionInput) (award.Edition, error) {
	var ed award.Edition
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		var v km.ValidationError
		org, err := secretariatOrg(tx, actor, strings.TrimSpace(in.Organiser), &v)
		if err != nil {
			return err
		}
		ed = award.Edition{Code: strings.TrimSpace(in.Code), OrganiserID: org.ID, OrganiserPath: org.Path}
		switch {
		case !awardCodeRE.MatchString(ed.Code):
			v.Add("code", "award.import.invalid_code")
		case slices.Contains(reservedEditionCodes, strings.ToLower(ed.Code)):
			v.Add("code", "award.setup.code_reserved")
		default:
			if _, err := tx.EditionByCode(ed.Code); err == nil {
				v.Add("code", "code_taken")
			} else if !errors.Is(err, km.ErrNotFound) {
				return err
			}
		}
		in.apply(&ed, &v)
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.CreateEdition(&ed); err != nil {
			return err
		}
		return tx.Audit(actor.event("award.edition.create", "award_edition", ed.ID, ed.OrganiserID, editionEvent(&ed)))
	})
	return ed, err
}

// UpdateEdition changes an edition's name, year, schedule, winners and
// method (secretariat); its code and organiser stay. Once the entries are
// frozen, registration and the submission deadline cannot move
// (ErrScheduleLocked); once the results are final nothing changes.
func (a *App) UpdateEdition(ctx context.Context, actor Actor, code string, in EditionInput) (award.Edition, error) {
	var ed award.Edition
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		d, err := secretariatTx(tx, actor, code, award.ActEditSchedule)
		if err != nil {
			return err
		}
		ed = d.Edition
		var v km.ValidationError
		in.apply(&ed, &v)
		if err := v.Err(); err != nil {
			return err
		}
		if !d.Edition.FrozenAt.IsZero() && (!ed.SubmissionDeadline.Equal(d.Edition.SubmissionDeadline) || !ed.RegistrationOpens.Equal(d.Edition.RegistrationOpens)) {
			return ErrScheduleLocked
		}
		// Announced results stay announced: moving the announcement
		// would hide them again, or show other ones.
		if d.Edition.ResultsVisible(awardNow(ctx)) && !ed.AnnouncementAt.Equal(d.Edition.AnnouncementAt) {
			return ErrResultsPublished
		}
		if err := tx.UpdateEditionSchedule(&ed); err != nil {
			return err
		}
		return tx.Audit(actor.event("award.edition.update", "award_edition", ed.ID, ed.OrganiserID, editionEvent(&ed)))
	})
	return ed, err
}

// PublishCall publishes the call for entries (secretariat): registration
// opens (at the edition's registration time, if later) and the criteria's
// codes, weights and scales are locked from then on. The rubric and the
// rounds must be complete and consistent.
func (a *App) PublishCall(ctx context.Context, actor Actor, code string) error {
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		d, err := secretariatTx(tx, actor, code, award.ActPublishCall)
		if err != nil {
			return err
		}
		if len(d.Criteria) == 0 || len(d.Rounds) == 0 {
			return ErrCallNotReady
		}
		if err := award.ValidateCriteria(criteriaOf(d)); err != nil {
			return err
		}
		rounds := make([]award.Round, len(d.Rounds))
		for i, r := range d.Rounds {
			rounds[i] = r.Round
		}
		if err := award.ValidateRounds(rounds); err != nil {
			return err
		}
		if err := tx.SetEditionMark(d.Edition.ID, store.MarkCallPublished, awardNow(ctx)); err != nil {
			return err
		}
		weights := map[string]any{}
		for _, c := range d.Criteria {
			weights[c.Code] = []float64{c.Weight, c.Min, c.Max}
		}
		return tx.Audit(actor.event("award.call.publish", "award_edition", d.Edition.ID, d.Edition.OrganiserID,
			map[string]any{"edition": code, "criteria": weights, "rounds": len(d.Rounds)}))
	})
}

// setupTx loads an edition for a set-up change: the actor must be its
// secretariat and the edition's phase allow the change.
func setupTx(tx *store.Tx, actor Actor, code string, act award.Action) (*award.Data, error) {
	return secretariatTx(tx, actor, code, act)
}

// setupEvent records a set-up change of an edition.
func setupEvent(tx *store.Tx, actor Actor, d *award.Data, action string, detail map[string]any) error {
	detail["edition"] = d.Edition.Code
	return tx.Audit(actor.event(action, "award_edition", d.Edition.ID, d.Edition.OrganiserID, detail))
}

// checkCode validates a set-up item's code: well formed and not used by
// another item (taken reports whether a code is in use by anyone but the
// item being changed).
func checkCode(v *km.ValidationError, code string, taken func(string) bool) {
	switch {
	case !awardCodeRE.MatchString(code):
		v.Add("code", "award.import.invalid_code")
	case taken(code):
		v.Add("code", "code_taken")
	}
}

func checkName(v *km.ValidationError, name string) {
	switch {
	case name == "":
		v.Add("name", "required")
	case len(name) > maxAwardName:
		v.Add("name", "too_long")
	}
}

// ---------------------------------------------------------------- categories

// CategoryInput is a category as the secretariat fills it in.
type CategoryInput struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// SaveCategory adds a category (orig "") or changes the one with code orig
// (secretariat). Once the entries are frozen only its name may change:
// the category's code is part of every entry's snapshot.
func (a *App) SaveCategory(ctx context.Context, actor Actor, code, orig string, in CategoryInput) (award.Category, error) {
	var out award.Category
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		d, err := setupTx(tx, actor, code, award.ActEditCategories)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(d.Categories, func(c award.Category) bool { return c.Code == orig })
		if orig != "" && i < 0 {
			return km.ErrNotFound
		}
		c := award.Category{Code: strings.TrimSpace(in.Code), Name: strings.TrimSpace(in.Name)}
		var v km.ValidationError
		checkCode(&v, c.Code, func(x string) bool {
			return slices.ContainsFunc(d.Categories, func(o award.Category) bool { return o.Code == x && o.Code != orig })
		})
		checkName(&v, c.Name)
		if err := v.Err(); err != nil {
			return err
		}
		if !d.Edition.FrozenAt.IsZero() && (orig == "" || c.Code != orig) {
			return ErrFrozen
		}
		if i < 0 {
			err = tx.CreateCategory(d.Edition.ID, &c)
		} else {
			c.ID = d.Categories[i].ID
			err = tx.UpdateCategory(c)
		}
		if err != nil {
			return err
		}
		out = c
		return setupEvent(tx, actor, d, "award.category.save", map[string]any{"category": c.Code, "was": orig, "name": c.Name})
	})
	return out, err
}

// DeleteCategory removes a category no entry belongs to (secretariat).
func (a *App) DeleteCategory(ctx context.Context, actor Actor, code, cat string) error {
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		d, err := setupTx(tx, actor, code, award.ActEditCategories)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(d.Categories, func(c award.Category) bool { return c.Code == cat })
		if i < 0 {
			return km.ErrNotFound
		}
		if slices.ContainsFunc(d.Entries, func(e award.Entry) bool { return e.CategoryID == d.Categories[i].ID }) {
			return ErrCategoryInUse
		}
		if err := tx.DeleteCategory(d.Categories[i].ID); err != nil {
			return err
		}
		return setupEvent(tx, actor, d, "award.category.delete", map[string]any{"category": cat})
	})
}

// ---------------------------------------------------------------- criteria

// CriterionInput is a rubric line as the secretariat fills it in. Anchors
// describe score levels, keyed by the level ("1", "3", "5"), each within
// the scale.
type CriterionInput struct {
	Code        string            `json:"code"`
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	Anchors     map[string]string `json:"anchors,omitempty"`
	Weight      float64           `json:"weight"`
	Min         float64           `json:"min"`
	Max         float64           `json:"max"`
}

func (in CriterionInput) def(v *km.ValidationError) award.CriterionDef {
	c := award.CriterionDef{Criterion: award.Criterion{Code: strings.TrimSpace(in.Code), Weight: in.Weight, Min: in.Min, Max: in.Max},
		Name: strings.TrimSpace(in.Name), Description: strings.TrimSpace(in.Description), Anchors: map[string]string{}}
	checkName(v, c.Name)
	if len(c.Description) > maxAwardText {
		v.Add("description", "too_long")
	}
	if !(c.Weight > 0) || c.Weight > maxAwardNumber {
		v.Add("weight", award.KeyCriterionWeight)
	}
	scaleOK := finite(c.Min) && finite(c.Max) && c.Min < c.Max && math.Abs(c.Min) <= maxAwardNumber && math.Abs(c.Max) <= maxAwardNumber
	if !scaleOK {
		v.Add("max", award.KeyCriterionScale)
	}
	if len(in.Anchors) > maxAnchors {
		v.Add("anchors", "too_many")
	}
	for level, text := range in.Anchors {
		level, text = strings.TrimSpace(level), strings.TrimSpace(text)
		x, err := strconv.ParseFloat(level, 64)
		switch {
		case err != nil || !finite(x) || (scaleOK && (x < c.Min || x > c.Max)):
			v.Add("anchors", "award.setup.anchor_level")
		case text == "":
			v.Add("anchors", "award.setup.anchor_text")
		case len(text) > maxAnchorText:
			v.Add("anchors", "too_long")
		}
		c.Anchors[level] = text
	}
	return c
}

// SaveCriterion adds a criterion (orig "") or changes the one with code
// orig (secretariat). After the call is published, adding one or changing
// a code, weight or scale is ErrCallPublished and nothing is written.
func (a *App) SaveCriterion(ctx context.Context, actor Actor, code, orig string, in CriterionInput) (award.CriterionDef, error) {
	var out award.CriterionDef
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		d, err := setupTx(tx, actor, code, award.ActEditCriteria)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(d.Criteria, func(c award.CriterionDef) bool { return c.Code == orig })
		if orig != "" && i < 0 {
			return km.ErrNotFound
		}
		var v km.ValidationError
		c := in.def(&v)
		checkCode(&v, c.Code, func(x string) bool {
			return slices.ContainsFunc(d.Criteria, func(o award.CriterionDef) bool { return o.Code == x && o.Code != orig })
		})
		if err := v.Err(); err != nil {
			return err
		}
		if !d.Edition.CallPublishedAt.IsZero() && (i < 0 || c.Criterion != d.Criteria[i].Criterion) {
			return ErrCallPublished
		}
		if i < 0 {
			err = tx.CreateCriterion(d.Edition.ID, len(d.Criteria), &c)
		} else {
			c.ID = d.Criteria[i].ID
			err = tx.UpdateCriterion(c)
		}
		if err != nil {
			return err
		}
		out = c
		return setupEvent(tx, actor, d, "award.criterion.save", map[string]any{"criterion": c.Code, "was": orig, "name": c.Name,
			"weight": c.Weight, "min": c.Min, "max": c.Max})
	})
	return out, err
}

// DeleteCriterion removes a criterion before the call is published
// (secretariat).
func (a *App) DeleteCriterion(ctx context.Context, actor Actor, code, crit string) error {
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		d, err := setupTx(tx, actor, code, award.ActEditCriteria)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(d.Criteria, func(c award.CriterionDef) bool { return c.Code == crit })
		if i < 0 {
			return km.ErrNotFound
		}
		if !d.Edition.CallPublishedAt.IsZero() {
			return ErrCallPublished
		}
		if err := tx.DeleteCriterion(d.Criteria[i].ID); err != nil {
			return err
		}
		return setupEvent(tx, actor, d, "award.criterion.delete", map[string]any{"criterion": crit})
	})
}

// ---------------------------------------------------------------- rounds

// RoundInput is a round as the secretariat fills it in.
type RoundInput struct {
	Code    string  `json:"code"`
	Name    string  `json:"name"`
	Kind    string  `json:"kind"`
	Order   int     `json:"order"`
	Advance int     `json:"advance"`
	Weight  float64 `json:"weight"`
}

// SaveRound adds a round (orig "") or changes the one with code orig
// (secretariat), until the results are published.
func (a *App) SaveRound(ctx context.Context, actor Actor, code, orig string, in RoundInput) (award.RoundDef, error) {
	var out award.RoundDef
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		d, err := setupTx(tx, actor, code, award.ActEditRounds)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(d.Rounds, func(r award.RoundDef) bool { return r.Code == orig })
		if orig != "" && i < 0 {
			return km.ErrNotFound
		}
		r := award.RoundDef{Round: award.Round{Code: strings.TrimSpace(in.Code), Kind: award.RoundKind(strings.TrimSpace(in.Kind)),
			Order: in.Order, Advance: in.Advance, Weight: in.Weight}, Name: strings.TrimSpace(in.Name)}
		var v km.ValidationError
		checkCode(&v, r.Code, func(x string) bool {
			return slices.ContainsFunc(d.Rounds, func(o award.RoundDef) bool { return o.Code == x && o.Code != orig })
		})
		checkName(&v, r.Name)
		if !slices.Contains(award.RoundKinds, r.Kind) {
			v.Add("kind", award.KeyRoundKind)
		}
		switch {
		case r.Order < 1 || r.Order > 100:
			v.Add("order", "award.setup.order_invalid")
		case slices.ContainsFunc(d.Rounds, func(o award.RoundDef) bool { return o.Order == r.Order && o.Code != orig }):
			v.Add("order", award.KeyRoundOrder)
		}
		if r.Advance < 0 || r.Advance > 100000 {
			v.Add("advance", award.KeyRoundAdvance)
		}
		if !(r.Weight >= 0) || r.Weight > maxAwardNumber {
			v.Add("weight", award.KeyRoundWeight)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if i < 0 {
			err = tx.CreateRound(d.Edition.ID, &r)
		} else {
			r.ID, r.ShortlistedAt = d.Rounds[i].ID, d.Rounds[i].ShortlistedAt
			err = tx.UpdateRound(r)
		}
		if err != nil {
			return err
		}
		out = r
		return setupEvent(tx, actor, d, "award.round.save", map[string]any{"round": r.Code, "was": orig, "kind": string(r.Kind),
			"order": r.Order, "advance": r.Advance, "weight": r.Weight})
	})
	return out, err
}

// DeleteRound removes a round that has no assignments, sheets or
// shortlist (secretariat).
func (a *App) DeleteRound(ctx context.Context, actor Actor, code, round string) error {
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		d, err := setupTx(tx, actor, code, award.ActEditRounds)
		if err != nil {
			return err
		}
		r, ok := findRound(d, round)
		if !ok {
			return km.ErrNotFound
		}
		used := !r.ShortlistedAt.IsZero() || slices.ContainsFunc(d.Assignments, func(x award.Assignment) bool { return x.RoundID == r.ID }) ||
			slices.ContainsFunc(d.Sheets, func(s award.Sheet) bool { return s.RoundID == r.ID })
		if used {
			return ErrRoundInUse
		}
		if err := tx.DeleteRound(r.ID); err != nil {
			return err
		}
		return setupEvent(tx, actor, d, "award.round.delete", map[string]any{"round": round})
	})
}

// ---------------------------------------------------------------- jury

// JurorInput puts a person on the jury: by e-mail, with a name for an
// account created for them, and the code of the organisation they belong
// to for conflicts of interest ("" for an external juror).
type JurorInput struct {
	Email string `json:"email"`
	Name  string `json:"name"`
	Org   string `json:"org"`
}

// SavedJuror is a juror as saved, with the invitation made for a person
// who had no account (nil otherwise): show its URL once.
type SavedJuror struct {
	award.Juror
	Invitation *Link
}

// SaveJuror adds a juror, or changes the organisation of one already on
// the jury (secretariat). A person without an account gets one without a
// password, at their organisation or else the organiser, and an
// invitation to set it (see ReissueInvitation for a new one). Moving a
// juror to an organisation that conflicts with an entry they are assigned
// to is ErrConflictOfInterest.
func (a *App) SaveJuror(ctx context.Context, actor Actor, code string, in JurorInput) (SavedJuror, error) {
	var out SavedJuror
	var invited km.User
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		d, err := setupTx(tx, actor, code, award.ActEditJury)
		if err != nil {
			return err
		}
		var v km.ValidationError
		email := km.NormalizeEmail(in.Email)
		probe := km.User{Email: email, Name: "x"}
		if err := probe.Validate(); err != nil {
			v.Add("email", "invalid_email")
		}
		var org km.Org
		if c := strings.TrimSpace(in.Org); c != "" {
			org, err = tx.OrgByCode(c)
			if errors.Is(err, km.ErrNotFound) {
				v.Add("org", "unknown_org")
			} else if err != nil {
				return err
			}
		}
		existing, onJury := findJuror(d, email)
		var u km.User
		if v.Fields["email"] == "" {
			u, err = tx.UserByEmail(email)
			if err == nil {
				// The person's agency, not what the form says: an
				// existing account cannot be made "external" by typing
				// another organisation or none.
				if org, err = accountOrg(tx, u, org); err != nil {
					return err
				}
			} else if errors.Is(err, km.ErrNotFound) && !onJury {
				// An external juror's account lives at the top of the
				// tree, which gives it no agency and so no conflicts.
				home := org
				if home.ID == 0 {
					if home, err = tx.OrgByCode(km.RootOrgCode); err != nil {
						return err
					}
				}
				u = km.User{Email: email, Name: strings.TrimSpace(in.Name), OrgID: home.ID}
				if err := u.Validate(); err != nil {
					var ve *km.ValidationError
					if errors.As(err, &ve) {
						for f, k := range ve.Fields {
							v.Add(f, k)
						}
					}
				}
			} else if err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		j := award.Juror{ID: existing.ID, UserID: existing.UserID, Email: email, Name: existing.Name, OrgID: org.ID, OrgCode: org.Code, OrgPath: org.Path}
		if onJury {
			for _, as := range d.Assignments {
				if as.JurorID == j.ID && conflicted(d, j, d.EntryByID(as.EntryID)) {
					return ErrConflictOfInterest
				}
			}
			if err := tx.SetJurorOrg(j.ID, org.ID); err != nil {
				return err
			}
			out.Juror = j
			return setupEvent(tx, actor, d, "award.juror.update", map[string]any{"juror": email, "org": org.Code})
		}
		if u.ID == 0 {
			if err := tx.CreateUser(&u, ""); err != nil {
				return err
			}
			if err := tx.Audit(actor.event("user.create", "user", u.ID, u.OrgID, map[string]any{"email": email, "source": "award jury"})); err != nil {
				return err
			}
			l, err := a.issueLink(tx, actor, u, store.LinkInvite, map[string]any{"edition": code})
			if err != nil {
				return err
			}
			out.Invitation, invited = &l, u
		}
		j.UserID, j.Name = u.ID, u.Name
		if err := tx.AddJuror(d.Edition.ID, &j); err != nil {
			return err
		}
		out.Juror = j
		return tx.Audit(actor.event("award.juror.add", "award_juror", j.ID, d.Edition.OrganiserID, map[string]any{"edition": code,
			"juror": email, "org": org.Code}))
	})
	if err != nil {
		return SavedJuror{}, err
	}
	if out.Invitation != nil {
		a.deliver(ctx, invited, *out.Invitation)
	}
	return out, nil
}

// accountOrg is the organisation a juror with account u belongs to: the
// account's own, unless it is the top of the tree (where accounts without
// an agency live), in which case the one the form names (form).
func accountOrg(tx *store.Tx, u km.User, form km.Org) (km.Org, error) {
	o, err := tx.OrgByID(u.OrgID)
	if err != nil {
		return km.Org{}, err
	}
	if o.ParentID == 0 {
		return form, nil
	}
	return o, nil
}

// RemoveJuror takes a juror without assignments or sheets off the jury
// (secretariat); their account stays.
func (a *App) RemoveJuror(ctx context.Context, actor Actor, code, email string) error {
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		d, err := setupTx(tx, actor, code, award.ActEditJury)
		if err != nil {
			return err
		}
		j, ok := findJuror(d, email)
		if !ok {
			return km.ErrNotFound
		}
		if slices.ContainsFunc(d.Assignments, func(x award.Assignment) bool { return x.JurorID == j.ID }) ||
			slices.ContainsFunc(d.Sheets, func(s award.Sheet) bool { return s.JurorID == j.ID }) {
			return ErrJurorInUse
		}
		if err := tx.RemoveJuror(j.ID); err != nil {
			return err
		}
		return setupEvent(tx, actor, d, "award.juror.remove", map[string]any{"juror": j.Email})
	})
}
