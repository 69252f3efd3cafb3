package web

import (
	"testing"

	"lumbung/internal/i18n"
	"lumbung/internal/km"
)

func TestAdoptionMessagesComplete(t *testing.T) {
	for k := range adoptionMessagesID {
		if _, ok := adoptionMessagesEN[k]; !ok {
			t.Errorf("%q has no English text", k)
		}
	}
	for k := range adoptionMessagesEN {
		if _, ok := adoptionMessagesID[k]; !ok {
			t.Errorf("%q has no Indonesian text", k)
		}
	}
	keys := []string{"adoption.reason_required", "adoption.regulation_required", "adoption.not_published", "adoption.own_agency",
		"adoption.unknown_practice", "adoption.derived_not_own", "adoption.bad_move", "adoption.org_fixed", "err.adoption_exists"}
	for _, s := range km.AdoptionStatuses {
		keys = append(keys, "adoption.status."+string(s))
	}
	for _, k := range keys {
		for _, lang := range i18n.Languages {
			if i18n.T(lang, k) == k {
				t.Errorf("%s: %q has no message", lang, k)
			}
		}
	}
}
