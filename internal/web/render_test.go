package web

import (
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A template that fails half-way must not send half a page.
func TestRenderErrorIsClean500(t *testing.T) {
	broken := template.Must(template.New("").Parse(`{{define "layout"}}<p>awal halaman</p>{{.NoSuchField}}{{end}}`))
	w := &Web{Deps: Deps{Log: slog.New(slog.NewTextHandler(io.Discard, nil))},
		pages: map[string]map[string]*pageTemplate{"id": {"home": broken}}}
	rec := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	w.render(rec, r, http.StatusOK, "home", &view{Lang: "id"})
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", rec.Code)
	}
	body := rec.Body.String()
	if strings.Contains(body, "awal halaman") || strings.Contains(body, "NoSuchField") {
		t.Errorf("the error page leaks the broken page or the error: %q", body)
	}
	if !strings.Contains(body, "Terjadi kesalahan pada server") {
		t.Errorf("the error page does not explain itself: %q", body)
	}
}

func TestTemplatesParse(t *testing.T) {
	st, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	pages, err := parseTemplates(st)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"id", "en"} {
		for _, name := range []string{"home", "list", "practice", "form", "login", "error", "revisions", "diff", "due", "orgs", "org", "audit"} {
			if pages[lang][name] == nil {
				t.Errorf("no %s page in %s", name, lang)
			}
		}
	}
}
