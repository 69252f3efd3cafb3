package km

import (
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Kind says what sort of practice a document records.
type Kind string

// The three kinds the governor asked ASN to document.
const (
	KindGood     Kind = "good"     // praktik baik
	KindBad      Kind = "bad"      // praktik tidak baik: documented so it can be mitigated
	KindOrdinary Kind = "ordinary" // praktik biasa
)

// Kinds lists every kind in display order.
var Kinds = []Kind{KindGood, KindBad, KindOrdinary}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == KindGood || k == KindBad || k == KindOrdinary }

// Access says who may read a published practice.
type Access string

// Access levels, from the widest audience to the narrowest.
const (
	AccessPublic     Access = "public"     // anyone, no login
	AccessInternal   Access = "internal"   // any signed-in user
	AccessAgency     Access = "agency"     // the owning agency, and those who oversee it
	AccessRestricted Access = "restricted" // the author, the agency's coordinators and admins
)

// Accesses lists every access level in display order.
var Accesses = []Access{AccessPublic, AccessInternal, AccessAgency, AccessRestricted}

// Valid reports whether a is a known access level.
func (a Access) Valid() bool {
	return a == AccessPublic || a == AccessInternal || a == AccessAgency || a == AccessRestricted
}

// Status is a practice's place in the review workflow.
type Status string

// Workflow states.
const (
	StatusDraft     Status = "draft"
	StatusInReview  Status = "in_review"
	StatusReturned  Status = "returned"
	StatusPublished Status = "published"
	StatusArchived  Status = "archived"
)

// Statuses lists every status in workflow order.
var Statuses = []Status{StatusDraft, StatusInReview, StatusReturned, StatusPublished, StatusArchived}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if s == x {
			return true
		}
	}
	return false
}

// Released reports whether the practice has been published (and maybe archived
// since): its access level then decides who reads it.
func (s Status) Released() bool { return s == StatusPublished || s == StatusArchived }

// Metric is one measured impact of a practice. The change is always computed
// from the two values, never typed by hand.
type Metric struct {
	Indicator    string  `json:"indicator"`
	Unit         string  `json:"unit"`
	Baseline     float64 `json:"baseline"`
	BaselineDate string  `json:"baseline_date,omitempty"`
	Value        float64 `json:"value"`
	ValueDate    string  `json:"value_date,omitempty"`
	Scope        string  `json:"scope,omitempty"`
	Source       string  `json:"source,omitempty"`
	Verified     bool    `json:"verified"`
}

// Change is the absolute change from baseline to achieved value.
func (m Metric) Change() float64 { return m.Value - m.Baseline }

// Percent is the relative change in percent; ok is false when the baseline is
// zero and a percentage would mean nothing, or so near zero that it is
// beyond float64.
func (m Metric) Percent() (pct float64, ok bool) {
	if m.Baseline == 0 {
		return 0, false
	}
	pct = 100 * (m.Value - m.Baseline) / math.Abs(m.Baseline)
	return pct, !math.IsInf(pct, 0) && !math.IsNaN(pct)
}

// MaxMetricValue bounds a metric's baseline and value. Every whole number
// up to it is exact in a float64, and the change between two of them stays
// finite: an infinite one could not be written as JSON.
const MaxMetricValue = 1e15

// Practice is a knowledge asset: one documented practice of an organisation.
type Practice struct {
	ID          int64
	ExternalID  string
	OrgID       int64
	Kind        Kind
	Title       string
	Summary     string
	Problem     string // problem and context
	Actions     string // actions taken
	Results     string
	Lessons     string // lessons learned
	Replication string // how to replicate
	Body        string // markdown
	Affair      string
	Tags        []string
	Year        int
	Authors     []string
	Access      Access
	Status      Status
	Metrics     []Metric

	Verifier   string // who verified it on publication
	ReviewBy   string // YYYY-MM-DD: when its content must be checked again
	StatusNote string // why it was returned or archived

	Version     int
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	PublishedAt *time.Time
	Demo        bool

	// Filled on reads for display; ignored on writes.
	OrgPath     string
	OrgName     string
	OrgCode     string
	CreatorName string
}

// Field limits, in bytes of UTF-8.
const (
	maxTitle = 300
	maxShort = 2000
	maxLong  = 20000
	maxBody  = 200000
)

// Normalize trims the free-text fields and cleans the tag and author lists.
func (p *Practice) Normalize() {
	for _, f := range []*string{&p.Title, &p.Summary, &p.Problem, &p.Actions, &p.Results, &p.Lessons, &p.Replication, &p.Affair, &p.Verifier, &p.ReviewBy, &p.ExternalID} {
		*f = strings.TrimSpace(*f)
	}
	p.Tags = cleanList(p.Tags, true)
	p.Authors = cleanList(p.Authors, false)
	if p.Kind == "" {
		p.Kind = KindGood
	}
	if p.Access == "" {
		p.Access = AccessPublic
	}
	if p.Status == "" {
		p.Status = StatusDraft
	}
	NormalizeMetrics(p.Metrics)
}

// NormalizeMetrics trims the text of impact figures, a practice's or an
// adoption's.
func NormalizeMetrics(ms []Metric) {
	for i := range ms {
		m := &ms[i]
		for _, f := range []*string{&m.Indicator, &m.Unit, &m.BaselineDate, &m.ValueDate, &m.Scope, &m.Source} {
			*f = strings.TrimSpace(*f)
		}
	}
}

func cleanList(in []string, lower bool) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, s := range in {
		s = strings.TrimSpace(s)
		if lower {
			s = strings.ToLower(s)
		}
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	if lower {
		sort.Strings(out)
	}
	return out
}

// Validate checks the practice's own fields (organisation existence is the
// store's business). Call Normalize first.
func (p *Practice) Validate() error {
	var v ValidationError
	text := func(field, s string, max int, required bool) {
		switch {
		case required && s == "":
			v.Add(field, "required")
		case len(s) > max:
			v.Add(field, "too_long")
		case !utf8.ValidString(s) || strings.ContainsRune(s, 0):
			v.Add(field, "invalid")
		}
	}
	text("title", p.Title, maxTitle, true)
	text("summary", p.Summary, maxShort, false)
	text("problem", p.Problem, maxLong, false)
	text("actions", p.Actions, maxLong, false)
	text("results", p.Results, maxLong, false)
	text("lessons", p.Lessons, maxLong, false)
	text("replication", p.Replication, maxLong, false)
	text("body", p.Body, maxBody, false)
	text("external_id", p.ExternalID, 200, false)
	text("verifier", p.Verifier, 200, false)
	if p.Body == "" && p.Summary == "" && p.Problem == "" && p.Actions == "" && p.Results == "" {
		v.Add("body", "content_required")
	}
	if !p.Kind.Valid() {
		v.Add("kind", "invalid")
	}
	if !p.Access.Valid() {
		v.Add("access", "invalid")
	}
	if !p.Status.Valid() {
		v.Add("status", "invalid")
	}
	if p.Affair != "" {
		if _, ok := AffairByCode(p.Affair); !ok {
			v.Add("affair", "unknown_affair")
		}
	}
	if p.Year != 0 && (p.Year < 1945 || p.Year > time.Now().Year()+1) {
		v.Add("year", "invalid_year")
	}
	if len(p.Tags) > 30 {
		v.Add("tags", "too_many")
	}
	for _, t := range p.Tags {
		if len(t) > 60 {
			v.Add("tags", "too_long")
		}
	}
	if len(p.Authors) > 50 {
		v.Add("authors", "too_many")
	}
	if p.ReviewBy != "" && !validDate(p.ReviewBy) {
		v.Add("review_by", "invalid_date")
	}
	ValidateMetrics(&v, p.Metrics)
	return v.Err()
}

// ValidateMetrics records in v what is wrong with impact figures, under
// the fields metrics.N.name; practices and adoptions share the rule.
func ValidateMetrics(v *ValidationError, ms []Metric) {
	if len(ms) > 20 {
		v.Add("metrics", "too_many")
	}
	for i, m := range ms {
		f := func(name string) string { return "metrics." + itoa(i) + "." + name }
		if m.Indicator == "" {
			v.Add(f("indicator"), "required")
		} else if len(m.Indicator) > 300 {
			v.Add(f("indicator"), "too_long")
		}
		if len(m.Unit) > 60 || len(m.Scope) > 300 || len(m.Source) > 300 {
			v.Add(f("unit"), "too_long")
		}
		if math.IsNaN(m.Baseline) || math.IsInf(m.Baseline, 0) {
			v.Add(f("baseline"), "invalid_number")
		} else if math.Abs(m.Baseline) > MaxMetricValue {
			v.Add(f("baseline"), "number_too_large")
		}
		if math.IsNaN(m.Value) || math.IsInf(m.Value, 0) {
			v.Add(f("value"), "invalid_number")
		} else if math.Abs(m.Value) > MaxMetricValue {
			v.Add(f("value"), "number_too_large")
		}
		if m.BaselineDate != "" && !validDate(m.BaselineDate) {
			v.Add(f("baseline_date"), "invalid_date")
		}
		if m.ValueDate != "" && !validDate(m.ValueDate) {
			v.Add(f("value_date"), "invalid_date")
		}
		if validDate(m.BaselineDate) && validDate(m.ValueDate) && m.ValueDate < m.BaselineDate {
			v.Add(f("value_date"), "date_order")
		}
	}
}

func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

// DueForReview reports whether a published practice's review-by date falls
// on or before day (YYYY-MM-DD).
func (p *Practice) DueForReview(day string) bool {
	return p.Status == StatusPublished && p.ReviewBy != "" && p.ReviewBy <= day
}
