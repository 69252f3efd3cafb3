package award

import (
	"errors"
	"testing"
	"time"
)

func TestEditionPhase(t *testing.T) {
	now := time.Date(2025, 11, 1, 10, 0, 0, 0, time.UTC)
	past, future := now.Add(-time.Hour), now.Add(time.Hour)
	tests := []struct {
		name string
		ed   Edition
		want Phase
	}{
		{"draft", Edition{SubmissionDeadline: future}, PhaseDraft},
		{"call", Edition{CallPublishedAt: past, SubmissionDeadline: future}, PhaseCall},
		{"deadline passed", Edition{CallPublishedAt: past, SubmissionDeadline: past}, PhaseJudging},
		{"frozen", Edition{CallPublishedAt: past, SubmissionDeadline: past, FrozenAt: past}, PhaseJudging},
		{"published, not announced", Edition{CallPublishedAt: past, SubmissionDeadline: past, PublishedAt: past, AnnouncementAt: future}, PhasePublished},
		{"announced", Edition{CallPublishedAt: past, SubmissionDeadline: past, PublishedAt: past, AnnouncementAt: past}, PhaseObjections},
		{"window closed, not final", Edition{CallPublishedAt: past, SubmissionDeadline: past, PublishedAt: past, AnnouncementAt: past,
			ObjectionUntil: past}, PhaseObjections},
		{"final", Edition{CallPublishedAt: past, SubmissionDeadline: past, PublishedAt: past, AnnouncementAt: past, FinalisedAt: past}, PhaseFinal},
	}
	for _, tt := range tests {
		if got := tt.ed.Phase(now); got != tt.want {
			t.Errorf("%s: phase %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestRulesLockTheRanking: the promises the state machine makes, checked
// on the table itself rather than restated.
func TestRulesLockTheRanking(t *testing.T) {
	moving := []Action{ActEditCategories, ActEditCriteria, ActEditRounds, ActEditJury, ActRegister, ActScreen, ActAssign, ActDeclare,
		ActFreeze, ActScore, ActReopenSheet, ActShortlist, ActPublish}
	for _, a := range moving {
		for p := PhasePublished; p <= PhaseFinal; p++ {
			if Allowed(a, p) {
				t.Errorf("%s is allowed in %s: it would move published results", a, p)
			}
		}
	}
	for _, a := range Actions() {
		if _, ok := rules[a]; !ok {
			t.Errorf("action %s has no rule", a)
		}
		if Allowed(a, PhaseFinal) && a != ActSettings && a != ActCertificates {
			t.Errorf("%s is allowed after the final", a)
		}
	}
	if !Allowed(ActReopenResults, PhaseObjections) || Allowed(ActReopenResults, PhasePublished) {
		t.Error("the results reopen only through an answered objection, after the announcement")
	}
	if len(Actions()) != len(rules) {
		t.Errorf("Actions lists %d actions, the rules %d", len(Actions()), len(rules))
	}
}

func TestCheckSaysEarlyOrLate(t *testing.T) {
	now := time.Now()
	ed := Edition{CallPublishedAt: now.Add(-time.Hour), SubmissionDeadline: now.Add(time.Hour)} // call
	var pe *PhaseError
	if err := ed.Check(ActScore, now); !errors.As(err, &pe) || !pe.Early || pe.Phase != PhaseCall {
		t.Errorf("scoring during the call: %v", err)
	}
	if err := ed.Check(ActPublishCall, now); !errors.As(err, &pe) || pe.Early {
		t.Errorf("publishing the call twice: %v", err)
	}
	if err := ed.Check(ActRegister, now); err != nil {
		t.Errorf("registering during the call: %v", err)
	}
	if err := ed.Check(Action("nonsense"), now); err == nil {
		t.Error("an unknown action is allowed")
	}
}

func TestJurorStatisticsFlagFewSheets(t *testing.T) {
	crit := []Criterion{{Code: "c", Weight: 1, Min: 0, Max: 100}}
	sc := func(j, e string, v float64) Score {
		return Score{Juror: j, Entry: e, Values: map[string]float64{"c": v}}
	}
	stats, err := JurorStatistics(crit, []Score{sc("dua", "A", 10), sc("dua", "B", 20),
		sc("tiga", "A", 50), sc("tiga", "B", 60), sc("tiga", "C", 70)})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stats {
		if want := s.Juror == "dua"; s.FewSheets != want {
			t.Errorf("%s (%d sheets): FewSheets %t, want %t", s.Juror, s.N, s.FewSheets, want)
		}
	}
}
