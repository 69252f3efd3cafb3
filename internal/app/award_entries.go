package app

// Entrants register entries, change them and upload evidence until the
// submission deadline; at the deadline the entries are frozen (snapshot and
// hash, evidence hashes included), by the first write after it or by the
// server's background job (FreezeDue), whichever comes first.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"lumbung/internal/award"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// Limits of an entry's content.
const (
	maxEntryTitle    = 300
	maxEntrySummary  = 10000
	maxEntryFiles    = 20
	maxEntryPractice = 20
)

// EntryInput is an entry as its entrant fills it in.
type EntryInput struct {
	// Org is the code of the agency entering; "" is the actor's own agency.
	// Only on registration.
	Org       string  `json:"org"`
	Category  string  `json:"category"`
	Title     string  `json:"title"`
	Summary   string  `json:"summary"`
	Practices []int64 `json:"practices"`
	// Version is the version the change starts from (updates only).
	Version int `json:"version"`
}

// checkEntry validates in against the edition and applies it to e: a title
// and summary, a category of the edition's (when it has any), and one or
// more published practices of the entry's organisation (or its units).
// A practice not linked yet must be one the actor may read: its content
// goes into the snapshot, which the entrant may download.
func checkEntry(tx *store.Tx, actor Actor, d *award.Data, e *award.Entry, in EntryInput) error {
	var v km.ValidationError
	title, summary := strings.TrimSpace(in.Title), strings.TrimSpace(in.Summary)
	switch {
	case title == "":
		v.Add("title", "required")
	case len(title) > maxEntryTitle:
		v.Add("title", "too_long")
	}
	switch {
	case summary == "":
		v.Add("summary", "required")
	case len(summary) > maxEntrySummary:
		v.Add("summary", "too_long")
	}
	cat := strings.TrimSpace(in.Category)
	e.CategoryID, e.CategoryCode = 0, ""
	if len(d.Categories) > 0 {
		i := slices.IndexFunc(d.Categories, func(c award.Category) bool { return c.Code == cat })
		switch {
		case cat == "":
			v.Add("category", "required")
		case i < 0:
			v.Add("category", "award.import.unknown_category")
		default:
			e.CategoryID, e.CategoryCode = d.Categories[i].ID, cat
		}
	} else if cat != "" {
		v.Add("category", "award.import.unknown_category")
	}
	practices := slices.Clone(in.Practices)
	slices.Sort(practices)
	practices = slices.Compact(practices)
	switch {
	case len(practices) == 0:
		v.Add("practices", "award.entry.practices_required")
	case len(practices) > maxEntryPractice:
		v.Add("practices", "too_many")
	}
	for _, id := range practices {
		p, err := tx.Practice(id)
		if errors.Is(err, km.ErrNotFound) {
			v.Add("practices", "award.entry.practice_invalid")
			continue
		}
		if err != nil {
			return err
		}
		if p.Status != km.StatusPublished || !km.Contains(e.OrgPath, p.OrgPath) ||
			(!slices.Contains(e.Practices, id) && !actor.visibility().Allows(&p)) {
			v.Add("practices", "award.entry.practice_invalid")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	form := map[string]string{}
	for k, x := range e.Form {
		form[k] = x
	}
	form["summary"] = summary
	e.Title, e.Form, e.Practices = title, form, practices
	return nil
}

// entrantOrg is the organisation an entry is registered for: the one named,
// else the actor's agency (the OPD above their unit), else their own unit.
// The actor must be a contributor or coordinator over it.
func entrantOrg(tx *store.Tx, actor Actor, code string) (km.Org, error) {
	if actor.User == nil || actor.User.ID == 0 {
		return km.Org{}, km.ErrForbidden
	}
	if code != "" {
		o, err := tx.OrgByCode(code)
		if errors.Is(err, km.ErrNotFound) {
			return o, &km.ValidationError{Fields: map[string]string{"org": "unknown_org"}}
		}
		if err != nil {
			return o, err
		}
		if !actor.isEntrant(&award.Entry{OrgPath: o.Path}) {
			return o, km.ErrForbidden
		}
		return o, nil
	}
	agency := km.AgencyPath(actor.User.OrgPath)
	for _, path := range []string{agency, actor.User.OrgPath} {
		if !actor.isEntrant(&award.Entry{OrgPath: path}) {
			continue
		}
		id, ok := orgIDOfPath(path)
		if !ok {
			continue
		}
		return tx.OrgByID(id)
	}
	return km.Org{}, km.ErrForbidden
}

// orgIDOfPath reads an organisation's id from its path: the last element
// ("/1/5/" → 5).
func orgIDOfPath(p string) (int64, bool) {
	t := strings.TrimSuffix(p, "/")
	var id int64
	_, err := fmt.Sscan(t[strings.LastIndex(t, "/")+1:], &id)
	return id, err == nil && id > 0
}

// RegisterEntry registers an agency's entry in an edition whose
// registration is open (ErrRegistrationClosed otherwise, ErrFrozen after
// the deadline). Its code follows the edition's (see nextEntryCode).
func (a *App) RegisterEntry(ctx context.Context, actor Actor, code string, in EntryInput) (award.Entry, error) {
	var out award.Entry
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		now := awardNow(ctx)
		d, err := loadForWrite(tx, actor, code, now)
		if err != nil {
			return err
		}
		org, err := entrantOrg(tx, actor, strings.TrimSpace(in.Org))
		if err != nil {
			return err
		}
		if km.Contains(org.Path, d.Edition.OrganiserPath) {
			// The organiser (or the tree above it) runs the award; it does not enter it.
			return &km.ValidationError{Fields: map[string]string{"org": "award.entry.org_organiser"}}
		}
		if err := allow(&d.Edition, award.ActRegister, now); err != nil {
			return err
		}
		if !d.Edition.RegistrationOpen(now) {
			return ErrRegistrationClosed
		}
		e := award.Entry{EditionID: d.Edition.ID, OrgID: org.ID, OrgCode: org.Code, OrgPath: org.Path, SubmittedAt: now}
		if err := checkEntry(tx, actor, d, &e, in); err != nil {
			return err
		}
		e.Code = nextEntryCode(d)
		if err := tx.CreateEntry(&e); err != nil {
			return err
		}
		out = e
		return tx.Audit(actor.event("award.entry.create", "award_entry", e.ID, e.OrgID, map[string]any{"edition": code, "entry": e.Code,
			"category": e.CategoryCode, "practices": e.Practices}))
	})
	return out, err
}

// nextEntryCode is the code of an edition's next entry: the letters of the
// edition's code in capitals, the last two digits of its year, and the
// first free number of at least two digits ("kma-2026" → "KMA26-01",
// "KMA26-02", …), so codes sort and read the same in every edition.
func nextEntryCode(d *award.Data) string {
	prefix := EntryCodePrefix(d.Edition.Code, d.Edition.Year)
	for n := 1; ; n++ {
		c := fmt.Sprintf("%s-%02d", prefix, n)
		if _, taken := findEntry(d, c); !taken {
			return c
		}
	}
}

// EntryCodePrefix is the part of an edition's entry codes before the
// number: the letters of the edition's code in capitals and the last two
// digits of its year ("kma-2026", 2026 → "KMA26").
func EntryCodePrefix(editionCode string, year int) string {
	var b strings.Builder
	for _, r := range editionCode {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		b.WriteString("E") // an edition code of digits only
	}
	return fmt.Sprintf("%s%02d", b.String(), year%100)
}

// UpdateEntry saves an entrant's changes to its entry before the deadline;
// after it the entry is frozen and the change is refused with ErrFrozen.
// A version other than the stored one is a conflict (someone saved first).
func (a *App) UpdateEntry(ctx context.Context, actor Actor, code, entryCode string, in EntryInput) (award.Entry, error) {
	var out award.Entry
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		now := awardNow(ctx)
		d, e, err := entrantTx(tx, actor, code, entryCode, now)
		if err != nil {
			return err
		}
		if err := checkEntry(tx, actor, d, &e, in); err != nil {
			return err
		}
		e.Version = in.Version
		if e.SubmittedAt.IsZero() {
			e.SubmittedAt = now
		}
		if err := tx.UpdateEntry(&e); err != nil {
			return err
		}
		out = e
		return tx.Audit(actor.event("award.entry.update", "award_entry", e.ID, e.OrgID, map[string]any{"edition": code, "entry": e.Code,
			"version": e.Version, "category": e.CategoryCode, "practices": e.Practices}))
	})
	return out, err
}

// entrantTx loads an entry for a change by its entrant (or the
// secretariat) before the deadline.
func entrantTx(tx *store.Tx, actor Actor, code, entryCode string, now time.Time) (*award.Data, award.Entry, error) {
	d, err := loadForWrite(tx, actor, code, now)
	if err != nil {
		return nil, award.Entry{}, err
	}
	e, ok := findEntry(d, entryCode)
	if !ok || !(actor.isEntrant(&e) || actor.IsSecretariat(&d.Edition)) {
		return nil, award.Entry{}, km.ErrNotFound
	}
	if err := allow(&d.Edition, award.ActRegister, now); err != nil {
		return nil, award.Entry{}, err
	}
	if !e.FrozenAt.IsZero() {
		return nil, award.Entry{}, ErrFrozen
	}
	return d, e, nil
}

// AddEvidence stores an uploaded evidence file and attaches it to an entry
// before the deadline (its entrant or the secretariat). Files are stored
// as practices' attachments are: content-addressed, size-limited, their
// type sniffed from the bytes. The same file twice is stored once.
func (a *App) AddEvidence(ctx context.Context, actor Actor, code, entryCode, name string, r io.Reader) (award.Evidence, error) {
	var ev award.Evidence
	// Check before receiving the bytes, and again when writing.
	if err := a.Store.Write(ctx, func(tx *store.Tx) error {
		_, _, err := entrantTx(tx, actor, code, entryCode, awardNow(ctx))
		return err
	}); err != nil {
		return ev, err
	}
	st, err := a.Files.Put(r, a.MaxUpload)
	if err != nil {
		return ev, err
	}
	ev = award.Evidence{SHA256: st.SHA256, Name: cleanFileName(name, st.MIME), MIME: st.MIME, Size: st.Size, UploadedBy: actor.User.ID}
	err = a.Store.Write(ctx, func(tx *store.Tx) error {
		_, e, err := entrantTx(tx, actor, code, entryCode, awardNow(ctx))
		if err != nil {
			return err
		}
		if i := slices.IndexFunc(e.Evidence, func(x award.Evidence) bool { return x.SHA256 == ev.SHA256 }); i >= 0 {
			ev = e.Evidence[i] // already attached: nothing changes
			return nil
		}
		if len(e.Evidence) >= maxEntryFiles {
			return &km.ValidationError{Fields: map[string]string{"file": "award.entry.too_many_files"}}
		}
		if err := tx.AddEvidence(e.ID, &ev); err != nil {
			return err
		}
		return tx.Audit(actor.event("award.evidence.add", "award_entry", e.ID, e.OrgID, map[string]any{"edition": code, "entry": e.Code,
			"evidence": ev.ID, "name": ev.Name, "sha256": ev.SHA256, "size": ev.Size}))
	})
	return ev, err
}

// RemoveEvidence detaches an evidence file from an entry before the
// deadline (its entrant or the secretariat).
func (a *App) RemoveEvidence(ctx context.Context, actor Actor, code, entryCode string, id int64) error {
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		_, e, err := entrantTx(tx, actor, code, entryCode, awardNow(ctx))
		if err != nil {
			return err
		}
		i := slices.IndexFunc(e.Evidence, func(x award.Evidence) bool { return x.ID == id })
		if i < 0 {
			return km.ErrNotFound
		}
		if err := tx.RemoveEvidence(e.ID, id); err != nil {
			return err
		}
		return tx.Audit(actor.event("award.evidence.remove", "award_entry", e.ID, e.OrgID, map[string]any{"edition": code, "entry": e.Code,
			"evidence": id, "sha256": e.Evidence[i].SHA256}))
	})
}

// EvidenceFile opens an evidence file for its entrant, the secretariat and
// the jurors assigned to the entry (not conflicted with it); to anyone
// else it does not exist.
func (a *App) EvidenceFile(ctx context.Context, actor Actor, code, entryCode string, id int64) (award.Evidence, io.ReadSeekCloser, error) {
	d, err := a.awardData(ctx, actor, code)
	if err != nil {
		return award.Evidence{}, nil, err
	}
	e, ok := findEntry(d, entryCode)
	if !ok {
		return award.Evidence{}, nil, km.ErrNotFound
	}
	i := slices.IndexFunc(e.Evidence, func(x award.Evidence) bool { return x.ID == id })
	if !actor.mayReadSubmission(d, e) || i < 0 {
		return award.Evidence{}, nil, km.ErrNotFound
	}
	f, err := a.Files.Open(e.Evidence[i].SHA256)
	return e.Evidence[i], f, err
}

// FreezeDue freezes every edition whose submission deadline has passed and
// whose entries are not frozen yet, as the system, and returns how many it
// froze. The server runs it in the background, so entries are snapshotted
// at the deadline even when nobody writes; running it again changes
// nothing.
func (a *App) FreezeDue(ctx context.Context) (int, error) {
	eds, err := a.Store.Editions(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for _, ed := range eds {
		if !ed.SubmissionsClosed(awardNow(ctx)) || !ed.FrozenAt.IsZero() {
			continue
		}
		froze := false
		err := a.Store.Write(ctx, func(tx *store.Tx) error {
			d, err := tx.AwardData(ed.Code)
			if err != nil {
				return err
			}
			froze = d.Edition.FrozenAt.IsZero() // not frozen meanwhile
			return ensureFrozen(tx, System, d, awardNow(ctx))
		})
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("freeze edition %s: %w", ed.Code, err))
		case froze:
			n++
		}
	}
	return n, errors.Join(errs...)
}

// EntrantChoice is an organisation the actor may register entries for,
// with its published practices (its units' included) to link.
type EntrantChoice struct {
	Org       km.Org
	Practices []km.Practice
}

// EntrantChoices lists the organisations the actor may enter an edition
// for (those over which they are a contributor or coordinator, the
// organiser's tree excluded) with their published practices, for the
// registration form. It is empty for anyone else.
func (a *App) EntrantChoices(ctx context.Context, actor Actor, code string) ([]EntrantChoice, error) {
	ed, err := a.editionFor(ctx, actor, code)
	if err != nil || actor.User == nil || actor.User.ID == 0 {
		return nil, err
	}
	var out []EntrantChoice
	seen := map[int64]bool{}
	for _, g := range actor.User.Grants {
		if (g.Role != km.RoleContributor && g.Role != km.RoleCoordinator) || seen[g.OrgID] || km.Contains(g.OrgPath, ed.OrganiserPath) {
			continue
		}
		seen[g.OrgID] = true
		o, err := a.Store.OrgByID(ctx, g.OrgID)
		if err != nil {
			return nil, err
		}
		ps, _, err := a.Practices(ctx, actor, store.PracticeFilter{OrgPath: o.Path, Status: km.StatusPublished, Order: "title", Limit: 500})
		if err != nil {
			return nil, err
		}
		out = append(out, EntrantChoice{Org: o, Practices: ps})
	}
	return out, nil
}

// mayReadSubmission reports whether the actor may read what an entry
// submitted (its evidence files and frozen snapshot): its entrant, the
// secretariat, and the jurors assigned to it who are not conflicted.
func (a Actor) mayReadSubmission(d *award.Data, e award.Entry) bool {
	if a.isEntrant(&e) || a.IsSecretariat(&d.Edition) {
		return true
	}
	j, isJuror := a.jurorOf(d)
	return isJuror && !conflicted(d, j, e) &&
		slices.ContainsFunc(d.Assignments, func(x award.Assignment) bool { return x.JurorID == j.ID && x.EntryID == e.ID })
}

// EntrySnapshot returns the frozen snapshot of an entry, byte for byte as
// hashed into the SHA-256 its entrant was shown, to those who may read the
// submission (see mayReadSubmission); to anyone else the entry does not
// exist. An entry not frozen yet is ErrNotFrozen. For an entry frozen
// before the bytes were kept, the snapshot is encoded again from the entry,
// which that older encoding allows.
func (a *App) EntrySnapshot(ctx context.Context, actor Actor, code, entryCode string) ([]byte, award.Entry, error) {
	d, err := a.awardData(ctx, actor, code)
	if err != nil {
		return nil, award.Entry{}, err
	}
	e, ok := findEntry(d, entryCode)
	if !ok || !actor.mayReadSubmission(d, e) {
		return nil, award.Entry{}, km.ErrNotFound
	}
	if e.FrozenAt.IsZero() {
		return nil, e, ErrNotFrozen
	}
	b, err := a.Store.EntrySnapshot(ctx, e.ID)
	if err != nil {
		return nil, e, err
	}
	if len(b) == 0 {
		b, _ = e.Snapshot(d.Edition.Code)
	}
	return b, e, nil
}

// SubmittedPractices returns the linked practices' content as frozen in an
// entry's snapshot, for those who may read the submission; ok is false
// when the snapshot holds no content (not frozen yet, or frozen before
// content was kept), and the caller shows the live practices instead.
func (a *App) SubmittedPractices(ctx context.Context, actor Actor, code, entryCode string) (ps []award.FrozenPractice, ok bool, err error) {
	b, _, err := a.EntrySnapshot(ctx, actor, code, entryCode)
	if errors.Is(err, ErrNotFrozen) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	ps, err = award.SnapshotPractices(b)
	return ps, err == nil && len(ps) > 0, err
}

// SnapshotLine is an entry's frozen hash, as the public may check it.
type SnapshotLine struct {
	Entry    string    `json:"entry"`
	Title    string    `json:"title"`
	Org      string    `json:"org"`
	SHA256   string    `json:"sha256"`
	FrozenAt time.Time `json:"frozen_at"`
}

// SnapshotHashes lists the frozen entries' hashes, in entry code order:
// to the secretariat at any time, to everyone once the results are
// announced (km.ErrNotFound before, as for the results).
func (a *App) SnapshotHashes(ctx context.Context, actor Actor, code string) ([]SnapshotLine, error) {
	d, err := a.awardData(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	if !canSeeResults(actor, &d.Edition, awardNow(ctx)) {
		return nil, km.ErrNotFound
	}
	out := []SnapshotLine{}
	for _, e := range d.Entries {
		if e.SnapshotHash != "" {
			out = append(out, SnapshotLine{Entry: e.Code, Title: e.Title, Org: e.OrgCode, SHA256: e.SnapshotHash, FrozenAt: e.FrozenAt})
		}
	}
	return out, nil
}

// SnapshotCheck is the outcome of checking a copy of a snapshot.
type SnapshotCheck struct {
	// SHA256 is the copy's hash.
	SHA256 string `json:"sha256"`
	// Entry is the entry whose frozen hash it matches, "" for none.
	Entry string `json:"entry"`
	// Claimed is the entry the copy names (its "entry" field), if any.
	Claimed string `json:"claimed,omitempty"`
}

// maxSnapshot bounds a copy sent for checking.
const maxSnapshot = 32 << 20

// VerifySnapshot hashes a copy of a snapshot and finds the entry whose
// frozen hash it matches, for whoever may see the hashes (SnapshotHashes).
// A copy that matches none is an answer, not an error: it was changed, or
// is not of this edition. A copy over maxSnapshot is km.ErrTooLarge.
func (a *App) VerifySnapshot(ctx context.Context, actor Actor, code string, r io.Reader) (SnapshotCheck, error) {
	lines, err := a.SnapshotHashes(ctx, actor, code)
	if err != nil {
		return SnapshotCheck{}, err
	}
	b, err := io.ReadAll(io.LimitReader(r, maxSnapshot+1))
	if err != nil {
		// The copy comes from the caller: a body that breaks off is
		// theirs to send again (an upload's own errors say so already).
		if !errors.Is(err, km.ErrUnreadable) && !errors.Is(err, km.ErrTooLarge) {
			err = errors.Join(km.ErrUnreadable, err)
		}
		return SnapshotCheck{}, err
	}
	if len(b) > maxSnapshot {
		return SnapshotCheck{}, km.ErrTooLarge
	}
	c := SnapshotCheck{SHA256: award.SnapshotHash(b)}
	var doc struct {
		Entry string `json:"entry"`
	}
	if json.Unmarshal(b, &doc) == nil {
		c.Claimed = doc.Entry
	}
	for _, l := range lines {
		if l.SHA256 == c.SHA256 {
			c.Entry = l.Entry
		}
	}
	return c, nil
}
