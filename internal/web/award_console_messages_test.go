package web

import (
	"testing"

	"lumbung/internal/award"
	"lumbung/internal/i18n"
)

// TestAwardConsoleMessagesComplete: the console's catalogue has every key
// in both languages, and the keys its pages build at run time exist.
func TestAwardConsoleMessagesComplete(t *testing.T) {
	for k := range consoleMessagesID {
		if _, ok := consoleMessagesEN[k]; !ok {
			t.Errorf("%q has no English text", k)
		}
	}
	for k := range consoleMessagesEN {
		if _, ok := consoleMessagesID[k]; !ok {
			t.Errorf("%q has no Indonesian text", k)
		}
	}
	var keys []string
	for p := award.PhaseDraft; p <= award.PhaseFinal; p++ {
		keys = append(keys, "award.cphase."+p.String(), "award.cn.next."+p.String())
	}
	for _, s := range append(consoleSections, "confirm") {
		keys = append(keys, "award.cn.tab."+s)
	}
	for s := range consoleSteps {
		keys = append(keys, "award.cn.confirm."+s, "award.cn.confirm_text."+s, "award.do."+s)
	}
	keys = append(keys, "award.cn.sheet.missing", "award.cn.sheet.draft")
	for _, k := range keys {
		if !i18n.Has(k) {
			t.Errorf("message %q is missing", k)
		}
	}
}
