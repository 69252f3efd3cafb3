package km

import (
	"strings"
	"time"
	"unicode/utf8"
)

// AdoptionStatus is where an agency stands with a practice it replicates
// from another (replikasi).
type AdoptionStatus string

// Adoption states. Stopped needs a reason, institutionalised the
// regulation (a Pergub, Perbup or SK number) that made it permanent.
const (
	AdoptionPlanned           AdoptionStatus = "planned"
	AdoptionRunning           AdoptionStatus = "running"
	AdoptionStopped           AdoptionStatus = "stopped"
	AdoptionInstitutionalised AdoptionStatus = "institutionalised"
)

// AdoptionStatuses lists every adoption status in lifecycle order.
var AdoptionStatuses = []AdoptionStatus{AdoptionPlanned, AdoptionRunning, AdoptionStopped, AdoptionInstitutionalised}

// Valid reports whether s is a known adoption status.
func (s AdoptionStatus) Valid() bool {
	for _, x := range AdoptionStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// Active reports whether the adoption still counts: an agency holds at most
// one active adoption of a practice, and may record a new one once the
// last has stopped.
func (s AdoptionStatus) Active() bool { return s.Valid() && s != AdoptionStopped }

// adoptionMoves is the adoption lifecycle: from a status, the statuses it
// may change to. A plan starts running or is dropped; a running adoption
// stops or is made permanent by a regulation; a stopped one may be planned
// or run again; a regulation can be revoked, which stops it.
var adoptionMoves = map[AdoptionStatus][]AdoptionStatus{
	AdoptionPlanned:           {AdoptionRunning, AdoptionStopped},
	AdoptionRunning:           {AdoptionStopped, AdoptionInstitutionalised},
	AdoptionStopped:           {AdoptionPlanned, AdoptionRunning},
	AdoptionInstitutionalised: {AdoptionStopped},
}

// AdoptionCanMove reports whether an adoption may go from one status to
// another; staying put (a change of other fields) is always allowed.
func AdoptionCanMove(from, to AdoptionStatus) bool {
	if from == to {
		return from.Valid()
	}
	for _, s := range adoptionMoves[from] {
		if s == to {
			return true
		}
	}
	return false
}

// AdoptionNext lists the statuses an adoption in status s may change to.
func AdoptionNext(s AdoptionStatus) []AdoptionStatus { return adoptionMoves[s] }

// Adoption records that an organisation replicates another agency's
// published practice, with what it adapted and its own impact figures.
type Adoption struct {
	ID         int64
	PracticeID int64 // the source practice
	OrgID      int64 // the adopting organisation
	Status     AdoptionStatus
	Started    string // YYYY-MM-DD
	Adapted    string // what was changed to fit the adopter
	Reason     string // why it stopped
	Regulation string // the regulation that made it permanent
	// DerivedPracticeID is the adopter's own practice documenting its
	// version (0 when there is none): through it, adoptions chain into a
	// lineage A → B → C.
	DerivedPracticeID int64
	Metrics           []Metric
	CreatedBy         int64
	CreatedAt         time.Time
	UpdatedAt         time.Time

	// Filled on reads for display and access checks; ignored on writes.
	OrgCode, OrgName, OrgShort, OrgPath string
	Source                              Practice // without tags, metrics or body
	DerivedTitle                        string
}

// OrgLabel is the adopter's short name when it has one.
func (a *Adoption) OrgLabel() string {
	if a.OrgShort != "" {
		return a.OrgShort
	}
	return a.OrgName
}

// Normalize trims the free text.
func (a *Adoption) Normalize() {
	for _, f := range []*string{&a.Started, &a.Adapted, &a.Reason, &a.Regulation} {
		*f = strings.TrimSpace(*f)
	}
	if a.Status == "" {
		a.Status = AdoptionPlanned
	}
	NormalizeMetrics(a.Metrics)
}

// Validate checks the adoption's own fields: a stopped adoption says why,
// an institutionalised one names its regulation. Call Normalize first.
func (a *Adoption) Validate() error {
	var v ValidationError
	text := func(field, s string, max int) {
		switch {
		case len(s) > max:
			v.Add(field, "too_long")
		case !utf8.ValidString(s) || strings.ContainsRune(s, 0):
			v.Add(field, "invalid")
		}
	}
	if !a.Status.Valid() {
		v.Add("status", "invalid")
	}
	switch {
	case a.Started == "":
		v.Add("started", "required")
	case !validDate(a.Started):
		v.Add("started", "invalid_date")
	case a.Started < "1945-01-01":
		v.Add("started", "invalid_date")
	}
	text("adapted", a.Adapted, maxLong)
	text("reason", a.Reason, maxShort)
	text("regulation", a.Regulation, 300)
	if a.Status == AdoptionStopped && a.Reason == "" {
		v.Add("reason", "adoption.reason_required")
	}
	if a.Status == AdoptionInstitutionalised && a.Regulation == "" {
		v.Add("regulation", "adoption.regulation_required")
	}
	ValidateMetrics(&v, a.Metrics)
	return v.Err()
}

// SameAgency reports whether two organisations belong to one agency: an
// agency does not adopt its own practice, nor do its units adopt each
// other's or its own, since that is sharing within one agency, not
// replication.
func SameAgency(a, b string) bool { return AgencyPath(a) == AgencyPath(b) }

// CanManageAdoption reports whether u may record or change adoptions of
// the organisation at path: its coordinators, and admins over it.
func CanManageAdoption(u *User, path string) bool { return u.Has(RoleCoordinator, path) }

// LineageNode is one practice in a lineage tree: the root, or an
// organisation that adopted its parent.
type LineageNode struct {
	PracticeID int64 // 0 when the adopter documented no version of its own
	Title      string
	OrgName    string
	Adoption   *Adoption // the edge from the parent; nil at the root
	Children   []*LineageNode
	// Cycle marks a practice already shown higher up the same branch or
	// elsewhere in the tree: it is not expanded again, so that the walk
	// ends.
	Cycle bool
	// Hidden marks a derived practice the viewer may not read: its title
	// and link are left out.
	Hidden bool
}

// LineageLimit bounds how many nodes a lineage tree holds.
const LineageLimit = 500

// BuildLineage walks adoptions down from the practice root: adoptionsOf
// returns the adoptions of a practice, readable reports whether the viewer
// may see a derived practice. Every practice is expanded once, so a cycle
// (B adopts A, A's derived version is adopted back by B) ends the walk.
func BuildLineage(root *LineageNode, adoptionsOf func(practiceID int64) ([]Adoption, error), readable func(practiceID int64) bool) error {
	seen := map[int64]bool{root.PracticeID: true}
	count := 1
	queue := []*LineageNode{root}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		as, err := adoptionsOf(n.PracticeID)
		if err != nil {
			return err
		}
		for i := range as {
			if count >= LineageLimit {
				return nil
			}
			a := as[i]
			c := &LineageNode{PracticeID: a.DerivedPracticeID, OrgName: a.OrgName, Adoption: &a}
			count++
			n.Children = append(n.Children, c)
			if c.PracticeID == 0 {
				continue
			}
			if !readable(c.PracticeID) {
				c.Hidden, c.PracticeID = true, 0
				continue
			}
			c.Title = a.DerivedTitle
			if seen[c.PracticeID] {
				c.Cycle = true
				continue
			}
			seen[c.PracticeID] = true
			queue = append(queue, c)
		}
	}
	return nil
}

// Rows flattens a lineage tree in display order (depth first), with each
// node's depth and its parent, for the table and the drawing.
func (n *LineageNode) Rows() []LineageRow {
	var out []LineageRow
	var walk func(n, parent *LineageNode, depth int)
	walk = func(n, parent *LineageNode, depth int) {
		out = append(out, LineageRow{Node: n, Parent: parent, Depth: depth})
		for _, c := range n.Children {
			walk(c, n, depth+1)
		}
	}
	walk(n, nil, 0)
	return out
}

// LineageRow is a node of a flattened lineage tree.
type LineageRow struct {
	Node   *LineageNode
	Parent *LineageNode
	Depth  int
}
