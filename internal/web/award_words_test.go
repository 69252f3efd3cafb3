package web_test

import (
	"compress/zlib"
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// englishWords are words that must not appear in the Indonesian award
// pages: the English of the award's own vocabulary and of the controls
// around it. Words Indonesian shares with English (final, total, status,
// data, demo) are not listed.
var englishWords = strings.Fields(`
	juror jurors jury score scores scored scoring entry entries entrant entrants
	round rounds shortlist shortlisted submit submitted draft drafts fitted z-score zscore
	screening screened assign assigned assignment assignments conflict conflicts
	hash pending pass passed fail failed winner winners result results method edition editions
	category categories criteria criterion weight weights deadline announcement certificate
	certificates participant participants objection objections published publish unpublished
	judging announced desk presentation field raw mean rank ranking offset upload download
	save delete cancel sheet sheets evidence snapshot snapshots verify verified setup settings
	console workspace the and of for with from not yes view show back next previous
	sign logout account role roles organisation organization agency summary title practice
	practices file files none empty anonymous open opens closed add remove create update apply
	confirm reopen freeze frozen issued public private note notes comment comments review
	registration register registered outcome reason level levels scale anchor anchors
`)

var (
	urlRE    = regexp.MustCompile(`https?://\S+`)
	tagRE    = regexp.MustCompile(`(?s)<[^>]*>`)
	hiddenRE = regexp.MustCompile(`(?is)<(script|style)\b.*?</(script|style)>`)
	// readerAttrRE finds the attributes a reader meets too: tooltips, placeholders,
	// labels read aloud, alternative text.
	readerAttrRE = regexp.MustCompile(`(?i)\s(?:title|placeholder|aria-label|alt)="([^"]*)"`)
	englishRE    = regexp.MustCompile(`(?i)(^|[^\pL\pN_@.-])(` + strings.Join(englishWords, "|") + `)($|[^\pL\pN_@-])`)
)

// visibleText is what a reader sees of a page: the text between tags,
// without scripts and styles, and the text of tooltips, placeholders and
// labels, one per line; entities decoded.
func visibleText(body string) string {
	body = hiddenRE.ReplaceAllString(body, " ")
	var attrs strings.Builder
	for _, m := range readerAttrRE.FindAllStringSubmatch(body, -1) {
		attrs.WriteString("\n" + m[1])
	}
	body += attrs.String()
	body = tagRE.ReplaceAllString(body, " ")
	return html.UnescapeString(body)
}

// englishIn returns the English words of a page's visible text, each with
// the line it stands in. Addresses are not words: the routes keep their names.
func englishIn(body string) []string {
	var out []string
	for _, line := range strings.Split(visibleText(body), "\n") {
		line = strings.TrimSpace(line)
		for _, m := range englishRE.FindAllStringSubmatch(urlRE.ReplaceAllString(line, " "), -1) {
			out = append(out, strings.ToLower(m[2])+": "+line)
		}
	}
	return out
}

// wordCheck fetches pages in Indonesian and collects their English.
type wordCheck struct {
	t     *testing.T
	found map[string][]string // word and line -> pages
}

func (w *wordCheck) page(c *client, path string) response {
	w.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	req.Header.Set("Accept-Language", "id")
	res := c.do(req)
	if res.StatusCode != http.StatusOK {
		w.t.Errorf("GET %s: status %d, want 200", path, res.StatusCode)
		return res
	}
	for _, f := range englishIn(res.Body) {
		w.found[f] = append(w.found[f], path)
	}
	return res
}

// refused posts a form that the page refuses and checks the page it
// answers with: its message and the form shown again.
func (w *wordCheck) refused(c *client, path string, form url.Values, status int) {
	w.t.Helper()
	res := c.postLang(path, "id", form)
	if res.StatusCode != status {
		w.t.Errorf("POST %s: status %d, want %d", path, res.StatusCode, status)
		return
	}
	for _, f := range englishIn(res.Body) {
		w.found[f] = append(w.found[f], "POST "+path)
	}
}

func (w *wordCheck) report() {
	keys := make([]string, 0, len(w.found))
	for k := range w.found {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		w.t.Errorf("English in the Indonesian award pages: %q (%s)", k, strings.Join(w.found[k][:min(3, len(w.found[k]))], ", "))
	}
}

func TestEnglishWordsFound(t *testing.T) {
	for _, c := range []struct {
		body string
		want []string
	}{
		{`<p>Nilai juri</p>`, nil},
		{`<p class="score">Nilai</p><script>var entry = 1</script>`, nil},
		{`<input placeholder="Reason">`, []string{"reason"}},
		{`<td>Fitted</td>`, []string{"fitted"}},
		{`<a href="/x">Shortlist</a> dan skor z-score`, []string{"shortlist", "z-score"}},
		{`juri@demo.lumbung.id, berkas laporan-entry.pdf`, nil},
		{`Entri &amp; Draft`, []string{"draft"}},
		{`Periksa di http://127.0.0.1/award/verify/KMA-X`, nil},
	} {
		var got []string
		for _, f := range englishIn(c.body) {
			got = append(got, f[:strings.Index(f, ":")])
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("englishIn(%q) = %v, want %v", c.body, got, c.want)
		}
	}
}

// TestAwardPagesIndonesian renders every award page in Indonesian, as
// each of its readers sees it at each stage of an edition, and fails on
// English words: the demo edition (final results, objections, certificates),
// an edition open for registration, a draft one, and one being judged.
func TestAwardPagesIndonesian(t *testing.T) {
	w := &wordCheck{t: t, found: map[string][]string{}}
	s := newSite(t, true)
	a := s.App
	ctx := context.Background()
	pub := s.client(t)
	sec := s.client(t)
	sec.login("sekretariat@demo.lumbung.id", demoPassword)
	ent := s.client(t)
	ent.login("koordinator.pasar@demo.lumbung.id", demoPassword)
	dinkes := s.client(t)
	dinkes.login("koordinator.dinkes@demo.lumbung.id", demoPassword)
	jur := s.client(t)
	jur.login("juri@demo.lumbung.id", demoPassword)

	// The demo edition: final.
	w.page(pub, "/award")
	for _, q := range []string{"", "?round=dokumen", "?round=paparan", "?method=raw", "?method=fitted", "?method=zscore", "?round=dokumen&method=fitted"} {
		w.page(pub, "/award/kma-2025"+q)
		w.page(sec, "/award/kma-2025"+q)
	}
	w.page(pub, "/award/verify")
	w.page(sec, "/award/kma-2025/console")
	for _, section := range []string{"entries", "jury", "progress", "results", "objections"} {
		for _, q := range []string{"", "?round=dokumen", "?round=paparan"} {
			w.page(sec, "/award/kma-2025/console/"+section+q)
		}
	}
	res := w.page(sec, "/award/kma-2025/console/certificates")
	certs := regexp.MustCompile(`/award/certificates/(KMA-[A-Z0-9-]+)`).FindAllStringSubmatch(res.Body, -1)
	if len(certs) == 0 {
		t.Fatal("no certificate in the console")
	}
	for _, c := range certs[:1] {
		w.page(pub, "/award/verify/"+c[1])
	}
	// The certificates themselves, a winner's and a participant's: the text
	// of their PDF.
	for _, c := range []string{certs[0][1], certs[len(certs)-1][1]} {
		res := sec.get("/award/certificates/" + c)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("certificate %s: status %d", c, res.StatusCode)
		}
		text := pdfText(t, res.Body)
		if !strings.Contains(text, "SERTIFIKAT") {
			t.Errorf("certificate %s: no text found in %q", c, text)
		}
		for _, f := range englishIn(text) {
			w.found[f] = append(w.found[f], "certificate "+c)
		}
	}
	w.page(sec, "/award/kma-2025/setup")
	w.page(sec, "/award/kma-2025/snapshots")
	w.page(sec, "/award/new")
	w.page(ent, "/award/kma-2025/entries")
	w.page(dinkes, "/award/kma-2025/entries")
	res = w.page(jur, "/award/kma-2025/jury")
	for _, link := range regexp.MustCompile(`/award/kma-2025/jury/[a-z]+/KMA25-[0-9]+`).FindAllString(res.Body, 2) {
		w.page(jur, link)
	}

	// An edition open for registration, with an entry of Pasar Jaya, and a
	// draft one.
	secretariat, err := a.Store.UserByEmail(ctx, "sekretariat@demo.lumbung.id")
	if err != nil {
		t.Fatal(err)
	}
	secActor := app.Actor{User: &secretariat}
	wib := time.FixedZone("WIB", 7*3600)
	at := func(d time.Duration) string { return time.Now().Add(d).In(wib).Format("2006-01-02T15:04") }
	for _, ed := range []app.EditionInput{
		{Code: "kma-2026", Name: "KM Award 2026", Year: 2026, RegistrationOpens: at(-time.Hour), SubmissionDeadline: at(30 * 24 * time.Hour),
			AnnouncementAt: at(60 * 24 * time.Hour), Winners: 3},
		{Code: "kma-2027", Name: "KM Award 2027", Year: 2027, SubmissionDeadline: at(400 * 24 * time.Hour), AnnouncementAt: at(430 * 24 * time.Hour)},
	} {
		if _, err := a.CreateEdition(ctx, secActor, ed); err != nil {
			t.Fatal(err)
		}
		if _, err := a.SaveCriterion(ctx, secActor, ed.Code, "", app.CriterionInput{Code: "dampak", Name: "Dampak terukur", Weight: 1, Min: 1, Max: 5,
			Anchors: map[string]string{"1": "Tanpa data", "5": "Terverifikasi"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.SaveRound(ctx, secActor, ed.Code, "", app.RoundInput{Code: "dokumen", Name: "Penilaian dokumen", Kind: "desk", Order: 1, Weight: 1}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.SaveJuror(ctx, secActor, ed.Code, app.JurorInput{Email: "juri@demo.lumbung.id", Name: "Juri Eksternal (Demo)"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.PublishCall(ctx, secActor, "kma-2026"); err != nil {
		t.Fatal(err)
	}
	pasar, err := a.Store.UserByEmail(ctx, "koordinator.pasar@demo.lumbung.id")
	if err != nil {
		t.Fatal(err)
	}
	var p km.Practice
	if err := a.Store.Write(ctx, func(tx *store.Tx) (err error) { p, err = tx.PracticeByExternalID("demo-001"); return err }); err != nil {
		t.Fatal(err)
	}
	e, err := a.RegisterEntry(ctx, app.Actor{User: &pasar}, "kma-2026", app.EntryInput{Title: "QRIS di pasar", Summary: "Ringkasan", Practices: []int64{p.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if e.Code != "KMA26-01" {
		t.Errorf("entry code %s, want KMA26-01", e.Code)
	}
	w.page(pub, "/award")
	w.page(pub, "/award/kma-2026")
	w.page(ent, "/award/kma-2026/entries")
	w.page(dinkes, "/award/kma-2026/entries")
	w.page(sec, "/award/kma-2026/console")
	w.page(sec, "/award/kma-2026/setup")
	w.page(sec, "/award/kma-2027")
	w.page(sec, "/award/kma-2027/setup")
	w.page(jur, "/award/kma-2026/jury")

	// Refused forms: the messages and the forms shown again.
	w.refused(sec, "/award/new", url.Values{"code": {"verify"}, "name": {""}, "year": {"1999"}, "organiser": {"bpsdm"},
		"registration_opens": {"kemarin"}, "submission_deadline": {at(-time.Hour)}, "announcement_at": {at(-2 * time.Hour)},
		"winners": {"-1"}, "method": {"median"}}, http.StatusUnprocessableEntity)
	w.refused(sec, "/award/kma-2027/setup/round", url.Values{"orig": {""}, "code": {"x y"}, "name": {""}, "kind": {"undian"}, "order": {"1"},
		"advance": {"x"}, "weight": {"-1"}}, http.StatusUnprocessableEntity)
	w.refused(sec, "/award/kma-2027/setup/criterion", url.Values{"orig": {""}, "code": {"mutu"}, "name": {"Mutu"}, "weight": {"0"}, "min": {"5"},
		"max": {"1"}, "anchors": {"1 Belum ada"}}, http.StatusUnprocessableEntity)
	w.refused(sec, "/award/kma-2027/setup/juror", url.Values{"orig": {""}, "email": {"bukan surel"}, "org": {""}}, http.StatusUnprocessableEntity)
	w.refused(sec, "/award/kma-2026/setup/criterion", url.Values{"orig": {"dampak"}, "code": {"dampak"}, "name": {"Dampak terukur"}, "weight": {"4"},
		"min": {"1"}, "max": {"5"}}, http.StatusConflict)
	w.refused(dinkes, "/award/kma-2026/entries", url.Values{"org": {"dinkes"}, "title": {""}, "summary": {""}}, http.StatusUnprocessableEntity)
	w.refused(ent, "/award/kma-2026/entries", url.Values{"org": {"pasarjaya"}, "title": {"Lagi"}, "summary": {"Ringkasan"},
		"practices": {"999999"}}, http.StatusUnprocessableEntity)
	w.refused(sec, "/award/kma-2025/console/assign", url.Values{"round": {"dokumen"}, "juror": {"juri.bkd@demo.lumbung.id"}, "entry": {"KMA25-27"}},
		http.StatusConflict) // the results are final: nothing is assigned any more

	// An edition being judged: drafts, progress, conflicts.
	f := newAwardFixture(t, false, false)
	fs := f.site.client(t)
	fs.login("sekretariat@root.go.id", "rahasia-sekali")
	// The fixture's round is named by its code, "desk": give it the name a
	// secretariat would.
	if _, err := f.site.App.SaveRound(ctx, f.secretariat, "kma", "desk", app.RoundInput{Code: "desk", Name: "Penilaian dokumen", Kind: "desk",
		Order: 1, Advance: 3, Weight: 1}); err != nil {
		t.Fatal(err)
	}
	if err := f.site.App.SaveSheet(ctx, app.Actor{User: mustUser(t, f.site.App, "j1@univ.ac.id")}, "kma", "desk", "E1",
		app.SheetInput{Values: map[string]float64{"dampak": 3}, Comment: "Draf"}); err != nil && !strings.Contains(err.Error(), "submitted") {
		t.Logf("draft: %v", err)
	}
	w.page(fs, "/award/kma")
	w.page(fs, "/award/kma/console")
	w.page(fs, "/award/kma/console?round=desk")
	w.page(fs, "/award/kma/snapshots")
	w.page(fs, "/award/kma/setup")
	w.page(f.entrant, "/award/kma/entries")
	res = w.page(f.juror1, "/award/kma/jury")
	for _, link := range regexp.MustCompile(`/award/kma/jury/desk/E[0-9]+`).FindAllString(res.Body, 2) {
		w.page(f.juror1, link)
	}
	w.page(f.juror2, "/award/kma/jury")
	w.page(f.outsider, "/award/kma")
	w.report()
}

func mustUser(t *testing.T, a *app.App, email string) *km.User {
	t.Helper()
	u, err := a.Store.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return &u
}

// pdfText returns the strings a PDF shows, one per line: the operands of
// its text operators, from its streams (inflated when compressed).
func pdfText(t *testing.T, pdf string) string {
	t.Helper()
	var out strings.Builder
	for _, m := range pdfStreamRE.FindAllStringSubmatch(pdf, -1) {
		content := m[2]
		if strings.Contains(m[1], "FlateDecode") {
			r, err := zlib.NewReader(strings.NewReader(content))
			if err != nil {
				continue // an image or a font, not a page
			}
			b, _ := io.ReadAll(r)
			content = string(b)
		}
		for _, s := range pdfStringRE.FindAllStringSubmatch(content, -1) {
			out.WriteString(strings.NewReplacer(`\(`, "(", `\)`, ")", `\\`, `\`).Replace(s[1]) + "\n")
		}
	}
	return out.String()
}

var (
	pdfStreamRE = regexp.MustCompile(`(?s)<<([^>]*)>>\s*stream\r?\n(.*?)\r?\nendstream`)
	pdfStringRE = regexp.MustCompile(`\(((?:[^()\\]|\\.)*)\)\s*Tj`)
)
