package km

import (
	"strings"
	"time"
	"unicode/utf8"
)

// MaxPostBody bounds the markdown of a question or an answer, in bytes.
const MaxPostBody = 10000

// Moderation records that a moderator hid a question or an answer. The
// zero value is a visible post.
type Moderation struct {
	HiddenAt time.Time
	HiddenBy int64
	Reason   string
}

// Hidden reports whether the post is hidden.
func (m Moderation) Hidden() bool { return !m.HiddenAt.IsZero() }

// Question is something a reader asked about a practice: the tacit
// knowledge the written record left out.
type Question struct {
	ID         int64
	PracticeID int64
	AuthorID   int64
	AuthorName string
	Body       string // markdown
	AskedAt    time.Time
	EditedAt   time.Time // zero when never edited
	Moderation
	Answers []Answer // the accepted one first, then in the order posted
}

// Answer is a reply to a question.
type Answer struct {
	ID         int64
	QuestionID int64
	AuthorID   int64
	AuthorName string
	Body       string // markdown
	Accepted   bool
	PostedAt   time.Time
	EditedAt   time.Time
	Moderation
}

// PostKind names what a post is, for edit histories and audit events.
type PostKind string

// The two kinds of post.
const (
	PostQuestion PostKind = "question"
	PostAnswer   PostKind = "answer"
)

// PostEdit is an earlier version of an edited post: the text as it stood
// from WrittenAt until ReplacedAt, when ReplacedBy changed it.
type PostEdit struct {
	Body           string
	WrittenAt      time.Time
	ReplacedAt     time.Time
	ReplacedBy     int64
	ReplacedByName string
}

// CleanPostBody trims a question's or an answer's text and checks it: not
// empty, at most MaxPostBody bytes, valid UTF-8 without NUL.
func CleanPostBody(s string) (string, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	var v ValidationError
	switch {
	case s == "":
		v.Add("body", "post_empty")
	case len(s) > MaxPostBody:
		v.Add("body", "post_too_long")
	case !utf8.ValidString(s) || strings.ContainsRune(s, 0):
		v.Add("body", "invalid")
	}
	return s, v.Err()
}

// CleanHideReason checks a moderator's reason for hiding a post.
func CleanHideReason(s string) (string, error) {
	s = strings.TrimSpace(s)
	var v ValidationError
	switch {
	case s == "":
		v.Add("reason", "required")
	case len(s) > 2000:
		v.Add("reason", "too_long")
	case !utf8.ValidString(s) || strings.ContainsRune(s, 0):
		v.Add("reason", "invalid")
	}
	return s, v.Err()
}

// CanModerateQA reports whether u may hide the questions and answers on p:
// the coordinators over its organisation, and admins over it.
func CanModerateQA(u *User, p *Practice) bool { return u.Has(RoleCoordinator, p.OrgPath) }

// CanAccept reports whether u may accept an answer to q on p: the one who
// asked, or the practice's author.
func CanAccept(u *User, q *Question, p *Practice) bool {
	return u != nil && u.ID != 0 && (u.ID == q.AuthorID || u.ID == p.CreatedBy)
}
