package award

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Edition is one year's award: its schedule and the state of its results.
// Zero times mean "not set" or "not yet".
type Edition struct {
	ID                 int64
	Code, Name         string
	Year               int
	OrganiserID        int64  // the organisation whose secretariat runs it
	OrganiserPath      string // its tree path
	RegistrationOpens  time.Time
	SubmissionDeadline time.Time
	AnnouncementAt     time.Time
	ObjectionUntil     time.Time
	Winners            int // how many winners, per category if there are categories
	Method             Method
	CallPublishedAt    time.Time // criteria and weights are locked from then on
	FrozenAt           time.Time // entries snapshotted
	PublishedAt        time.Time // the secretariat released the (provisional) results
	FinalisedAt        time.Time // the results are final: objections closed
}

// SubmissionsClosed reports whether the submission deadline has passed at now:
// from then on no entry may change.
func (e *Edition) SubmissionsClosed(now time.Time) bool {
	return !e.SubmissionDeadline.IsZero() && !now.Before(e.SubmissionDeadline)
}

// ResultsVisible reports whether anyone besides the secretariat may see
// scores, ranks and shortlists: the secretariat has published the results
// and the announcement time has come. Both are needed, so publishing early
// cannot leak anything and the date alone publishes nothing unreviewed.
func (e *Edition) ResultsVisible(now time.Time) bool {
	return !e.PublishedAt.IsZero() && !e.AnnouncementAt.IsZero() && !now.Before(e.AnnouncementAt)
}

// ObjectionsOpen reports whether entrants may file objections (sanggah):
// after the provisional results are visible, until the objection window
// closes or the results are made final.
func (e *Edition) ObjectionsOpen(now time.Time) bool {
	return e.ResultsVisible(now) && e.FinalisedAt.IsZero() && (e.ObjectionUntil.IsZero() || now.Before(e.ObjectionUntil))
}

// RegistrationOpen reports whether agencies may register and change entries
// at now: the call is published, registration has opened (when a date is
// set) and the submission deadline has not passed.
func (e *Edition) RegistrationOpen(now time.Time) bool {
	return !e.CallPublishedAt.IsZero() && (e.RegistrationOpens.IsZero() || !now.Before(e.RegistrationOpens)) && !e.SubmissionsClosed(now)
}

// Category groups entries that compete for their own winners.
type Category struct {
	ID         int64
	Code, Name string
}

// CriterionDef is a criterion as the edition defines it: the arithmetic's
// Criterion plus what jurors read on the rubric.
type CriterionDef struct {
	Criterion
	ID          int64
	Name        string
	Description string
	// Anchors describe score levels, keyed by the level ("1", "3", "5").
	Anchors map[string]string
}

// RoundDef is a round as the edition defines it.
type RoundDef struct {
	Round
	ID            int64
	Name          string
	ShortlistedAt time.Time // when the secretariat confirmed who advances
}

// Juror is a member of an edition's jury. OrgID is the organisation the
// jury record names, 0 for an external juror (an academic, a LAN assessor).
// Conflicts of interest follow the person, not only the record: PersonPaths
// are the organisations the juror's account belongs to or holds a role
// over, whatever the record says (see ConflictedWith).
type Juror struct {
	ID          int64
	UserID      int64
	Email       string
	Name        string
	OrgID       int64
	OrgCode     string
	OrgPath     string
	PersonPaths []string
}

// ConflictedWith reports whether the juror may not judge an entry of the
// organisation at entryPath because of where they belong: the record's
// organisation or any of the person's (see Conflicted). Declared conflicts
// are the edition's to add.
func (j Juror) ConflictedWith(entryPath string) bool {
	if Conflicted(j.OrgPath, entryPath) {
		return true
	}
	for _, p := range j.PersonPaths {
		if Conflicted(p, entryPath) {
			return true
		}
	}
	return false
}

// Code is how results name the juror: their e-mail.
func (j Juror) Code() string { return j.Email }

// Screening outcomes.
const (
	ScreeningPending = ""
	ScreeningPass    = "pass"
	ScreeningFail    = "fail"
)

// Entry is an agency's entry to an edition.
type Entry struct {
	ID           int64
	EditionID    int64
	Code         string
	OrgID        int64
	OrgCode      string
	OrgPath      string
	CategoryID   int64 // 0 when the edition has no categories
	CategoryCode string
	Title        string
	Form         map[string]string // the edition's form, field -> answer
	Practices    []int64           // linked published practices
	Evidence     []Evidence        // uploaded files, in upload order
	// PracticeContent is the linked practices' content as frozen with the
	// entry. It is filled when the entry is frozen (and read back from its
	// stored snapshot), not when the edition is loaded.
	PracticeContent []FrozenPractice
	SubmittedAt     time.Time
	Screening       string
	ScreeningReason string
	FrozenAt        time.Time
	SnapshotHash    string
	Version         int
}

// Evidence is a file an entrant uploaded for its entry. Its bytes live in
// the content-addressed file store under SHA256, so the hash in the entry's
// snapshot pins the file itself, not only its name.
type Evidence struct {
	ID         int64
	SHA256     string
	Name       string
	MIME       string
	Size       int64
	UploadedBy int64
	UploadedAt time.Time
}

// FrozenPractice is a linked practice's content as the entry submitted it:
// what its jurors read, whatever happens to the practice later and whoever
// may read the practice itself. It is a type of its own rather than
// km.Content with an id: its fields are hashed into snapshots, so they
// must not follow later changes to the live practice's type.
type FrozenPractice struct {
	ID          int64    `json:"id"`
	Version     int      `json:"version"`
	Org         string   `json:"organisation"` // the owning organisation's code
	Kind        string   `json:"kind"`
	Access      string   `json:"access"`
	Title       string   `json:"title"`
	Summary     string   `json:"summary"`
	Problem     string   `json:"problem"`
	Actions     string   `json:"actions"`
	Results     string   `json:"results"`
	Lessons     string   `json:"lessons"`
	Replication string   `json:"replication"`
	Body        string   `json:"body"`
	Year        int      `json:"year"`
	Tags        []string `json:"tags"`
}

// doc is the practice as Snapshot encodes it: a map, so its keys come out
// sorted like the rest of the snapshot, named as the tags above name them.
func (p FrozenPractice) doc() map[string]any {
	tags := p.Tags
	if tags == nil {
		tags = []string{}
	}
	return map[string]any{"id": p.ID, "version": p.Version, "organisation": p.Org, "kind": p.Kind, "access": p.Access,
		"title": p.Title, "summary": p.Summary, "problem": p.Problem, "actions": p.Actions, "results": p.Results,
		"lessons": p.Lessons, "replication": p.Replication, "body": p.Body, "year": p.Year, "tags": tags}
}

// Snapshot returns the canonical content of an entry as frozen at the
// deadline, and its SHA-256 in hex. The encoding is JSON with sorted keys
// (encoding/json sorts map keys), so anyone holding the content can
// recompute the hash shown to the entrant. Evidence files are listed by
// their SHA-256, name and size, sorted by hash; the linked practices'
// content (PracticeContent) by practice id. An entry without evidence has
// no "evidence" key and one without practice content no
// "practice_content" key, so hashes taken before either existed still
// verify.
func (e *Entry) Snapshot(editionCode string) ([]byte, string) {
	form := e.Form
	if form == nil {
		form = map[string]string{}
	}
	practices := e.Practices
	if practices == nil {
		practices = []int64{}
	}
	sub := ""
	if !e.SubmittedAt.IsZero() {
		sub = e.SubmittedAt.UTC().Format(time.RFC3339)
	}
	doc := map[string]any{
		"edition":      editionCode,
		"entry":        e.Code,
		"organisation": e.OrgCode,
		"category":     e.CategoryCode,
		"title":        e.Title,
		"form":         form,
		"practices":    practices,
		"submitted_at": sub,
	}
	if len(e.Evidence) > 0 {
		ev := slices.Clone(e.Evidence)
		slices.SortFunc(ev, func(a, b Evidence) int {
			return cmp.Or(strings.Compare(a.SHA256, b.SHA256), strings.Compare(a.Name, b.Name))
		})
		files := make([]map[string]any, len(ev))
		for i, x := range ev {
			files[i] = map[string]any{"sha256": x.SHA256, "name": x.Name, "size": x.Size}
		}
		doc["evidence"] = files
	}
	if len(e.PracticeContent) > 0 {
		ps := slices.Clone(e.PracticeContent)
		slices.SortFunc(ps, func(a, b FrozenPractice) int { return cmp.Compare(a.ID, b.ID) })
		docs := make([]map[string]any, len(ps))
		for i, p := range ps {
			docs[i] = p.doc()
		}
		doc["practice_content"] = docs
	}
	b, _ := json.Marshal(doc) // strings, ints and string maps always encode
	return b, SnapshotHash(b)
}

// SnapshotPractices reads the linked practices' content back from a
// snapshot as Snapshot encoded it, in practice id order; a snapshot taken
// without practice content has none.
func SnapshotPractices(snapshot []byte) ([]FrozenPractice, error) {
	var doc struct {
		Practices []FrozenPractice `json:"practice_content"`
	}
	if err := json.Unmarshal(snapshot, &doc); err != nil {
		return nil, fmt.Errorf("award: read snapshot: %w", err)
	}
	out := doc.Practices
	if out == nil {
		out = []FrozenPractice{}
	}
	return out, nil
}

// SnapshotHash is the SHA-256 in hex of a snapshot's bytes: what the
// entrant was shown at the freeze, for anyone to compare with a copy.
func SnapshotHash(snapshot []byte) string {
	h := sha256.Sum256(snapshot)
	return hex.EncodeToString(h[:])
}

// Assignment puts a juror on an entry in a round.
type Assignment struct {
	RoundID, JurorID, EntryID int64
}

// Score sheet states.
const (
	SheetDraft     = "draft"
	SheetSubmitted = "submitted"
)

// Sheet is a juror's stored rubric for an entry in a round.
type Sheet struct {
	RoundID, JurorID, EntryID int64
	Values                    map[string]float64
	Comment                   string // for the entrant, shown after publication without the juror's name
	PrivateNote               string // for the secretariat only
	Status                    string
	UpdatedAt, SubmittedAt    time.Time
}

// DeclaredConflict is a conflict of interest a juror declared.
type DeclaredConflict struct {
	JurorID, EntryID int64
	Reason           string
}

// Objection is an entrant's objection (sanggah) to the provisional results
// and the secretariat's answer.
type Objection struct {
	ID         int64
	EntryID    int64
	FiledBy    int64
	Body       string
	FiledAt    time.Time
	Answer     string
	AnsweredBy int64
	AnsweredAt time.Time
}

// Data is everything stored about one edition, loaded at once: an edition
// is small (tens to a few thousand entries) and every rule about it
// (conflicts, secrecy, aggregation) needs most of it.
type Data struct {
	Edition     Edition
	Categories  []Category
	Criteria    []CriterionDef
	Rounds      []RoundDef // in Order
	Jurors      []Juror
	Entries     []Entry // in code order
	Assignments []Assignment
	Conflicts   []DeclaredConflict
	Sheets      []Sheet
	// Shortlists holds each confirmed round's advancing entries, best first.
	Shortlists map[int64][]int64
	Objections []Objection
}

// EntryByID returns the edition's entry with id, the zero Entry if none.
func (d *Data) EntryByID(id int64) Entry {
	for _, e := range d.Entries {
		if e.ID == id {
			return e
		}
	}
	return Entry{}
}

// JurorByID returns the juror with id, the zero Juror if none.
func (d *Data) JurorByID(id int64) Juror {
	for _, j := range d.Jurors {
		if j.ID == id {
			return j
		}
	}
	return Juror{}
}

// RoundPairs returns the juror–entry pairs, by code, assigned in the round
// with id, for [Groups] and [Connected].
func (d *Data) RoundPairs(roundID int64) []Pair {
	var out []Pair
	for _, a := range d.Assignments {
		if a.RoundID == roundID {
			out = append(out, Pair{Juror: d.JurorByID(a.JurorID).Code(), Entry: d.EntryByID(a.EntryID).Code})
		}
	}
	return out
}

// Conflicted reports whether a juror belonging to the organisation at
// jurorPath may not judge an entry of the organisation at entryPath: the
// same organisation, one of its units (anything below it), or its parent.
// An external juror (empty path) has no automatic conflicts. Note that a
// juror placed at the top of the tree is conflicted with every entry.
func Conflicted(jurorPath, entryPath string) bool {
	if jurorPath == "" || entryPath == "" {
		return false
	}
	if strings.HasPrefix(entryPath, jurorPath) {
		return true
	}
	return entryPath == parentPath(jurorPath)
}

// parentPath is the path of the parent of the organisation at p
// ("/1/5/23/" → "/1/5/"), "" for a top-level one.
func parentPath(p string) string {
	t := strings.TrimSuffix(p, "/")
	i := strings.LastIndex(t, "/")
	if i <= 0 {
		return ""
	}
	return t[:i+1]
}
