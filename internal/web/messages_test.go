package web

import (
	"io/fs"
	"regexp"
	"sort"
	"testing"

	"lumbung/internal/i18n"
	"lumbung/internal/km"
)

func TestMessagesComplete(t *testing.T) {
	for k := range messagesID {
		if _, ok := messagesEN[k]; !ok {
			t.Errorf("%q has no English text", k)
		}
	}
	for k := range messagesEN {
		if _, ok := messagesID[k]; !ok {
			t.Errorf("%q has no Indonesian text", k)
		}
	}
}

// TestTemplateKeysExist checks that every literal key a template asks t
// for, and every label key built from a domain value, is in the catalogue.
func TestTemplateKeysExist(t *testing.T) {
	re := regexp.MustCompile(`\bt "([a-z_.0-9-]+)"`)
	var keys []string
	fs.WalkDir(embedded, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := embedded.ReadFile(p)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			keys = append(keys, m[1])
		}
		return nil
	})
	for _, k := range km.Kinds {
		keys = append(keys, "kind."+string(k), "web.kind_hint."+string(k))
	}
	for _, a := range km.Accesses {
		keys = append(keys, "access."+string(a), "web.access_hint."+string(a))
	}
	for _, s := range km.Statuses {
		keys = append(keys, "status."+string(s))
	}
	for _, a := range km.Actions {
		keys = append(keys, "action."+string(a), "web.workflow.hint."+string(a), "web.flash.action."+string(a))
	}
	for _, r := range km.Roles {
		keys = append(keys, "role."+string(r))
	}
	for _, k := range []km.OrgKind{km.OrgPemda, km.OrgOPD, km.OrgUnit} {
		keys = append(keys, "orgkind."+string(k))
	}
	for _, f := range append(fieldOrder, "summary", "problem", "actions", "results", "lessons", "replication", "body") {
		if f != "metrics" && f != "status" {
			keys = append(keys, "field."+f)
		}
	}
	for _, f := range []string{"summary", "problem", "actions", "results", "lessons", "replication", "body"} {
		keys = append(keys, "web.form.hint."+f)
	}
	for _, c := range metricCols(nil) {
		keys = append(keys, "field.metric_"+c.Name)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !i18n.Has(k) {
			t.Errorf("message %q is missing", k)
		}
	}
	if len(keys) < 100 {
		t.Errorf("found only %d keys; is the pattern still right?", len(keys))
	}
}
