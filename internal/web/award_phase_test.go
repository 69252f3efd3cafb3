package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app/awardtest"
	"lumbung/internal/award"
)

// pageWrite is one award form of the pages, valid in its own right: where
// the edition's phase allows it, it goes through (a redirect); elsewhere
// the page answers 409 with the reason, or 404 where the edition is a
// draft its caller may not know of, and nothing changes.
type pageWrite struct {
	path   string // below /award/{code}
	as     string
	form   func(ed awardtest.Edition) url.Values
	upload string // "evidence" or "logo": a multipart file instead of a form
	ok     []award.Phase
	obj    bool // needs an objection to answer
	// success is the status of a write that goes through: 303, or 200
	// where the page shows something once (a new juror's invitation).
	success int
}

func form(kv ...string) func(awardtest.Edition) url.Values {
	return func(awardtest.Edition) url.Values {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return v
	}
}

func awardPageWrites(s *testSite, practice int64) []pageWrite {
	D, C, J := award.PhaseDraft, award.PhaseCall, award.PhaseJudging
	P, O, F := award.PhasePublished, award.PhaseObjections, award.PhaseFinal
	sec, ent := awardtest.Secretariat, awardtest.EntrantA
	entry := func(awardtest.Edition) url.Values {
		return url.Values{"org": {awardtest.OrgA}, "category": {"umum"}, "title": {"Entri A diperbaiki"}, "summary": {"Ringkasan"},
			"version": {"1"}, "practices": {fmt.Sprint(practice)}}
	}
	return []pageWrite{
		{"/setup/edition", sec, func(ed awardtest.Edition) url.Values {
			e, _ := s.App.Store.EditionByCode(context.Background(), ed.Code)
			at := func(t time.Time) string {
				if t.IsZero() {
					return ""
				}
				return t.Format(time.RFC3339Nano)
			}
			return url.Values{"name": {"Nama baru"}, "year": {fmt.Sprint(e.Year)}, "registration_opens": {at(e.RegistrationOpens)},
				"submission_deadline": {at(e.SubmissionDeadline)}, "announcement_at": {at(e.AnnouncementAt)},
				"objection_until": {at(e.ObjectionUntil)}, "winners": {fmt.Sprint(e.Winners)}, "method": {string(e.Method)}}
		}, "", []award.Phase{D, C, J, P, O}, false, 0},
		{"/setup/call", sec, form(), "", []award.Phase{D}, false, 0},
		{"/setup/category", sec, form("code", "baru", "name", "Baru"), "", []award.Phase{D, C}, false, 0},
		{"/setup/category", sec, form("orig", "cadangan", "code", "cadangan", "name", "Cadangan baru"), "", []award.Phase{D, C, J}, false, 0},
		{"/setup/category-delete", sec, form("orig", "cadangan"), "", []award.Phase{D, C, J}, false, 0},
		{"/setup/criterion", sec, form("code", "c2", "name", "Kebaruan", "weight", "1", "min", "1", "max", "5"), "", []award.Phase{D}, false, 0},
		{"/setup/criterion", sec, form("orig", "c1", "code", "c1", "name", "Dampak terukur", "weight", "1", "min", "1", "max", "5"), "", []award.Phase{D, C, J}, false, 0},
		{"/setup/criterion-delete", sec, form("orig", "c1"), "", []award.Phase{D}, false, 0},
		{"/setup/round", sec, form("code", "r3", "name", "Final", "kind", "presentation", "order", "3", "advance", "1", "weight", "1"), "", []award.Phase{D, C, J}, false, 0},
		{"/setup/round", sec, form("orig", "r2", "code", "r2", "name", "Presentasi akhir", "kind", "presentation", "order", "2", "advance", "1", "weight", "1"), "", []award.Phase{D, C, J}, false, 0},
		{"/setup/round-delete", sec, form("orig", "r2"), "", []award.Phase{D, C, J}, false, 0},
		{"/setup/juror", sec, func(ed awardtest.Edition) url.Values {
			return url.Values{"email": {"baru-" + ed.Code + "@univ.ac.id"}, "name": {"Juri Baru"}} // no account yet: an invitation
		}, "", []award.Phase{D, C, J}, false, http.StatusOK},
		{"/setup/juror-delete", sec, form("orig", awardtest.J3), "", []award.Phase{D, C, J}, false, 0},
		{"/entries", ent, entry, "", []award.Phase{C}, false, 0},
		{"/entries/A1", ent, entry, "", []award.Phase{C}, false, 0},
		{"/entries/A1/evidence", ent, nil, "evidence", []award.Phase{C}, false, 0},
		{"/entries/A1/evidence/{evidence}/delete", ent, form(), "", []award.Phase{C}, false, 0},
		{"/console/screen", sec, form("entry", "A1", "outcome", "pass"), "", []award.Phase{C, J}, false, 0},
		{"/console/assign", sec, form("round", "r1", "juror", awardtest.J3, "entry", "A1"), "", []award.Phase{D, C, J}, false, 0},
		{"/console/auto-assign", sec, form("round", "r1", "n", "3"), "", []award.Phase{D, C, J}, false, 0},
		{"/console/reopen", sec, form("round", "r1", "juror", awardtest.J1, "entry", "A1"), "", []award.Phase{J}, false, 0},
		{"/console/shortlist", sec, form("round", "r1"), "", []award.Phase{J}, false, 0},
		{"/console/freeze", sec, form(), "", []award.Phase{J}, false, 0},
		{"/console/publish", sec, form("unfinished", "r1 "+awardtest.J4+" B1", "reason", "Juri berhalangan"), "", []award.Phase{J}, false, 0},
		{"/console/finalise", sec, form(), "", []award.Phase{O}, false, 0},
		{"/console/certificates", sec, form(), "", []award.Phase{F}, false, 0},
		{"/console/settings", sec, form("description", "Deskripsi baru", "participant_certificates", "1", "place", "Jakarta",
			"signatory_name", "Dra. Siti", "signatory_title", "Kepala Biro", "signatory_nip", "197001011995032001"), "", []award.Phase{D, C, J, P, O, F}, false, 0},
		{"/console/logo", sec, nil, "logo", []award.Phase{D, C, J, P, O, F}, false, 0},
		{"/console/logo-remove", sec, form(), "", []award.Phase{D, C, J, P, O, F}, false, 0},
		{"/jury/r1/B1", awardtest.J4, form("c.c1", "3", "action", "draft"), "", []award.Phase{J}, false, 0},
		{"/jury/conflict", awardtest.J1, form("entry", "A1", "reason", "Kerabat"), "", []award.Phase{D, C, J}, false, 0},
		{"/entries/A1/objections", ent, form("body", "Nilai kami keliru"), "", []award.Phase{O}, false, 0},
		{"/console/objections/{objection}", sec, form("answer", "Sudah ditinjau; nilai tetap."), "", []award.Phase{O}, true, 0},
		{"/console/objections/{objection}", sec, form("answer", "Nilai dihitung ulang.", "reopen", "1"), "", []award.Phase{O}, true, 0},
	}
}

// TestAwardPageWritesInEveryPhase walks every award form of the pages in
// every phase of an edition, each on a fresh edition built in that phase.
func TestAwardPageWritesInEveryPhase(t *testing.T) {
	s := newSite(t, false)
	awardtest.People(t, s.App)
	clients := map[string]*client{}
	for _, email := range []string{awardtest.Secretariat, awardtest.EntrantA, awardtest.J1, awardtest.J4} {
		c := s.client(t)
		c.login(email, awardtest.Password)
		clients[email] = c
	}
	for i, pw := range awardPageWrites(s, awardtest.PracticeAID(t, s.App)) {
		for p := award.PhaseDraft; p <= award.PhaseFinal; p++ {
			code := fmt.Sprintf("p%d-%d", i, p)
			t.Run(fmt.Sprintf("%s in %s", pw.path, p), func(t *testing.T) {
				ed := awardtest.Build(t, s.App, code, p, pw.obj)
				path := "/award/" + code + pw.path
				path = strings.ReplaceAll(path, "{evidence}", fmt.Sprint(ed.EvidenceID))
				path = strings.ReplaceAll(path, "{objection}", fmt.Sprint(ed.Objection))
				before := awardtest.Digest(t, s.App, code)
				c := clients[pw.as]
				var res response
				switch pw.upload {
				case "evidence":
					res = c.upload(path, "bukti-2.pdf", "application/pdf", []byte("%PDF-1.4\n% bukti kedua\n%%EOF\n"))
				case "logo":
					res = c.upload(path, "logo.png", "image/png", smallPNG(t))
				default:
					res = c.post(path, pw.form(ed))
				}
				allowed := false
				for _, q := range pw.ok {
					allowed = allowed || q == p
				}
				hidden := p == award.PhaseDraft && pw.as != awardtest.Secretariat
				switch {
				case hidden:
					wantStatus(t, res, http.StatusNotFound)
				case allowed && pw.success != 0:
					wantStatus(t, res, pw.success)
				case allowed:
					wantStatus(t, res, http.StatusSeeOther)
				default:
					wantStatus(t, res, http.StatusConflict)
				}
				if !allowed || hidden {
					if after := awardtest.Digest(t, s.App, code); after != before {
						t.Errorf("a refused form changed the edition:\nbefore %s\nafter  %s", before, after)
					}
				}
			})
		}
	}
}

// smallPNG is a 16×16 logo.
func smallPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
