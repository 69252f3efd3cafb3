package app_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"lumbung/internal/app"
	"lumbung/internal/km"
	"lumbung/internal/pdftest"
)

// TestPracticeBrief: the brief is refused to whom the practice is (an
// internal one to the anonymous), prints the change and percentage
// km.Metric computes (none for a zero baseline) in the practice page's
// number format, and points at BaseURL; a failing adopters count fails
// the brief instead of printing a wrong number.
func TestPracticeBrief(t *testing.T) {
	ctx := context.Background()
	a, _ := newImportApp(t)
	a.BaseURL = "https://km.example"
	p, err := a.CreatePractice(ctx, app.System, app.PracticeInput{OrgCode: km.RootOrgCode, Practice: km.Practice{
		Title: "Antrean puskesmas", Summary: "Antrean daring.", Access: km.AccessInternal, Status: km.StatusPublished,
		Metrics: []km.Metric{{Indicator: "Waktu tunggu", Unit: "menit", Baseline: 80, Value: 60}, {Indicator: "Aduan baru", Baseline: 0, Value: 1500.5}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.PracticeBrief(ctx, app.Actor{}, p.ID, "id"); !errors.Is(err, km.ErrNotFound) {
		t.Fatalf("anonymous brief of an internal practice: %v, want ErrNotFound", err)
	}
	pdf, got, err := a.PracticeBrief(ctx, app.System, p.ID, "id")
	if err != nil || got.ID != p.ID {
		t.Fatalf("brief: %v (practice %d)", err, got.ID)
	}
	text := strings.Join(strings.Fields(pdftest.Text(t, pdf)), " ")
	url := fmt.Sprintf("https://km.example/practices/%d", p.ID)
	for _, want := range []string{"Waktu tunggu (menit) 80 60 −20 (−25%)", "Aduan baru 0 1.500,5 +1.500,5", url} {
		if !strings.Contains(text, want) {
			t.Errorf("brief lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "+1.500,5 (") {
		t.Errorf("a percentage for a zero baseline:\n%s", text)
	}
	if url != a.PracticeURL(p.ID) {
		t.Errorf("PracticeURL = %q, want %q", a.PracticeURL(p.ID), url)
	}

	a.AdopterCount = func(context.Context, int64) (int, error) { return 0, errors.New("adoptions unavailable") }
	if _, _, err := a.PracticeBrief(ctx, app.System, p.ID, "en"); err == nil {
		t.Error("a brief despite a failing adopters count")
	}
}
