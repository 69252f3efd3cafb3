package web

import (
	"testing"

	"lumbung/internal/app"
	"lumbung/internal/i18n"
)

func TestLinkMessagesComplete(t *testing.T) {
	for k := range linkMessagesID {
		if _, ok := linkMessagesEN[k]; !ok {
			t.Errorf("%q has no English text", k)
		}
	}
	for k := range linkMessagesEN {
		if _, ok := linkMessagesID[k]; !ok {
			t.Errorf("%q has no Indonesian text", k)
		}
	}
	if !i18n.Has(app.ErrPasswordSet.Key) {
		t.Errorf("%s has no message", app.ErrPasswordSet.Key)
	}
	for _, r := range app.LinkReasons {
		if !i18n.Has("link.err." + r) {
			t.Errorf("refusal %q has no message", r)
		}
	}
}
