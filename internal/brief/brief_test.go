package brief_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"lumbung/internal/brief"
	"lumbung/internal/km"
	"lumbung/internal/pdftest"
)

const pageURL = "https://km.jakarta.example/practices/42"

func sample() brief.Doc {
	return brief.Doc{
		Lang: "id", Title: "Pengelolaan “Pasar” — 2² lantai", Kind: km.KindGood, Status: km.StatusPublished,
		Agency: "Dinas Perindustrian, Perdagangan, Koperasi, Usaha Kecil dan Menengah", Summary: "Retribusi pasar dibayar nontunai lewat QRIS.",
		Metrics: []brief.Metric{{Indicator: "Pendapatan retribusi", Unit: "juta rupiah", Baseline: "1.200", Value: "1.500", Change: "+300", Percent: "+25%"}},
		Lessons: "Pedagang perlu pendampingan minggu pertama.", Replication: "Siapkan QRIS per los; latih juru pungut.",
		Adopters: 3, HasAdopters: true, URL: pageURL, Printed: "8 Desember 2026",
	}
}

func render(t *testing.T, w *brief.Writer, d brief.Doc) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := w.Write(&buf, d); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

// flat is pdftotext's text with runs of white space made one space, so
// that a phrase wrapped or laid out in columns can still be found.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestBrief: one page with the title, kind, agency, every section, the
// metric with its change, the adopters line and the page's address,
// printed and as the QR code; Indonesian words by default, English ones
// on request.
func TestBrief(t *testing.T) {
	w := brief.New(brief.DebianFonts, nil)
	if !w.UnicodeFonts() {
		t.Log("DejaVu Sans not installed: testing the core-font fallback")
	}
	pdf := render(t, w, sample())
	if n := pdftest.Pages(t, pdf); n != 1 {
		t.Errorf("got %d pages, want 1", n)
	}
	text := flat(pdftest.Text(t, pdf))
	for _, want := range []string{"Pengelolaan “Pasar” — 2² lantai", "Praktik baik", "Dinas Perindustrian, Perdagangan", "Ringkasan",
		"Retribusi pasar dibayar nontunai", "Dampak", "Pendapatan retribusi (juta rupiah)", "1.200", "1.500", "+300 (+25%)",
		"Pelajaran", "Cara mereplikasi", "latih juru pungut", "Diadopsi oleh 3 instansi", pageURL, "8 Desember 2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Selengkapnya") {
		t.Errorf("a short practice says it was cut:\n%s", text)
	}
	if got := pdftest.QR(t, pdf); got != pageURL {
		t.Errorf("QR code %q, want %q", got, pageURL)
	}

	d := sample()
	d.Lang, d.Kind, d.Status, d.HasAdopters = "en", km.KindBad, km.StatusDraft, false
	text = flat(pdftest.Text(t, render(t, w, d)))
	for _, want := range []string{"Bad practice", "Draft: not published", "Summary", "Impact", "Lessons", "How to replicate"} {
		if !strings.Contains(text, want) {
			t.Errorf("English text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Adopted") || strings.Contains(text, "Ringkasan") {
		t.Errorf("English brief with Indonesian words or an adopters line it was not given:\n%s", text)
	}
}

// TestBriefLongPractice: a practice with every field at its longest and
// twenty metrics still fits one page; its sections are cut with an
// ellipsis and the page says where to read the rest.
func TestBriefLongPractice(t *testing.T) {
	long := func(word string, n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 && i%40 == 0 {
				b.WriteString("\n\n")
			}
			b.WriteString(word + " ")
		}
		return b.String()
	}
	d := sample()
	d.Title = long("Penyederhanaan", 20)
	d.Agency = long("Dinas", 40)
	d.Summary = long("ringkasan", 200)
	d.Lessons = long("pelajaran", 2000)
	d.Replication = strings.Repeat("x", 5000) // one word wider than the page
	for i := range 20 {
		d.Metrics = append(d.Metrics, brief.Metric{Indicator: long("indikator", 30), Unit: "orang", Baseline: "1.000.000.000.000",
			Value: "999.999.999.999.999", Change: "+998.999.999.999.999", Percent: "+99.899.900%"})
		_ = i
	}
	for _, w := range []*brief.Writer{brief.New(brief.DebianFonts, nil), brief.New(brief.Fonts{}, slog.New(slog.DiscardHandler))} {
		pdf := render(t, w, d)
		if n := pdftest.Pages(t, pdf); n != 1 {
			t.Fatalf("unicode fonts %v: got %d pages, want 1", w.UnicodeFonts(), n)
		}
		text := flat(pdftest.Text(t, pdf))
		for _, want := range []string{"…", "Selengkapnya di " + pageURL, "indikator lainnya", "Pelajaran", "Cara mereplikasi"} {
			if !strings.Contains(text, want) {
				t.Errorf("unicode fonts %v: text lacks %q:\n%s", w.UnicodeFonts(), want, text)
			}
		}
		if got := pdftest.QR(t, pdf); got != pageURL {
			t.Errorf("QR code %q, want %q", got, pageURL)
		}
	}
}

// TestBriefWithoutFonts: missing font files make a brief in the core
// fonts, whose cp1252 still carries Indonesian and typographic quotes,
// and one warning in the log however many briefs are drawn.
func TestBriefWithoutFonts(t *testing.T) {
	var log bytes.Buffer
	w := brief.New(brief.Fonts{Regular: "/nonexistent/a.ttf", Bold: "/nonexistent/b.ttf"}, slog.New(slog.NewTextHandler(&log, nil)))
	var pdf []byte
	for range 3 {
		pdf = render(t, w, sample())
	}
	if w.UnicodeFonts() {
		t.Fatal("fonts reported loaded from paths that do not exist")
	}
	if n := strings.Count(log.String(), "level=WARN"); n != 1 {
		t.Errorf("got %d warnings, want 1:\n%s", n, log.String())
	}
	text := flat(pdftest.Text(t, pdf))
	if want := "Pengelolaan “Pasar” — 2² lantai"; !strings.Contains(text, want) {
		t.Errorf("text lacks %q:\n%s", want, text)
	}
}

func TestFilename(t *testing.T) {
	tests := []struct {
		title, want string
	}{
		{"Pengelolaan “Pasar” — 2² lantai", "praktik-7-pengelolaan-pasar-2-lantai.pdf"},
		{"", "praktik-7.pdf"},
		{"“”", "praktik-7.pdf"},
		{`a/b\c"d;e`, "praktik-7-a-b-c-d-e.pdf"},
		{strings.Repeat("abc ", 40), "praktik-7-" + strings.TrimSuffix(strings.Repeat("abc-", 15), "-") + ".pdf"},
	}
	for _, tt := range tests {
		if got := brief.Filename(7, tt.title); got != tt.want {
			t.Errorf("Filename(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}
