package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

type searchResp struct {
	Total   int `json:"total"`
	Results []struct {
		ID         int64               `json:"id"`
		Title      string              `json:"title"`
		Highlights map[string][]string `json:"highlights"`
	} `json:"results"`
	Facets map[string][]struct {
		Value string
		Count int
	} `json:"facets"`
	Suggestion string `json:"suggestion"`
}

func TestSearchAPI(t *testing.T) {
	e := newEnv(t)
	pub := e.create("koordinator@a.go.id", map[string]any{"org": "dinas-a", "title": "Pelayanan perizinan terpadu", "summary": "Warga dilayani dalam satu hari di kantor kelurahan.", "status": "published", "tags": []string{"ptsp"}})
	e.create("koordinator@a.go.id", map[string]any{"org": "dinas-a", "title": "Pelayanan internal pegawai", "summary": "Layanan kepegawaian untuk ASN.", "status": "published", "access": "internal"})
	e.create("kontributor@a.go.id", map[string]any{"org": "dinas-a", "title": "Draf pelayanan", "summary": "belum terbit"})

	get := func(as, q string) (*http.Response, searchResp) {
		var sr searchResp
		resp := e.do("GET", "/api/v1/search?"+q, as, nil, &sr)
		return resp, sr
	}
	// The public finds the published public practice by an affixed form.
	resp, sr := get("", "q="+url.QueryEscape("melayani"))
	if resp.StatusCode != 200 || sr.Total != 1 || sr.Results[0].ID != pub.ID {
		t.Fatalf("public search: %d %+v", resp.StatusCode, sr)
	}
	if len(sr.Results[0].Highlights) == 0 || !strings.Contains(fmt.Sprint(sr.Results[0].Highlights), "<mark>") {
		t.Errorf("no highlights: %+v", sr.Results[0].Highlights)
	}
	// Signed in: the internal one too; the contributor also sees their draft.
	if _, sr := get("kontributor@b.go.id", "q=pelayanan"); sr.Total != 2 {
		t.Errorf("signed-in (other agency) finds %d, want 2", sr.Total)
	}
	if _, sr := get("kontributor@a.go.id", "q=pelayanan"); sr.Total != 3 {
		t.Errorf("contributor of the agency finds %d, want 3", sr.Total)
	}
	// Facets and filters.
	_, sr = get("kontributor@b.go.id", "q=pelayanan")
	if len(sr.Facets["kind"]) == 0 || sr.Facets["kind"][0].Count != 2 {
		t.Errorf("facets = %+v", sr.Facets)
	}
	if _, sr := get("", "q=pelayanan&org=dinas-b"); sr.Total != 0 {
		t.Errorf("org filter: %d, want 0", sr.Total)
	}
	// Synonyms: PTSP is a tag; "perizinan" finds it too.
	if _, sr := get("", "q=PTSP"); sr.Total != 1 {
		t.Errorf("acronym: %d, want 1", sr.Total)
	}
	// Newest first on request: the internal practice was created after the
	// public one, which ranks first on relevance (its title, summary and
	// tag all say pelayanan/layan).
	if _, sr := get("kontributor@b.go.id", "q=pelayanan&sort=newest"); sr.Total != 2 || sr.Results[0].ID == pub.ID || sr.Results[1].ID != pub.ID {
		t.Errorf("sort=newest: %+v, want the internal practice before %d", sr.Results, pub.ID)
	}
	// Bad input: clear 400s, never 500.
	for _, q := range []string{"q=" + strings.Repeat("a", 10240), "limit=0", "limit=abc", "offset=-1", "offset=1001", "kind=great", "q=a&sort=oldest"} {
		var ae apiError
		if resp := e.do("GET", "/api/v1/search?"+q, "", nil, &ae); resp.StatusCode != 400 || ae.Error.Message == "" {
			t.Errorf("%.30s: got %d %q, want 400 with a message", q, resp.StatusCode, ae.Error.Message)
		}
	}
	for _, q := range []string{`"pelayanan`, "*", "%00%01", "😀", "日本語", "-", `""`} {
		if resp, _ := get("", "q="+url.QueryEscape(q)); resp.StatusCode != 200 {
			t.Errorf("%q: %d, want 200", q, resp.StatusCode)
		}
	}
	// Analytics: the searches above were recorded; admins read them.
	if resp := e.do("GET", "/api/v1/search/analytics", "kontributor@a.go.id", nil, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("contributor reads analytics: %d, want 403", resp.StatusCode)
	}
	var an struct {
		Top []struct {
			Query string
			Count int
		} `json:"top"`
		NoResults []struct{ Query string } `json:"no_results"`
		Scope     struct {
			All  bool     `json:"all"`
			Orgs []string `json:"orgs"`
		} `json:"scope"`
	}
	e.do("GET", "/api/v1/search/analytics", "admin@root.go.id", nil, &an)
	if len(an.Top) == 0 || an.Top[0].Query != "pelayanan" || an.Top[0].Count < 3 {
		t.Errorf("analytics top = %+v", an.Top)
	}
	if !an.Scope.All || len(an.Scope.Orgs) != 0 {
		t.Errorf("root admin's scope = %+v, want all", an.Scope)
	}
	found := false
	for _, q := range an.NoResults {
		found = found || strings.Contains(q.Query, "日本語")
	}
	if !found {
		t.Errorf("no-results list lacks the query that found nothing: %+v", an.NoResults)
	}
	// Related practices leave the practice itself out.
	var rel struct {
		Related []struct{ ID int64 } `json:"related"`
	}
	e.do("GET", fmt.Sprintf("/api/v1/practices/%d/related", pub.ID), "kontributor@b.go.id", nil, &rel)
	for _, r := range rel.Related {
		if r.ID == pub.ID {
			t.Errorf("related includes the practice itself")
		}
	}
	if len(rel.Related) == 0 {
		t.Errorf("no related practice found")
	}
}
