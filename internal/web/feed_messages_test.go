package web

import (
	"testing"

	"lumbung/internal/i18n"
)

func TestFeedMessagesComplete(t *testing.T) {
	for k := range feedMessagesID {
		if _, ok := feedMessagesEN[k]; !ok {
			t.Errorf("%q has no English text", k)
		}
	}
	for k := range feedMessagesEN {
		if _, ok := feedMessagesID[k]; !ok {
			t.Errorf("%q has no Indonesian text", k)
		}
	}
	// Flash messages are looked up by key at run time.
	for _, k := range []string{"feed.revoked", "feed.none"} {
		if !i18n.Has(k) {
			t.Errorf("%s has no message", k)
		}
	}
}
