package web

import (
	"testing"

	"github.com/riverqueue/river"

	"lumbung/internal/app"
	"lumbung/internal/i18n"
	"lumbung/internal/jobs"
)

func TestJobsMessagesComplete(t *testing.T) {
	for k := range jobsMessagesID {
		if _, ok := jobsMessagesEN[k]; !ok {
			t.Errorf("%q has no English text", k)
		}
	}
	for k := range jobsMessagesEN {
		if _, ok := jobsMessagesID[k]; !ok {
			t.Errorf("%q has no Indonesian text", k)
		}
	}
	for _, st := range jobs.States {
		if !i18n.Has("jobs.state." + st) {
			t.Errorf("state %q has no name", st)
		}
	}
	for _, k := range []river.JobArgs{app.FreezeDueArgs{}, app.LinkMailArgs{}} {
		if !i18n.Has("jobs.kind." + k.Kind()) {
			t.Errorf("job kind %q has no name", k.Kind())
		}
	}
}
