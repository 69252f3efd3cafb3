package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"lumbung/internal/award"
	"lumbung/internal/km"
)

// Sheet states in progress reports: an assigned pair has no sheet yet, a
// draft, or a submitted sheet.
const (
	SheetMissing = "missing"
	SheetDraft   = "draft"
)

// UnfinishedSheet is an assigned juror–entry pair of a round whose sheet is
// missing or still a draft.
type UnfinishedSheet struct {
	Round  string `json:"round"`
	Juror  string `json:"juror"`
	Entry  string `json:"entry"`
	Status string `json:"status"` // SheetMissing or SheetDraft
}

// key is what a confirmation must name of an unfinished sheet.
func (u UnfinishedSheet) key() string { return u.Round + "\x00" + u.Juror + "\x00" + u.Entry }

// JurorProgress is one juror's scoring in one round.
type JurorProgress struct {
	Round     string `json:"round"`
	Juror     string `json:"juror"` // e-mail
	Name      string `json:"name"`
	Assigned  int    `json:"assigned"`
	Submitted int    `json:"submitted"`
	Drafts    int    `json:"drafts"`
}

// Missing is how many assigned sheets the juror has not started.
func (p JurorProgress) Missing() int { return p.Assigned - p.Submitted - p.Drafts }

// Done reports whether every assigned sheet is submitted.
func (p JurorProgress) Done() bool { return p.Submitted == p.Assigned }

// ScoringProgress is where scoring stands: per juror and round, and the
// list of unfinished sheets, in round, juror, entry order.
type ScoringProgress struct {
	Jurors     []JurorProgress   `json:"jurors"`
	Unfinished []UnfinishedSheet `json:"unfinished"`
}

// scoringProgress computes the progress of every round of d.
func scoringProgress(d *award.Data) ScoringProgress {
	status := map[award.Assignment]string{}
	for _, s := range d.Sheets {
		status[award.Assignment{RoundID: s.RoundID, JurorID: s.JurorID, EntryID: s.EntryID}] = s.Status
	}
	// A set, not a scan of the list per pair: the console and every
	// publish walk rounds × jurors × entries (2 × 15 × 51 at the award's size).
	isAssigned := make(map[award.Assignment]bool, len(d.Assignments))
	for _, as := range d.Assignments {
		isAssigned[as] = true
	}
	out := ScoringProgress{Jurors: []JurorProgress{}, Unfinished: []UnfinishedSheet{}}
	for _, r := range d.Rounds {
		for _, j := range d.Jurors {
			p := JurorProgress{Round: r.Code, Juror: j.Email, Name: j.Name}
			for _, e := range d.Entries {
				as := award.Assignment{RoundID: r.ID, JurorID: j.ID, EntryID: e.ID}
				if !isAssigned[as] {
					continue
				}
				p.Assigned++
				switch st, ok := status[as]; {
				case st == award.SheetSubmitted:
					p.Submitted++
				case ok:
					p.Drafts++
					out.Unfinished = append(out.Unfinished, UnfinishedSheet{r.Code, j.Email, e.Code, SheetDraft})
				default:
					out.Unfinished = append(out.Unfinished, UnfinishedSheet{r.Code, j.Email, e.Code, SheetMissing})
				}
			}
			if p.Assigned > 0 {
				out.Jurors = append(out.Jurors, p)
			}
		}
	}
	return out
}

// AwardProgress returns where scoring stands (secretariat): what the
// console shows before freezing and publishing.
func (a *App) AwardProgress(ctx context.Context, actor Actor, code string) (ScoringProgress, error) {
	d, err := a.awardData(ctx, actor, code)
	if err != nil {
		return ScoringProgress{}, err
	}
	if err := actor.secretariatOnly(&d.Edition); err != nil {
		return ScoringProgress{}, err
	}
	return scoringProgress(d), nil
}

// UnfinishedScoringError refuses publishing while sheets are unfinished; it
// lists them, so the secretariat can confirm exactly that list.
type UnfinishedScoringError struct {
	Sheets []UnfinishedSheet
}

func (e *UnfinishedScoringError) Error() string {
	return fmt.Sprintf("%v (%d)", ErrUnfinishedScoring, len(e.Sheets))
}

// Unwrap makes it an ErrUnfinishedScoring, and so a 409.
func (e *UnfinishedScoringError) Unwrap() error { return ErrUnfinishedScoring }

// PublishConfirm is the secretariat's confirmation that results may be
// published although scoring is unfinished: it must name every unfinished
// sheet (round, juror, entry; status is ignored) and give a reason. A
// confirmation of another list than the current one is refused, so nobody
// confirms a list that changed under them.
type PublishConfirm struct {
	Unfinished []UnfinishedSheet `json:"unfinished"`
	Reason     string            `json:"reason"`
}

// check returns nil when the confirmation covers exactly the unfinished
// sheets, an *UnfinishedScoringError when it does not, and a validation
// error when it does without a reason.
func (c PublishConfirm) check(unfinished []UnfinishedSheet) error {
	if len(unfinished) == 0 {
		return nil
	}
	keys := func(us []UnfinishedSheet) []string {
		out := make([]string, len(us))
		for i, u := range us {
			out[i] = u.key()
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	if !slices.Equal(keys(c.Unfinished), keys(unfinished)) || len(c.Unfinished) != len(unfinished) {
		return &UnfinishedScoringError{Sheets: unfinished}
	}
	if strings.TrimSpace(c.Reason) == "" {
		return &km.ValidationError{Fields: map[string]string{"reason": "required"}}
	}
	return nil
}

// IsUnfinishedScoring returns the unfinished sheets an error lists.
func IsUnfinishedScoring(err error) ([]UnfinishedSheet, bool) {
	var u *UnfinishedScoringError
	if errors.As(err, &u) {
		return u.Sheets, true
	}
	return nil, false
}
