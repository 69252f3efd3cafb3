package web

import (
	"testing"

	"lumbung/internal/app"
	"lumbung/internal/award"
	"lumbung/internal/i18n"
)

func TestAwardMessagesComplete(t *testing.T) {
	for k := range awardMessagesID {
		if _, ok := awardMessagesEN[k]; !ok {
			t.Errorf("%q has no English text", k)
		}
	}
	for k := range awardMessagesEN {
		if _, ok := awardMessagesID[k]; !ok {
			t.Errorf("%q has no Indonesian text", k)
		}
	}
	// Keys built from values at run time.
	var keys []string
	for _, p := range []string{"draft", "open", "judging", "announced", "final"} {
		keys = append(keys, "award.phase."+p)
	}
	for _, m := range award.Methods {
		keys = append(keys, "award.method."+string(m), "award.method_hint."+string(m))
	}
	for _, k := range award.RoundKinds {
		keys = append(keys, "award.kind."+string(k))
	}
	for _, s := range []string{"todo", award.SheetDraft, award.SheetSubmitted} {
		keys = append(keys, "award.sheet."+s)
	}
	for _, c := range []string{"winner", "participant"} {
		keys = append(keys, "award.cert."+c)
	}
	for _, a := range []string{"screen", "assign", "auto-assign", "reopen", "shortlist", "freeze", "publish", "finalise", "certificates",
		"settings", "answer", "draft", "submit", "conflict", "objection", "logo", "logo-remove"} {
		keys = append(keys, "award.flash."+a)
	}
	for _, r := range app.AwardRefusals {
		keys = append(keys, r.Key)
	}
	// The domain's and the import's validation keys.
	keys = append(keys, award.KeyCriteriaEmpty, award.KeyCriterionCode, award.KeyCriterionDuplicate, award.KeyCriterionWeight,
		award.KeyCriterionScale, award.KeyScoreJuror, award.KeyScoreEntry, award.KeyScoreDuplicate, award.KeyScoreMissing,
		award.KeyScoreUnknown, award.KeyScoreNotNumber, award.KeyScoreOutOfRange, award.KeyMethodUnknown, award.KeyRoundsEmpty,
		award.KeyRoundCode, award.KeyRoundDuplicate, award.KeyRoundKind, award.KeyRoundOrder, award.KeyRoundAdvance,
		award.KeyRoundWeight, award.KeyRoundsNoWeight, award.KeyResultsUnknownRound, award.KeyResultsDuplicate,
		award.KeyResultsEntryRequired, award.KeyResultsNotNumber, "award.conflict_of_interest", "award.unknown_round",
		"award.unknown_juror", "award.unknown_entry", "award.assign.n_invalid", "award.assign.not_enough_jurors",
		"award.import.announcement_before_deadline", "award.import.duplicate", "award.import.edition_exists",
		"award.import.invalid_code", "award.import.invalid_juror", "award.import.invalid_org", "award.import.invalid_time",
		"award.import.invalid_year", "award.import.late", "award.import.unknown_category", "award.import.unknown_entry",
		"award.import.unknown_juror", "award.import.unknown_org", "award.import.unknown_round", "award.import.invalid_winners")
	for _, k := range keys {
		if !i18n.Has(k) {
			t.Errorf("message %q is missing", k)
		}
	}
}
