package km

import "time"

// Usage event kinds: what people do with the knowledge, for readership
// and the dashboards.
const (
	UsageView     = "view"     // a published practice opened (page or API)
	UsageDownload = "download" // an attachment or export downloaded
	UsageSearch   = "search"   // a search run
)

// UsageEvent is one thing a person (or an anonymous visitor) did. It is
// recorded off the request path, in batches.
type UsageEvent struct {
	At   time.Time
	Kind string
	// UserID is 0 for an anonymous visitor, told apart by Session.
	UserID int64
	// OrgPath is the person's organisation as it was at the time: people
	// move between agencies, and a read counts for the agency they were in.
	OrgPath    string
	PracticeID int64
	// Session is a short hash that tells anonymous visitors apart within a
	// day without identifying them.
	Session string
	// IP is kept only for the retention period, then erased.
	IP string
}
