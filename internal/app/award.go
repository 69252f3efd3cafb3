package app

// KM Award use cases. The arithmetic is in package award; here are the
// rules around it: who may do what, conflicts of interest, the freeze at the
// submission deadline, secrecy until the announcement, and an audit event
// for every assignment, score, change, freeze and publication.
//
// Who is who:
//   - the secretariat of an edition holds the secretariat role (exactly that
//     role: an admin is not secretariat) over the edition's organiser; the
//     command line (System) acts as the secretariat;
//   - a juror is a user on the edition's jury (award_jurors), whatever their
//     roles; the juror's organisation for conflicts is the one recorded on
//     the jury, NULL for an external juror;
//   - an entrant is a contributor or coordinator over the entry's
//     organisation.
//
// Secrecy: until the results are published and the announcement time has
// come, only the secretariat sees scores, ranks, shortlists and anything
// derived from them. Jurors see their own sheets; entrants see their
// entries, the screening outcome and the snapshot hash. Audit events of
// scores carry a hash of the sheet, never its values, because admins (who
// are not the secretariat) read the audit log.

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"lumbung/internal/award"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// awardNow is the clock of the award rules: the wall clock, or the one
// store.WithClock put in ctx (so the rules and the stored stamps agree).
func awardNow(ctx context.Context) time.Time { return store.Now(ctx) }

func (a Actor) isSystem() bool { return a.User != nil && a.User.ID == 0 && a.User.IsAdmin() }

// IsSecretariat reports whether the actor runs the edition.
func (a Actor) IsSecretariat(ed *award.Edition) bool {
	if a.isSystem() {
		return true
	}
	if a.User == nil {
		return false
	}
	for _, g := range a.User.Grants {
		if g.Role == km.RoleSecretariat && km.Contains(g.OrgPath, ed.OrganiserPath) {
			return true
		}
	}
	return false
}

// mayKnow reports whether the actor may know the edition exists. Until
// its call is published an edition is its secretariat's draft: to anyone
// else it is not found, on every page, list and count.
func (a Actor) mayKnow(ed *award.Edition) bool {
	return !ed.CallPublishedAt.IsZero() || a.IsSecretariat(ed)
}

// awardData loads an edition for the actor to read; a draft is
// km.ErrNotFound for anyone but its secretariat (see mayKnow).
func (a *App) awardData(ctx context.Context, actor Actor, code string) (*award.Data, error) {
	d, err := a.Store.AwardData(ctx, code)
	if err != nil {
		return nil, err
	}
	if !actor.mayKnow(&d.Edition) {
		return nil, km.ErrNotFound
	}
	return d, nil
}

// editionFor is awardData for the edition's schedule alone.
func (a *App) editionFor(ctx context.Context, actor Actor, code string) (award.Edition, error) {
	ed, err := a.Store.EditionByCode(ctx, code)
	if err == nil && !actor.mayKnow(&ed) {
		err = km.ErrNotFound
	}
	return ed, err
}

// secretariatOnly refuses an action on ed to anyone but its secretariat:
// km.ErrNotFound for a draft they may not know of, km.ErrForbidden else.
func (a Actor) secretariatOnly(ed *award.Edition) error {
	switch {
	case a.IsSecretariat(ed):
		return nil
	case !a.mayKnow(ed):
		return km.ErrNotFound
	}
	return km.ErrForbidden
}

// jurorOf returns the actor's place on the jury, if any.
func (a Actor) jurorOf(d *award.Data) (award.Juror, bool) {
	if a.User == nil || a.User.ID == 0 {
		return award.Juror{}, false
	}
	for _, j := range d.Jurors {
		if j.UserID == a.User.ID {
			return j, true
		}
	}
	return award.Juror{}, false
}

// isEntrant reports whether the actor speaks for the entry's organisation.
func (a Actor) isEntrant(e *award.Entry) bool {
	return a.User != nil && a.User.ID != 0 && (a.User.Has(km.RoleContributor, e.OrgPath) || a.User.Has(km.RoleCoordinator, e.OrgPath))
}

// conflicted reports whether juror j may not judge entry e: automatically
// (the organisations the person belongs to or holds a role over, their
// parents and their units; see award.Juror.ConflictedWith) or by
// declaration.
func conflicted(d *award.Data, j award.Juror, e award.Entry) bool {
	if j.ConflictedWith(e.OrgPath) {
		return true
	}
	for _, c := range d.Conflicts {
		if c.JurorID == j.ID && c.EntryID == e.ID {
			return true
		}
	}
	return false
}

func findRound(d *award.Data, code string) (award.RoundDef, bool) {
	for _, r := range d.Rounds {
		if r.Code == code {
			return r, true
		}
	}
	return award.RoundDef{}, false
}

func findEntry(d *award.Data, code string) (award.Entry, bool) {
	for _, e := range d.Entries {
		if e.Code == code {
			return e, true
		}
	}
	return award.Entry{}, false
}

func findJuror(d *award.Data, email string) (award.Juror, bool) {
	email = km.NormalizeEmail(email)
	for _, j := range d.Jurors {
		if j.Email == email {
			return j, true
		}
	}
	return award.Juror{}, false
}

func assigned(d *award.Data, roundID, jurorID, entryID int64) bool {
	return slices.Contains(d.Assignments, award.Assignment{RoundID: roundID, JurorID: jurorID, EntryID: entryID})
}

func criteriaOf(d *award.Data) []award.Criterion {
	out := make([]award.Criterion, len(d.Criteria))
	for i, c := range d.Criteria {
		out[i] = c.Criterion
	}
	return out
}

// sheetKeyName names the server secret that keys sheetMAC.
const sheetKeyName = "award.sheet_hmac"

// sheetMAC commits the audit log to a sheet's content without revealing
// it: an HMAC-SHA-256 keyed with a server secret. A plain hash would not
// do: with scores on scales of a few steps, a reader of the log recovers
// every score by hashing every combination. The key never leaves the
// server, so only the server can tell which content an event names.
func sheetMAC(key []byte, s award.Sheet) string {
	// The pair is in the message too, so equal sheets of different
	// entries do not show as equal MACs.
	b, _ := json.Marshal([]any{s.RoundID, s.JurorID, s.EntryID, s.Values, s.Comment, s.PrivateNote, s.Status})
	m := hmac.New(sha256.New, key)
	m.Write(b)
	return hex.EncodeToString(m.Sum(nil))
}

// ---------------------------------------------------------------- import

// AwardImport is a whole edition in the JSON the secretariat migrates from
// spreadsheets with (lumbung award import).
type AwardImport struct {
	Organisations []ImportOrg       `json:"organisations"`
	Edition       ImportEdition     `json:"edition"`
	Categories    []ImportCategory  `json:"categories"`
	Criteria      []ImportCriterion `json:"criteria"`
	Rounds        []ImportRound     `json:"rounds"`
	Jurors        []ImportJuror     `json:"jurors"`
	Entries       []ImportEntry     `json:"entries"`
	Assignments   []ImportPair      `json:"assignments"`
	Scores        []ImportScore     `json:"scores"`
}

// ImportOrg is an organisation created when missing.
type ImportOrg struct {
	Code   string  `json:"code"`
	Name   string  `json:"name"`
	Kind   string  `json:"kind"`
	Parent *string `json:"parent"`
}

// ImportEdition is the edition itself. Times are RFC 3339, or a date and
// time without zone read in Jakarta time (WIB).
type ImportEdition struct {
	Code               string `json:"code"`
	Name               string `json:"name"`
	Year               int    `json:"year"`
	SubmissionDeadline string `json:"submission_deadline"`
	AnnouncementAt     string `json:"announcement_at"`
	// Winners is how many win, per category if there are categories;
	// optional (0: the final ranking names no winners).
	Winners int `json:"winners"`
}

// ImportCategory is a category of entries.
type ImportCategory struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// ImportCriterion is a rubric line.
type ImportCriterion struct {
	Code   string  `json:"code"`
	Name   string  `json:"name"`
	Weight float64 `json:"weight"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// ImportRound is a round.
type ImportRound struct {
	Code    string  `json:"code"`
	Name    string  `json:"name"`
	Kind    string  `json:"kind"`
	Order   int     `json:"order"`
	Advance int     `json:"advance"`
	Weight  float64 `json:"weight"`
}

// ImportJuror is a juror; Org is an organisation code, or null for an
// external juror.
type ImportJuror struct {
	Email string  `json:"email"`
	Name  string  `json:"name"`
	Org   *string `json:"org"`
}

// ImportEntry is an entry.
type ImportEntry struct {
	Code        string `json:"code"`
	Org         string `json:"org"`
	Category    string `json:"category"`
	Title       string `json:"title"`
	SubmittedAt string `json:"submitted_at"`
}

// ImportPair assigns a juror (by e-mail) to an entry in a round.
type ImportPair struct {
	Round string `json:"round"`
	Juror string `json:"juror"`
	Entry string `json:"entry"`
}

// ImportScore is a submitted sheet.
type ImportScore struct {
	Round    string             `json:"round"`
	Juror    string             `json:"juror"`
	Entry    string             `json:"entry"`
	Criteria map[string]float64 `json:"criteria"`
	Comment  string             `json:"comment"`
}

// AwardImportSummary counts what an import created.
type AwardImportSummary struct {
	Edition                                      string
	Organisations, Categories, Criteria, Rounds  int
	Jurors, Entries, Assignments, Scores, Frozen int
}

// AwardImportError lists every problem of an edition import; nothing was
// imported. It is a km.ErrForbidden when any problem is a conflict of
// interest (the rule an import may not bypass), ErrInvalidImport otherwise.
type AwardImportError struct {
	Problems []award.Problem
}

// Key of a conflict-of-interest problem.
const keyConflict = "award.conflict_of_interest"

func (e *AwardImportError) Error() string {
	return fmt.Sprintf("award import: %d problems, nothing imported", len(e.Problems))
}

// Unwrap classifies the error for the edges.
func (e *AwardImportError) Unwrap() error {
	for _, p := range e.Problems {
		if p.Key == keyConflict {
			return ErrConflictOfInterest
		}
	}
	return ErrInvalidImport
}

var awardCodeRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// parseAwardTime reads RFC 3339, or a local date-time or date in WIB.
func parseAwardTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", time.DateOnly} {
		if t, err := time.ParseInLocation(layout, s, wib); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("not a time: %q (want RFC 3339, e.g. 2025-08-31T23:59:59+07:00)", s)
}

// importOrg is an organisation known to an import: stored, or to be
// created, with a path (a stand-in for new ones) for conflict checks.
type importOrg struct {
	org    km.Org
	isNew  bool
	parent string
}

// ImportAward loads a whole edition. Everything is checked first, conflicts
// of interest included, against the database inside the same transaction;
// if anything is wrong nothing is written and the error is an
// *AwardImportError listing every problem. Scores are imported as submitted
// sheets (a score implies its assignment). When the submission deadline has
// passed, the entries are frozen at once.
func (a *App) ImportAward(ctx context.Context, actor Actor, in AwardImport) (AwardImportSummary, error) {
	sum := AwardImportSummary{Edition: in.Edition.Code}
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		var ps []award.Problem
		add := func(field, key, format string, args ...any) {
			ps = append(ps, award.Problem{Field: field, Key: key, Message: field + ": " + fmt.Sprintf(format, args...)})
		}
		root, err := tx.OrgByCode(km.RootOrgCode)
		if errors.Is(err, km.ErrNotFound) {
			root, err = rootOrg(ctx, a)
		}
		if err != nil {
			return err
		}
		if !actor.IsSecretariat(&award.Edition{OrganiserPath: root.Path}) {
			return km.ErrForbidden
		}
		// Organisations: stored ones, and new ones with stand-in paths.
		orgs := map[string]*importOrg{root.Code: {org: root}}
		lookup := func(code string) (*importOrg, error) {
			if o, ok := orgs[code]; ok {
				return o, nil
			}
			o, err := tx.OrgByCode(code)
			if errors.Is(err, km.ErrNotFound) {
				return nil, nil
			}
			if err != nil {
				return nil, err
			}
			orgs[code] = &importOrg{org: o}
			return orgs[code], nil
		}
		var newOrgs []*importOrg
		for i, o := range in.Organisations {
			f := fmt.Sprintf("organisations[%d]", i)
			known, err := lookup(o.Code)
			if err != nil {
				return err
			}
			if known != nil {
				if known.isNew {
					add(f+".code", "award.import.duplicate", "organisation %q is listed twice", o.Code)
				}
				continue // created when missing: an existing one is kept as it is
			}
			parent := root
			parentCode := root.Code
			if o.Parent != nil && *o.Parent != "" {
				p, err := lookup(*o.Parent)
				if err != nil {
					return err
				}
				if p == nil {
					add(f+".parent", "award.import.unknown_org", "parent organisation %q is not in the database nor earlier in the file", *o.Parent)
					continue
				}
				parent, parentCode = p.org, *o.Parent
			}
			org := km.Org{Code: o.Code, Name: o.Name, Kind: km.OrgKind(o.Kind)}
			if err := org.Validate(); err != nil {
				add(f, "award.import.invalid_org", "organisation %q: %v", o.Code, err)
				continue
			}
			org.Path = parent.Path + "new-" + o.Code + "/"
			io := &importOrg{org: org, isNew: true, parent: parentCode}
			orgs[o.Code] = io
			newOrgs = append(newOrgs, io)
		}
		// Edition.
		e := in.Edition
		ed := award.Edition{Code: e.Code, Name: strings.TrimSpace(e.Name), Year: e.Year, OrganiserID: root.ID, OrganiserPath: root.Path, Method: award.MethodZScore}
		if !awardCodeRE.MatchString(e.Code) {
			add("edition.code", "award.import.invalid_code", "edition code %q is not a valid code (letters, digits, - _ .)", e.Code)
		} else if _, err := tx.EditionByCode(e.Code); err == nil {
			add("edition.code", "award.import.edition_exists", "edition %q already exists", e.Code)
		} else if !errors.Is(err, km.ErrNotFound) {
			return err
		}
		if ed.Name == "" {
			add("edition.name", "required", "edition name is empty")
		}
		if e.Winners < 0 {
			add("edition.winners", "award.import.invalid_winners", "winners %d is negative", e.Winners)
		}
		ed.Winners = max(e.Winners, 0)
		if e.Year < 2000 || e.Year > 2200 {
			add("edition.year", "award.import.invalid_year", "year %d is not plausible", e.Year)
		}
		if ed.SubmissionDeadline, err = parseAwardTime(e.SubmissionDeadline); err != nil {
			add("edition.submission_deadline", "award.import.invalid_time", "%v", err)
		}
		if ed.AnnouncementAt, err = parseAwardTime(e.AnnouncementAt); err != nil {
			add("edition.announcement_at", "award.import.invalid_time", "%v", err)
		}
		if !ed.SubmissionDeadline.IsZero() && !ed.AnnouncementAt.IsZero() && !ed.AnnouncementAt.After(ed.SubmissionDeadline) {
			add("edition.announcement_at", "award.import.announcement_before_deadline", "announcement %s is not after the submission deadline %s",
				e.AnnouncementAt, e.SubmissionDeadline)
		}
		if !ed.AnnouncementAt.IsZero() {
			ed.ObjectionUntil = ed.AnnouncementAt.AddDate(0, 0, 7)
		}
		// Categories.
		cats := map[string]bool{}
		for i, c := range in.Categories {
			f := fmt.Sprintf("categories[%d]", i)
			switch {
			case !awardCodeRE.MatchString(c.Code):
				add(f+".code", "award.import.invalid_code", "category code %q is not a valid code", c.Code)
			case cats[c.Code]:
				add(f+".code", "award.import.duplicate", "category %q is listed twice", c.Code)
			}
			if strings.TrimSpace(c.Name) == "" {
				add(f+".name", "required", "category %q has no name", c.Code)
			}
			cats[c.Code] = true
		}
		// Criteria and rounds: the arithmetic's own checks.
		crit := make([]award.Criterion, len(in.Criteria))
		for i, c := range in.Criteria {
			crit[i] = award.Criterion{Code: c.Code, Weight: c.Weight, Min: c.Min, Max: c.Max}
			if strings.TrimSpace(c.Name) == "" {
				add(fmt.Sprintf("criteria[%d].name", i), "required", "criterion %q has no name", c.Code)
			}
		}
		critOK := true
		if err := award.ValidateCriteria(crit); err != nil {
			critOK = false
			ps = append(ps, prefixed(err)...)
		}
		rounds := make([]award.Round, len(in.Rounds))
		roundCodes := map[string]bool{}
		for i, r := range in.Rounds {
			rounds[i] = award.Round{Code: r.Code, Kind: award.RoundKind(r.Kind), Order: r.Order, Advance: r.Advance, Weight: r.Weight}
			roundCodes[r.Code] = true
		}
		if err := award.ValidateRounds(rounds); err != nil {
			ps = append(ps, prefixed(err)...)
		}
		// Jurors.
		type jur struct {
			path string
			i    int
		}
		jurors := map[string]jur{}
		for i, j := range in.Jurors {
			f := fmt.Sprintf("jurors[%d]", i)
			u := km.User{Email: j.Email, Name: j.Name}
			if err := u.Validate(); err != nil {
				add(f, "award.import.invalid_juror", "juror %q: %v", j.Email, err)
			}
			email := km.NormalizeEmail(j.Email)
			if _, dup := jurors[email]; dup {
				add(f+".email", "award.import.duplicate", "juror %q is listed twice", email)
			}
			path := ""
			if j.Org != nil && *j.Org != "" {
				o, err := lookup(*j.Org)
				if err != nil {
					return err
				}
				if o == nil {
					add(f+".org", "award.import.unknown_org", "juror %q: organisation %q is unknown", email, *j.Org)
				} else {
					path = o.org.Path
				}
			}
			jurors[email] = jur{path: path, i: i}
		}
		// Entries.
		type ent struct {
			path string
		}
		entries := map[string]ent{}
		for i, en := range in.Entries {
			f := fmt.Sprintf("entries[%d]", i)
			if !awardCodeRE.MatchString(en.Code) {
				add(f+".code", "award.import.invalid_code", "entry code %q is not a valid code", en.Code)
			} else if _, dup := entries[en.Code]; dup {
				add(f+".code", "award.import.duplicate", "entry %q is listed twice", en.Code)
			}
			path := ""
			if o, err := lookup(en.Org); err != nil {
				return err
			} else if o == nil {
				add(f+".org", "award.import.unknown_org", "entry %q: organisation %q is unknown", en.Code, en.Org)
			} else {
				path = o.org.Path
			}
			switch {
			case len(in.Categories) > 0 && !cats[en.Category]:
				add(f+".category", "award.import.unknown_category", "entry %q: category %q is not one of the edition's", en.Code, en.Category)
			case len(in.Categories) == 0 && en.Category != "":
				add(f+".category", "award.import.unknown_category", "entry %q: category %q given but the edition has no categories", en.Code, en.Category)
			}
			if strings.TrimSpace(en.Title) == "" {
				add(f+".title", "required", "entry %q has no title", en.Code)
			}
			if en.SubmittedAt != "" {
				t, err := parseAwardTime(en.SubmittedAt)
				if err != nil {
					add(f+".submitted_at", "award.import.invalid_time", "entry %q: %v", en.Code, err)
				} else if !ed.SubmissionDeadline.IsZero() && t.After(ed.SubmissionDeadline) {
					add(f+".submitted_at", "award.import.late", "entry %q was submitted after the deadline (%s)", en.Code, en.SubmittedAt)
				}
			}
			entries[en.Code] = ent{path: path}
		}
		// Assignments and scores: references and conflicts of interest.
		checkPair := func(f, round, juror, entry string) bool {
			ok := true
			if !roundCodes[round] {
				add(f+".round", "award.import.unknown_round", "round %q is not one of the edition's", round)
				ok = false
			}
			j, jok := jurors[km.NormalizeEmail(juror)]
			if !jok {
				add(f+".juror", "award.import.unknown_juror", "juror %q is not on the jury", juror)
				ok = false
			}
			en, eok := entries[entry]
			if !eok {
				add(f+".entry", "award.import.unknown_entry", "entry %q is not one of the edition's", entry)
				ok = false
			}
			if jok && eok && award.Conflicted(j.path, en.path) {
				add(f, keyConflict, "conflict of interest: juror %q may not judge entry %q (own organisation, its parent or one of its units)", juror, entry)
				ok = false
			}
			return ok
		}
		pairs := map[[3]string]bool{}
		for i, p := range in.Assignments {
			f := fmt.Sprintf("assignments[%d]", i)
			k := [3]string{p.Round, km.NormalizeEmail(p.Juror), p.Entry}
			if pairs[k] {
				add(f, "award.import.duplicate", "juror %q is assigned to entry %q in round %q twice", p.Juror, p.Entry, p.Round)
			}
			pairs[k] = true
			checkPair(f, p.Round, p.Juror, p.Entry)
		}
		scored := map[[3]string]bool{}
		for i, s := range in.Scores {
			f := fmt.Sprintf("scores[%d]", i)
			k := [3]string{s.Round, km.NormalizeEmail(s.Juror), s.Entry}
			if scored[k] {
				add(f, "award.import.duplicate", "juror %q scored entry %q in round %q twice", s.Juror, s.Entry, s.Round)
			}
			scored[k] = true
			checkPair(f, s.Round, s.Juror, s.Entry)
			if critOK {
				if _, err := award.Total(crit, s.Criteria); err != nil {
					var ie *award.InputError
					if errors.As(err, &ie) {
						for _, p := range ie.Problems {
							add(f+"."+strings.Replace(p.Field, "values.", "criteria.", 1), p.Key, "juror %q, entry %q: %s", s.Juror, s.Entry, p.Message)
						}
					}
				}
			}
		}
		if len(ps) > 0 {
			return &AwardImportError{Problems: ps}
		}

		// Everything checked: write.
		now := awardNow(ctx)
		for _, o := range newOrgs {
			p := orgs[o.parent]
			org := o.org
			org.ParentID = p.org.ID
			if err := tx.CreateOrg(&org); err != nil {
				return err
			}
			o.org, o.isNew = org, false
			if err := tx.Audit(actor.event("org.create", "org", org.ID, org.ID, map[string]any{"code": org.Code, "name": org.Name, "parent": o.parent, "source": "award import"})); err != nil {
				return err
			}
			sum.Organisations++
		}
		ed.CallPublishedAt = now // weights are locked: the scores exist
		if err := tx.CreateEdition(&ed); err != nil {
			return err
		}
		if err := tx.Audit(actor.event("award.edition.import", "award_edition", ed.ID, root.ID, map[string]any{"code": ed.Code,
			"entries": len(in.Entries), "jurors": len(in.Jurors), "scores": len(in.Scores)})); err != nil {
			return err
		}
		catIDs := map[string]int64{}
		for _, c := range in.Categories {
			cat := award.Category{Code: c.Code, Name: c.Name}
			if err := tx.CreateCategory(ed.ID, &cat); err != nil {
				return err
			}
			catIDs[c.Code] = cat.ID
			sum.Categories++
		}
		for i, c := range in.Criteria {
			def := award.CriterionDef{Criterion: crit[i], Name: c.Name}
			if err := tx.CreateCriterion(ed.ID, i, &def); err != nil {
				return err
			}
			sum.Criteria++
		}
		roundIDs := map[string]int64{}
		for i, r := range in.Rounds {
			def := award.RoundDef{Round: rounds[i], Name: r.Name}
			if def.Name == "" {
				def.Name = r.Code
			}
			if err := tx.CreateRound(ed.ID, &def); err != nil {
				return err
			}
			roundIDs[r.Code] = def.ID
			sum.Rounds++
		}
		jurorIDs := map[string]int64{}
		for _, j := range in.Jurors {
			email := km.NormalizeEmail(j.Email)
			u, err := tx.UserByEmail(email)
			if errors.Is(err, km.ErrNotFound) {
				// An account without a password: the juror signs in once
				// an admin sets one (or through single sign-on). External
				// jurors' accounts sit at the root, which grants nothing.
				home := root
				if j.Org != nil && *j.Org != "" {
					home = orgs[*j.Org].org
				}
				u = km.User{Email: email, Name: j.Name, OrgID: home.ID}
				if err := tx.CreateUser(&u, ""); err != nil {
					return err
				}
				if err := tx.Audit(actor.event("user.create", "user", u.ID, home.ID, map[string]any{"email": email, "source": "award import"})); err != nil {
					return err
				}
			} else if err != nil {
				return err
			}
			jr := award.Juror{UserID: u.ID, Email: email}
			if j.Org != nil && *j.Org != "" {
				jr.OrgID = orgs[*j.Org].org.ID
			}
			if err := tx.AddJuror(ed.ID, &jr); err != nil {
				return err
			}
			jurorIDs[email] = jr.ID
			org := ""
			if j.Org != nil {
				org = *j.Org
			}
			if err := tx.Audit(actor.event("award.juror.add", "award_juror", jr.ID, root.ID, map[string]any{"edition": ed.Code, "juror": email, "org": org})); err != nil {
				return err
			}
			sum.Jurors++
		}
		entryIDs := map[string]int64{}
		var created []award.Entry
		for _, en := range in.Entries {
			o := orgs[en.Org].org
			x := award.Entry{EditionID: ed.ID, Code: en.Code, OrgID: o.ID, OrgCode: o.Code, OrgPath: o.Path,
				CategoryID: catIDs[en.Category], CategoryCode: en.Category, Title: strings.TrimSpace(en.Title)}
			if en.SubmittedAt != "" {
				x.SubmittedAt, _ = parseAwardTime(en.SubmittedAt)
			}
			if err := tx.CreateEntry(&x); err != nil {
				return err
			}
			entryIDs[en.Code] = x.ID
			created = append(created, x)
			if err := tx.Audit(actor.event("award.entry.create", "award_entry", x.ID, o.ID, map[string]any{"edition": ed.Code, "entry": x.Code, "source": "award import"})); err != nil {
				return err
			}
			sum.Entries++
		}
		assign := func(round, juror, entry string) error {
			as := award.Assignment{RoundID: roundIDs[round], JurorID: jurorIDs[km.NormalizeEmail(juror)], EntryID: entryIDs[entry]}
			if err := tx.Assign(as); err != nil {
				return err
			}
			sum.Assignments++
			return tx.Audit(actor.event("award.assign", "award_entry", as.EntryID, root.ID, map[string]any{"edition": ed.Code,
				"round": round, "juror": km.NormalizeEmail(juror), "entry": entry}))
		}
		for _, p := range in.Assignments {
			if err := assign(p.Round, p.Juror, p.Entry); err != nil {
				return err
			}
		}
		key, err := tx.Secret(sheetKeyName)
		if err != nil {
			return err
		}
		for _, s := range in.Scores {
			if !pairs[[3]string{s.Round, km.NormalizeEmail(s.Juror), s.Entry}] {
				if err := assign(s.Round, s.Juror, s.Entry); err != nil {
					return err
				}
			}
			sh := award.Sheet{RoundID: roundIDs[s.Round], JurorID: jurorIDs[km.NormalizeEmail(s.Juror)], EntryID: entryIDs[s.Entry],
				Values: s.Criteria, Comment: s.Comment, Status: award.SheetSubmitted}
			if err := tx.PutSheet(&sh); err != nil {
				return err
			}
			if err := tx.Audit(actor.event("award.score.submit", "award_entry", sh.EntryID, root.ID, map[string]any{"edition": ed.Code,
				"round": s.Round, "juror": km.NormalizeEmail(s.Juror), "entry": s.Entry, "sheet_hmac": sheetMAC(key, sh), "source": "award import"})); err != nil {
				return err
			}
			sum.Scores++
		}
		if ed.SubmissionsClosed(now) {
			n, err := freezeEntries(tx, actor, &ed, created, now)
			if err != nil {
				return err
			}
			sum.Frozen = n
		}
		return nil
	})
	return sum, err
}

func rootOrg(ctx context.Context, a *App) (km.Org, error) {
	orgs, err := a.Store.Orgs(ctx)
	if err != nil {
		return km.Org{}, err
	}
	if len(orgs) == 0 {
		return km.Org{}, km.ErrNotFound
	}
	return orgs[0], nil // the tree's top: ordered by path
}

// prefixed turns an award.InputError's problems into import problems.
func prefixed(err error) []award.Problem {
	var ie *award.InputError
	if !errors.As(err, &ie) {
		return []award.Problem{{Field: "", Key: "invalid", Message: err.Error()}}
	}
	return slices.Clone(ie.Problems)
}

// freezeEntries snapshots entries not yet frozen and marks the edition
// frozen. Each snapshot holds the linked practices' content as it is now,
// so the jurors read what was submitted; its bytes are stored with their
// hash. The entries are updated in place.
func freezeEntries(tx *store.Tx, actor Actor, ed *award.Edition, entries []award.Entry, at time.Time) (int, error) {
	n := 0
	for i := range entries {
		e := &entries[i]
		if !e.FrozenAt.IsZero() {
			continue
		}
		content, err := practiceContent(tx, e.Practices)
		if err != nil {
			return n, err
		}
		e.PracticeContent = content
		b, hash := e.Snapshot(ed.Code)
		if err := tx.FreezeEntry(e.ID, b, hash, at); err != nil {
			return n, err
		}
		e.SnapshotHash, e.FrozenAt = hash, at
		if err := tx.Audit(actor.event("award.entry.freeze", "award_entry", e.ID, e.OrgID, map[string]any{"edition": ed.Code, "entry": e.Code, "sha256": hash})); err != nil {
			return n, err
		}
		n++
	}
	if ed.FrozenAt.IsZero() {
		if err := tx.SetEditionMark(ed.ID, store.MarkFrozen, at); err != nil {
			return n, err
		}
		ed.FrozenAt = at
		if err := tx.Audit(actor.event("award.edition.freeze", "award_edition", ed.ID, ed.OrganiserID, map[string]any{"edition": ed.Code, "entries": n})); err != nil {
			return n, err
		}
	}
	return n, nil
}

// practiceContent reads the linked practices for a snapshot. A practice
// gone since it was linked is left out; its id stays in the entry's list.
func practiceContent(tx *store.Tx, ids []int64) ([]award.FrozenPractice, error) {
	var out []award.FrozenPractice
	for _, id := range ids {
		p, err := tx.Practice(id)
		if errors.Is(err, km.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, award.FrozenPractice{ID: p.ID, Version: p.Version, Org: p.OrgCode, Kind: string(p.Kind), Access: string(p.Access),
			Title: p.Title, Summary: p.Summary, Problem: p.Problem, Actions: p.Actions, Results: p.Results, Lessons: p.Lessons,
			Replication: p.Replication, Body: p.Body, Year: p.Year, Tags: p.Tags})
	}
	return out, nil
}

// ensureFrozen freezes the edition's entries when the deadline has passed
// and nobody has done it yet: any write after the deadline goes through it,
// so the snapshot is taken before anything else can happen to the entries.
func ensureFrozen(tx *store.Tx, actor Actor, d *award.Data, now time.Time) error {
	if !d.Edition.SubmissionsClosed(now) || !d.Edition.FrozenAt.IsZero() {
		return nil
	}
	_, err := freezeEntries(tx, System, &d.Edition, d.Entries, now)
	return err
}

// FreezeEdition snapshots every entry of an edition whose submission
// deadline has passed (secretariat). It is also done automatically by the
// first write after the deadline.
func (a *App) FreezeEdition(ctx context.Context, actor Actor, code string) (int, error) {
	n := 0
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		d, err := tx.AwardData(code)
		if err != nil {
			return err
		}
		if err := actor.secretariatOnly(&d.Edition); err != nil {
			return err
		}
		now := awardNow(ctx)
		if err := allow(&d.Edition, award.ActFreeze, now); err != nil {
			return err
		}
		n, err = freezeEntries(tx, actor, &d.Edition, d.Entries, now)
		return err
	})
	return n, err
}

// ---------------------------------------------------------------- results

// ResultLine is one entry of a round's or the final ranking.
type ResultLine struct {
	Entry    string  `json:"entry"`
	Rank     int     `json:"rank"`
	Score    float64 `json:"score"`
	RawMean  float64 `json:"raw_mean"`
	Jurors   int     `json:"jurors"`
	Title    string  `json:"-"`
	Org      string  `json:"-"`
	Category string  `json:"category,omitempty"`
	// Final ranking only.
	Finalist  *bool  `json:"finalist,omitempty"`
	LastRound string `json:"last_round,omitempty"`
	// CategoryRank is the entry's place within its category (editions
	// with categories); Winner marks the winners of its category, or of
	// the edition without categories.
	CategoryRank int  `json:"category_rank,omitempty"`
	Winner       bool `json:"winner,omitempty"`
	// Normalised and raw scores side by side on the results page.
	Component int `json:"-"`
}

// Results is a ranking as the CLI prints it and the pages show it.
type Results struct {
	Edition string       `json:"edition"`
	Round   *string      `json:"round"` // null for the final ranking
	Method  award.Method `json:"method"`
	Entries []ResultLine `json:"entries"`
	// Jurors describes each juror's scoring in the round (not for final).
	Jurors []award.JurorStats `json:"-"`
	// Winners are the entry codes that win, best first, per category (""
	// without categories); final ranking only, when the edition names how
	// many win.
	Winners map[string][]string `json:"winners,omitempty"`
}

// canSeeResults: the secretariat always, everyone else once published and
// announced.
func canSeeResults(actor Actor, ed *award.Edition, now time.Time) bool {
	return actor.IsSecretariat(ed) || ed.ResultsVisible(now)
}

// roundScores returns the submitted sheets of a round as award scores.
func roundScores(d *award.Data, roundID int64) []award.Score {
	jurors := map[int64]string{}
	for _, j := range d.Jurors {
		jurors[j.ID] = j.Code()
	}
	entries := map[int64]string{}
	for _, e := range d.Entries {
		entries[e.ID] = e.Code
	}
	var out []award.Score
	for _, s := range d.Sheets {
		if s.RoundID == roundID && s.Status == award.SheetSubmitted {
			out = append(out, award.Score{Juror: jurors[s.JurorID], Entry: entries[s.EntryID], Values: s.Values})
		}
	}
	return out
}

// AwardResults ranks a round (roundCode set) or the edition (final) by
// method ("" is the edition's method). Before the announcement only the
// secretariat may; anyone else gets km.ErrNotFound, as if there were none.
func (a *App) AwardResults(ctx context.Context, actor Actor, code, roundCode string, method award.Method) (Results, error) {
	d, err := a.awardData(ctx, actor, code)
	if err != nil {
		return Results{}, err
	}
	if !canSeeResults(actor, &d.Edition, awardNow(ctx)) {
		return Results{}, km.ErrNotFound
	}
	return computeResults(d, roundCode, method)
}

func computeResults(d *award.Data, roundCode string, method award.Method) (Results, error) {
	if method == "" {
		method = d.Edition.Method
	}
	m, err := award.ParseMethod(string(method))
	if err != nil {
		return Results{}, err
	}
	res := Results{Edition: d.Edition.Code, Method: m, Entries: []ResultLine{}}
	byCode := map[string]award.Entry{}
	category := map[string]string{}
	for _, e := range d.Entries {
		byCode[e.Code] = e
		category[e.Code] = e.CategoryCode
	}
	line := func(l ResultLine) ResultLine {
		e := byCode[l.Entry]
		l.Title, l.Org, l.Category = e.Title, e.OrgCode, e.CategoryCode
		return l
	}
	crit := criteriaOf(d)
	if roundCode != "" {
		r, ok := findRound(d, roundCode)
		if !ok {
			return Results{}, &km.ValidationError{Fields: map[string]string{"round": "award.results.unknown_round"}}
		}
		res.Round = &r.Code
		scores := roundScores(d, r.ID)
		rs, err := award.AggregateRound(crit, scores, m)
		if err != nil {
			return Results{}, err
		}
		for _, x := range rs {
			res.Entries = append(res.Entries, line(ResultLine{Entry: x.Entry, Rank: x.Rank, Score: x.Score, RawMean: x.RawMean, Jurors: x.Jurors, Component: x.Component}))
		}
		if len(scores) > 0 {
			res.Jurors, _ = award.JurorStatistics(crit, scores)
		}
		return res, nil
	}
	rounds := make([]award.Round, len(d.Rounds))
	results := map[string][]award.RoundResult{}
	for i, r := range d.Rounds {
		rounds[i] = r.Round
		rs, err := award.AggregateRound(crit, roundScores(d, r.ID), m)
		if err != nil {
			return Results{}, err
		}
		if len(rs) > 0 {
			results[r.Code] = rs
		}
	}
	final, err := award.FinalRanking(rounds, results)
	if err != nil {
		return Results{}, err
	}
	for _, f := range final {
		var rr award.RoundResult
		for _, x := range results[f.Round] {
			if x.Entry == f.Entry {
				rr = x
			}
		}
		fin := f.Finalist
		res.Entries = append(res.Entries, line(ResultLine{Entry: f.Entry, Rank: f.Rank, Score: f.Score, RawMean: rr.RawMean, Jurors: rr.Jurors,
			Finalist: &fin, LastRound: f.Round}))
	}
	if d.Edition.Winners > 0 {
		res.Winners = map[string][]string{}
		won := map[string]bool{}
		for c, ws := range award.WinnersByCategory(final, category, d.Edition.Winners) {
			for _, w := range ws {
				res.Winners[c] = append(res.Winners[c], w.Entry)
				won[w.Entry] = true
			}
		}
		for i := range res.Entries {
			res.Entries[i].Winner = won[res.Entries[i].Entry]
		}
	}
	if len(d.Categories) > 0 {
		places := map[string]int{}
		for i := range res.Entries { // in rank order
			places[res.Entries[i].Category]++
			res.Entries[i].CategoryRank = places[res.Entries[i].Category]
		}
	}
	return res, nil
}

// finite guards JSON output: NaN and infinities do not encode.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// ---------------------------------------------------------------- jury

// loadForWrite loads an edition inside a write and freezes it if its
// deadline has passed, so every later rule sees frozen entries.
func loadForWrite(tx *store.Tx, actor Actor, code string, now time.Time) (*award.Data, error) {
	d, err := tx.AwardData(code)
	if err != nil {
		return nil, err
	}
	if !actor.mayKnow(&d.Edition) {
		return nil, km.ErrNotFound
	}
	if err := ensureFrozen(tx, actor, d, now); err != nil {
		return nil, err
	}
	return d, nil
}

// secretariatTx loads an edition for a write and checks that the actor
// runs it and that the edition's phase allows the action.
func secretariatTx(tx *store.Tx, actor Actor, code string, act award.Action) (*award.Data, error) {
	now := tx.Now()
	d, err := loadForWrite(tx, actor, code, now)
	if err != nil {
		return nil, err
	}
	if !actor.IsSecretariat(&d.Edition) {
		return nil, km.ErrForbidden
	}
	if err := allow(&d.Edition, act, now); err != nil {
		return nil, err
	}
	return d, nil
}

// Assign puts a juror on an entry in a round (secretariat). A conflict of
// interest is refused with ErrConflictOfInterest and nothing is stored.
func (a *App) Assign(ctx context.Context, actor Actor, code, roundCode, jurorEmail, entryCode string) error {
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		d, err := secretariatTx(tx, actor, code, award.ActAssign)
		if err != nil {
			return err
		}
		r, j, e, err := resolveTriple(d, roundCode, jurorEmail, entryCode)
		if err != nil {
			return err
		}
		if conflicted(d, j, e) {
			return ErrConflictOfInterest
		}
		if err := tx.Assign(award.Assignment{RoundID: r.ID, JurorID: j.ID, EntryID: e.ID}); err != nil {
			return err
		}
		return tx.Audit(actor.event("award.assign", "award_entry", e.ID, d.Edition.OrganiserID, map[string]any{"edition": code,
			"round": r.Code, "juror": j.Email, "entry": e.Code}))
	})
}

func resolveTriple(d *award.Data, roundCode, jurorEmail, entryCode string) (award.RoundDef, award.Juror, award.Entry, error) {
	var v km.ValidationError
	r, ok := findRound(d, roundCode)
	if !ok {
		v.Add("round", "award.unknown_round")
	}
	j, ok := findJuror(d, jurorEmail)
	if !ok {
		v.Add("juror", "award.unknown_juror")
	}
	e, ok := findEntry(d, entryCode)
	if !ok {
		v.Add("entry", "award.unknown_entry")
	}
	return r, j, e, v.Err()
}

// AutoAssign gives every entry of a round n jurors, balancing load and
// respecting conflicts (secretariat). The entries of the first round are all
// entries that did not fail screening; those of a later round are the
// previous round's confirmed shortlist. It returns the new assignments.
func (a *App) AutoAssign(ctx context.Context, actor Actor, code, roundCode string, n int) ([]award.Pair, error) {
	var out []award.Pair
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		d, err := secretariatTx(tx, actor, code, award.ActAssign)
		if err != nil {
			return err
		}
		r, ok := findRound(d, roundCode)
		if !ok {
			return &km.ValidationError{Fields: map[string]string{"round": "award.unknown_round"}}
		}
		entries, err := roundEntries(d, r)
		if err != nil {
			return err
		}
		byEntry := map[string]award.Entry{}
		var codes []string
		for _, e := range entries {
			byEntry[e.Code] = e
			codes = append(codes, e.Code)
		}
		byJuror := map[string]award.Juror{}
		var jurors []string
		for _, j := range d.Jurors {
			byJuror[j.Email] = j
			jurors = append(jurors, j.Email)
		}
		var existing []award.Pair
		for _, as := range d.Assignments {
			if as.RoundID == r.ID {
				existing = append(existing, award.Pair{Juror: d.JurorByID(as.JurorID).Email, Entry: d.EntryByID(as.EntryID).Code})
			}
		}
		pairs, err := award.AutoAssign(codes, jurors, n, func(j, e string) bool { return conflicted(d, byJuror[j], byEntry[e]) }, existing)
		if err != nil {
			return err
		}
		for _, p := range pairs {
			as := award.Assignment{RoundID: r.ID, JurorID: byJuror[p.Juror].ID, EntryID: byEntry[p.Entry].ID}
			if err := tx.Assign(as); err != nil {
				return err
			}
			if err := tx.Audit(actor.event("award.assign", "award_entry", as.EntryID, d.Edition.OrganiserID, map[string]any{"edition": code,
				"round": r.Code, "juror": p.Juror, "entry": p.Entry, "auto": true})); err != nil {
				return err
			}
		}
		out = pairs
		return nil
	})
	return out, err
}

// roundEntries are the entries taking part in a round: for the first round
// every entry not failed in screening, for later ones the shortlist of the
// round before, which must be confirmed.
func roundEntries(d *award.Data, r award.RoundDef) ([]award.Entry, error) {
	i := slices.IndexFunc(d.Rounds, func(x award.RoundDef) bool { return x.ID == r.ID })
	if i == 0 {
		var out []award.Entry
		for _, e := range d.Entries {
			if e.Screening != award.ScreeningFail {
				out = append(out, e)
			}
		}
		return out, nil
	}
	prev := d.Rounds[i-1]
	if prev.ShortlistedAt.IsZero() {
		return nil, fmt.Errorf("%w: round %s", ErrShortlistMissing, prev.Code)
	}
	var out []award.Entry
	for _, id := range d.Shortlists[prev.ID] {
		out = append(out, d.EntryByID(id))
	}
	return out, nil
}

// DeclareConflict records that the acting juror may not judge an entry; it
// also removes an assignment (and any sheet) the juror had on it.
func (a *App) DeclareConflict(ctx context.Context, actor Actor, code, entryCode, reason string) error {
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		now := tx.Now()
		d, err := loadForWrite(tx, actor, code, now)
		if err != nil {
			return err
		}
		j, ok := actor.jurorOf(d)
		if !ok {
			return km.ErrForbidden
		}
		e, ok := findEntry(d, entryCode)
		if !ok {
			return km.ErrNotFound
		}
		// Declaring removes the juror's assignment and sheet: after the
		// results are published that would move them.
		if err := allow(&d.Edition, award.ActDeclare, now); err != nil {
			return err
		}
		if err := tx.DeclareConflict(award.DeclaredConflict{JurorID: j.ID, EntryID: e.ID, Reason: strings.TrimSpace(reason)}); err != nil {
			return err
		}
		for _, as := range d.Assignments {
			if as.JurorID == j.ID && as.EntryID == e.ID {
				if err := tx.Unassign(as); err != nil {
					return err
				}
			}
		}
		return tx.Audit(actor.event("award.conflict.declare", "award_entry", e.ID, d.Edition.OrganiserID, map[string]any{"edition": code,
			"juror": j.Email, "entry": e.Code}))
	})
}

// SheetInput is what a juror submits for an entry in a round.
type SheetInput struct {
	Values      map[string]float64
	Comment     string
	PrivateNote string
	Submit      bool // false saves a draft
}

// SaveSheet stores the acting juror's sheet for an entry. In order: a
// juror conflicted with the entry is refused (ErrConflictOfInterest, 403,
// whether assigned or not); one not assigned is refused (403); a submitted
// sheet may be changed only after the secretariat reopens it (409); after
// the results are published nothing changes (409). A draft may leave
// criteria out; a submitted sheet must score every criterion on its scale.
func (a *App) SaveSheet(ctx context.Context, actor Actor, code, roundCode, entryCode string, in SheetInput) error {
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		now := awardNow(ctx)
		d, err := loadForWrite(tx, actor, code, now)
		if err != nil {
			return err
		}
		j, ok := actor.jurorOf(d)
		if !ok {
			return km.ErrForbidden
		}
		r, rok := findRound(d, roundCode)
		e, eok := findEntry(d, entryCode)
		if !rok || !eok {
			return km.ErrNotFound
		}
		if conflicted(d, j, e) {
			return ErrConflictOfInterest
		}
		if !assigned(d, r.ID, j.ID, e.ID) {
			return km.ErrForbidden
		}
		if err := allow(&d.Edition, award.ActScore, now); err != nil {
			return err
		}
		for _, s := range d.Sheets {
			if s.RoundID == r.ID && s.JurorID == j.ID && s.EntryID == e.ID && s.Status == award.SheetSubmitted {
				return ErrSheetSubmitted
			}
		}
		crit := criteriaOf(d)
		if in.Submit {
			if _, err := award.Total(crit, in.Values); err != nil {
				return err
			}
		} else {
			var v km.ValidationError
			for k, x := range in.Values {
				i := slices.IndexFunc(crit, func(c award.Criterion) bool { return c.Code == k })
				if i < 0 {
					v.Add("values."+k, award.KeyScoreUnknown)
				} else if !finite(x) || x < crit[i].Min || x > crit[i].Max {
					v.Add("values."+k, award.KeyScoreOutOfRange)
				}
			}
			if err := v.Err(); err != nil {
				return err
			}
		}
		sh := award.Sheet{RoundID: r.ID, JurorID: j.ID, EntryID: e.ID, Values: in.Values, Comment: strings.TrimSpace(in.Comment),
			PrivateNote: strings.TrimSpace(in.PrivateNote), Status: award.SheetDraft}
		if sh.Values == nil {
			sh.Values = map[string]float64{}
		}
		action := "award.score.save"
		if in.Submit {
			sh.Status, action = award.SheetSubmitted, "award.score.submit"
		}
		if err := tx.PutSheet(&sh); err != nil {
			return err
		}
		key, err := tx.Secret(sheetKeyName)
		if err != nil {
			return err
		}
		return tx.Audit(actor.event(action, "award_entry", e.ID, d.Edition.OrganiserID, map[string]any{"edition": code,
			"round": r.Code, "juror": j.Email, "entry": e.Code, "sheet_hmac": sheetMAC(key, sh)}))
	})
}

// ReopenSheet turns a submitted sheet back into a draft (secretariat).
func (a *App) ReopenSheet(ctx context.Context, actor Actor, code, roundCode, jurorEmail, entryCode string) error {
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		d, err := secretariatTx(tx, actor, code, award.ActReopenSheet)
		if err != nil {
			return err
		}
		r, j, e, err := resolveTriple(d, roundCode, jurorEmail, entryCode)
		if err != nil {
			return err
		}
		for _, s := range d.Sheets {
			if s.RoundID == r.ID && s.JurorID == j.ID && s.EntryID == e.ID {
				s.Status = award.SheetDraft
				if err := tx.PutSheet(&s); err != nil {
					return err
				}
				return tx.Audit(actor.event("award.score.reopen", "award_entry", e.ID, d.Edition.OrganiserID, map[string]any{"edition": code,
					"round": r.Code, "juror": j.Email, "entry": e.Code}))
			}
		}
		return km.ErrNotFound
	})
}

// WorkItem is one entry on a juror's desk: the entry and the juror's own
// sheet, never anyone else's.
type WorkItem struct {
	Round award.RoundDef
	Entry award.Entry
	Sheet *award.Sheet // nil before the first save
}

// JurorWorkspace lists the acting juror's assignments in round then entry
// code order, each with the juror's own sheet.
func (a *App) JurorWorkspace(ctx context.Context, actor Actor, code string) (*award.Data, []WorkItem, error) {
	d, err := a.awardData(ctx, actor, code)
	if err != nil {
		return nil, nil, err
	}
	j, ok := actor.jurorOf(d)
	if !ok {
		return nil, nil, km.ErrForbidden
	}
	var out []WorkItem
	for _, r := range d.Rounds {
		for _, e := range d.Entries {
			if !assigned(d, r.ID, j.ID, e.ID) {
				continue
			}
			w := WorkItem{Round: r, Entry: e}
			for _, s := range d.Sheets {
				if s.RoundID == r.ID && s.JurorID == j.ID && s.EntryID == e.ID {
					s := s
					w.Sheet = &s
				}
			}
			out = append(out, w)
		}
	}
	return redact(d, actor, awardNow(ctx)), out, nil
}

// ---------------------------------------------------------------- entrants and publication

// EntrantEntry is what an entrant sees of its entry: before the results,
// the content, screening and snapshot hash; after, also its scores per
// criterion and the jurors' comments, jurors anonymous.
type EntrantEntry struct {
	Entry      award.Entry
	Rank       int               // 0 before publication
	Score      float64           // final score, after publication
	Sheets     []award.Sheet     // after publication: JurorID zeroed, no private notes
	Objections []award.Objection // the entry's own
	Rounds     map[int64]string  // round id -> code, to label sheets
}

// EntrantView lists the entries the actor speaks for.
func (a *App) EntrantView(ctx context.Context, actor Actor, code string) ([]EntrantEntry, error) {
	d, err := a.awardData(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	visible := d.Edition.ResultsVisible(awardNow(ctx))
	var final Results
	if visible {
		if final, err = computeResults(d, "", ""); err != nil {
			return nil, err
		}
	}
	rounds := map[int64]string{}
	for _, r := range d.Rounds {
		rounds[r.ID] = r.Code
	}
	var out []EntrantEntry
	for _, e := range d.Entries {
		if !actor.isEntrant(&e) {
			continue
		}
		x := EntrantEntry{Entry: e, Rounds: rounds}
		for _, o := range d.Objections {
			if o.EntryID == e.ID {
				x.Objections = append(x.Objections, o)
			}
		}
		if visible {
			for _, l := range final.Entries {
				if l.Entry == e.Code {
					x.Rank, x.Score = l.Rank, l.Score
				}
			}
			for _, s := range d.Sheets {
				if s.EntryID == e.ID && s.Status == award.SheetSubmitted {
					s.JurorID, s.PrivateNote = 0, ""
					x.Sheets = append(x.Sheets, s)
				}
			}
		}
		out = append(out, x)
	}
	return out, nil
}

// redact returns a copy of d with everything the actor may not see removed:
// for anyone but the secretariat before the results are visible, all sheets
// but the actor's own (as juror), shortlists and objections of others; and
// always other jurors' private notes.
func redact(d *award.Data, actor Actor, now time.Time) *award.Data {
	if actor.IsSecretariat(&d.Edition) {
		return d
	}
	c := *d
	j, isJuror := actor.jurorOf(d)
	visible := d.Edition.ResultsVisible(now)
	c.Sheets = nil
	for _, s := range d.Sheets {
		switch {
		case isJuror && s.JurorID == j.ID:
			c.Sheets = append(c.Sheets, s)
		case visible && s.Status == award.SheetSubmitted:
			s.JurorID, s.PrivateNote = 0, ""
			c.Sheets = append(c.Sheets, s)
		}
	}
	if !visible {
		c.Shortlists = map[int64][]int64{}
		c.Rounds = slices.Clone(d.Rounds)
		for i := range c.Rounds {
			c.Rounds[i].ShortlistedAt = time.Time{}
		}
	}
	c.Assignments = nil
	c.Conflicts = nil
	if isJuror {
		for _, as := range d.Assignments {
			if as.JurorID == j.ID {
				c.Assignments = append(c.Assignments, as)
			}
		}
	}
	c.Objections = nil
	for _, o := range d.Objections {
		e := d.EntryByID(o.EntryID)
		if actor.isEntrant(&e) {
			c.Objections = append(c.Objections, o)
		}
	}
	if !isJuror {
		c.Jurors = nil // who judges is the secretariat's business
	}
	return &c
}

// Edition returns what the actor may see of an edition (see redact).
func (a *App) Edition(ctx context.Context, actor Actor, code string) (*award.Data, error) {
	d, err := a.awardData(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	return redact(d, actor, awardNow(ctx)), nil
}

// Screen records an entry's screening outcome (secretariat); the entrant
// sees it with its reason.
func (a *App) Screen(ctx context.Context, actor Actor, code, entryCode, outcome, reason string) error {
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		d, err := secretariatTx(tx, actor, code, award.ActScreen)
		if err != nil {
			return err
		}
		e, ok := findEntry(d, entryCode)
		if !ok {
			return km.ErrNotFound
		}
		if outcome != award.ScreeningPass && outcome != award.ScreeningFail {
			return &km.ValidationError{Fields: map[string]string{"outcome": "invalid"}}
		}
		if outcome == award.ScreeningFail && strings.TrimSpace(reason) == "" {
			return &km.ValidationError{Fields: map[string]string{"reason": "required"}}
		}
		if err := tx.SetScreening(e.ID, outcome, strings.TrimSpace(reason)); err != nil {
			return err
		}
		return tx.Audit(actor.event("award.entry.screen", "award_entry", e.ID, e.OrgID, map[string]any{"edition": code, "entry": e.Code, "outcome": outcome}))
	})
}

// ConfirmShortlist records the top Advance entries of a round (by the
// edition's method) as going on (secretariat).
func (a *App) ConfirmShortlist(ctx context.Context, actor Actor, code, roundCode string) ([]string, error) {
	var out []string
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		d, err := secretariatTx(tx, actor, code, award.ActShortlist)
		if err != nil {
			return err
		}
		r, ok := findRound(d, roundCode)
		if !ok {
			return km.ErrNotFound
		}
		res, err := computeResults(d, r.Code, "")
		if err != nil {
			return err
		}
		var ids []int64
		for _, l := range res.Entries {
			if len(ids) == r.Advance {
				break
			}
			e, _ := findEntry(d, l.Entry)
			ids = append(ids, e.ID)
			out = append(out, e.Code)
		}
		if err := tx.SetShortlist(r.ID, ids); err != nil {
			return err
		}
		// In code order: the log says who advances, not in which order,
		// which would be the ranking before its announcement.
		listed := slices.Sorted(slices.Values(out))
		return tx.Audit(actor.event("award.shortlist.confirm", "award_edition", d.Edition.ID, d.Edition.OrganiserID, map[string]any{"edition": code,
			"round": r.Code, "entries": listed}))
	})
	return out, err
}

// PublishResults releases the provisional results (secretariat) when
// scoring is finished; see PublishResultsConfirmed.
func (a *App) PublishResults(ctx context.Context, actor Actor, code string) error {
	return a.PublishResultsConfirmed(ctx, actor, code, PublishConfirm{})
}

// PublishResultsConfirmed releases the provisional results (secretariat).
// Nobody else sees them before the announcement time even so. While an
// assigned sheet is missing or a draft it is refused with an
// *UnfinishedScoringError, unless c confirms exactly those sheets with a
// reason; the confirmation goes into the audit log. Drafts stay drafts:
// they never count.
func (a *App) PublishResultsConfirmed(ctx context.Context, actor Actor, code string, c PublishConfirm) error {
	var detail map[string]any
	return a.editionStep(ctx, actor, code, store.MarkPublished, "award.results.publish", award.ActPublish,
		func(d *award.Data, now time.Time) (map[string]any, error) {
			unfinished := scoringProgress(d).Unfinished
			if err := c.check(unfinished); err != nil {
				return nil, err
			}
			if len(unfinished) > 0 {
				detail = map[string]any{"unfinished": unfinished, "reason": strings.TrimSpace(c.Reason)}
			}
			return detail, nil
		}, nil)
}

// FinaliseResults closes the objection window and makes the results final
// (secretariat), once they are announced: every objection must be
// answered. The certificates are issued in the same transaction.
func (a *App) FinaliseResults(ctx context.Context, actor Actor, code string) error {
	issue := func(tx *store.Tx, d *award.Data, now time.Time) error {
		_, err := issueCertificates(tx, actor, d, now)
		return err
	}
	return a.editionStep(ctx, actor, code, store.MarkFinalised, "award.results.finalise", award.ActFinalise,
		func(d *award.Data, now time.Time) (map[string]any, error) {
			for _, o := range d.Objections {
				if o.AnsweredAt.IsZero() {
					return nil, fmt.Errorf("%w: objection %d", ErrObjectionUnanswered, o.ID)
				}
			}
			return nil, nil
		}, issue)
}

// editionStep records one of an edition's steps (mark) when its phase
// allows act and check passes; check may add details to the audit event.
func (a *App) editionStep(ctx context.Context, actor Actor, code string, mark store.EditionMark, action string, act award.Action,
	check func(*award.Data, time.Time) (map[string]any, error), after func(*store.Tx, *award.Data, time.Time) error) error {
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		now := awardNow(ctx)
		d, err := loadForWrite(tx, actor, code, now)
		if err != nil {
			return err
		}
		if err := actor.secretariatOnly(&d.Edition); err != nil {
			return err
		}
		if err := allow(&d.Edition, act, now); err != nil {
			return err
		}
		detail, err := check(d, now)
		if err != nil {
			return err
		}
		if err := tx.SetEditionMark(d.Edition.ID, mark, now); err != nil {
			return err
		}
		if detail == nil {
			detail = map[string]any{}
		}
		detail["edition"] = code
		if err := tx.Audit(actor.event(action, "award_edition", d.Edition.ID, d.Edition.OrganiserID, detail)); err != nil {
			return err
		}
		if after == nil {
			return nil
		}
		return after(tx, d, now)
	})
}

// FileObjection records an entrant's objection while the window is open.
func (a *App) FileObjection(ctx context.Context, actor Actor, code, entryCode, body string) (award.Objection, error) {
	var o award.Objection
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		d, err := tx.AwardData(code)
		if err != nil {
			return err
		}
		e, ok := findEntry(d, entryCode)
		if !ok || !actor.isEntrant(&e) || !actor.mayKnow(&d.Edition) {
			return km.ErrNotFound
		}
		now := awardNow(ctx)
		if err := allow(&d.Edition, award.ActObject, now); err != nil {
			return err
		}
		if !d.Edition.ObjectionsOpen(now) {
			return ErrObjectionsClosed
		}
		if strings.TrimSpace(body) == "" {
			return &km.ValidationError{Fields: map[string]string{"body": "required"}}
		}
		o = award.Objection{EntryID: e.ID, FiledBy: actor.User.ID, Body: strings.TrimSpace(body)}
		if err := tx.CreateObjection(&o); err != nil {
			return err
		}
		return tx.Audit(actor.event("award.objection.file", "award_entry", e.ID, e.OrgID, map[string]any{"edition": code, "entry": e.Code, "objection": o.ID}))
	})
	return o, err
}

// AnswerObjection records the secretariat's answer to an objection.
func (a *App) AnswerObjection(ctx context.Context, actor Actor, code string, id int64, answer string) error {
	return a.answerObjection(ctx, actor, code, id, answer, false)
}

// AnswerObjectionReopen answers an objection by reopening the results: the
// provisional results are withdrawn (the edition goes back to judging, so
// sheets can be reopened, entries rescreened and the shortlists confirmed
// again) and must be published anew. The answer is the recorded reason.
func (a *App) AnswerObjectionReopen(ctx context.Context, actor Actor, code string, id int64, answer string) error {
	return a.answerObjection(ctx, actor, code, id, answer, true)
}

func (a *App) answerObjection(ctx context.Context, actor Actor, code string, id int64, answer string, reopen bool) error {
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		d, err := tx.AwardData(code)
		if err != nil {
			return err
		}
		if err := actor.secretariatOnly(&d.Edition); err != nil {
			return err
		}
		i := slices.IndexFunc(d.Objections, func(o award.Objection) bool { return o.ID == id })
		if i < 0 {
			return km.ErrNotFound
		}
		now := awardNow(ctx)
		act := award.ActAnswer
		if reopen {
			act = award.ActReopenResults
		}
		if err := allow(&d.Edition, act, now); err != nil {
			return err
		}
		if !d.Objections[i].AnsweredAt.IsZero() {
			return ErrObjectionAnswered
		}
		answer = strings.TrimSpace(answer)
		if answer == "" {
			return &km.ValidationError{Fields: map[string]string{"answer": "required"}}
		}
		if err := tx.AnswerObjection(id, actor.id(), answer); err != nil {
			return err
		}
		if err := tx.Audit(actor.event("award.objection.answer", "award_objection", id, d.Edition.OrganiserID,
			map[string]any{"edition": code, "reopen": reopen})); err != nil {
			return err
		}
		if !reopen {
			return nil
		}
		if err := tx.SetEditionMark(d.Edition.ID, store.MarkPublished, time.Time{}); err != nil {
			return err
		}
		return tx.Audit(actor.event("award.results.reopen", "award_edition", d.Edition.ID, d.Edition.OrganiserID,
			map[string]any{"edition": code, "objection": id, "reason": answer}))
	})
}
