package api_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/app/awardtest"
	"lumbung/internal/award"
)

// phaseRoute is one award write through the API, valid in its own right:
// where the edition's phase allows it, it succeeds; elsewhere it is a 409
// (404 where the edition is a draft its caller may not know of) and
// changes nothing.
type phaseRoute struct {
	method, path string // path below /api/v1/award/editions/{code}
	as           string
	body         func(ed awardtest.Edition, a *app.App) any
	multipart    bool
	ok           []award.Phase // where it succeeds
	objection    bool          // needs an objection to answer
}

var (
	phDraft, phCall, phJudging = award.PhaseDraft, award.PhaseCall, award.PhaseJudging
	phPublished, phObjections  = award.PhasePublished, award.PhaseObjections
	phFinal                    = award.PhaseFinal
	allPhases                  = []award.Phase{phDraft, phCall, phJudging, phPublished, phObjections, phFinal}
)

func fixed(v any) func(awardtest.Edition, *app.App) any {
	return func(awardtest.Edition, *app.App) any { return v }
}

// awardPhaseRoutes lists every write of an edition's life through the API.
func awardPhaseRoutes(t *testing.T) []phaseRoute {
	sec, ent := awardtest.Secretariat, awardtest.EntrantA
	return []phaseRoute{
		{"PUT", "", sec, func(ed awardtest.Edition, a *app.App) any {
			e, _ := a.Store.EditionByCode(context.Background(), ed.Code)
			at := func(t time.Time) string {
				if t.IsZero() {
					return ""
				}
				return t.Format(time.RFC3339Nano)
			}
			return app.EditionInput{Name: "Nama baru", Year: e.Year, RegistrationOpens: at(e.RegistrationOpens),
				SubmissionDeadline: at(e.SubmissionDeadline), AnnouncementAt: at(e.AnnouncementAt), ObjectionUntil: at(e.ObjectionUntil),
				Winners: e.Winners, Method: string(e.Method)}
		}, false, []award.Phase{phDraft, phCall, phJudging, phPublished, phObjections}, false},
		{"POST", "/call", sec, nil, false, []award.Phase{phDraft}, false},
		{"POST", "/categories", sec, fixed(map[string]any{"code": "baru", "name": "Baru"}), false, []award.Phase{phDraft, phCall}, false},
		{"PUT", "/categories/cadangan", sec, fixed(map[string]any{"code": "cadangan", "name": "Cadangan Baru"}), false, []award.Phase{phDraft, phCall, phJudging}, false},
		{"DELETE", "/categories/cadangan", sec, nil, false, []award.Phase{phDraft, phCall, phJudging}, false},
		{"POST", "/criteria", sec, fixed(map[string]any{"code": "c2", "name": "Kebaruan", "weight": 1, "min": 1, "max": 5}), false, []award.Phase{phDraft}, false},
		{"PUT", "/criteria/c1", sec, fixed(map[string]any{"code": "c1", "name": "Dampak terukur", "weight": 1, "min": 1, "max": 5}), false, []award.Phase{phDraft, phCall, phJudging}, false},
		{"DELETE", "/criteria/c1", sec, nil, false, []award.Phase{phDraft}, false},
		{"POST", "/rounds", sec, fixed(map[string]any{"code": "r3", "name": "Final", "kind": "presentation", "order": 3, "advance": 1, "weight": 1}), false, []award.Phase{phDraft, phCall, phJudging}, false},
		{"PUT", "/rounds/r2", sec, fixed(map[string]any{"code": "r2", "name": "Presentasi akhir", "kind": "presentation", "order": 2, "advance": 1, "weight": 1}), false, []award.Phase{phDraft, phCall, phJudging}, false},
		{"DELETE", "/rounds/r2", sec, nil, false, []award.Phase{phDraft, phCall, phJudging}, false},
		{"POST", "/jurors", sec, fixed(map[string]any{"email": "ph-baru@univ.ac.id", "name": "Juri Baru"}), false, []award.Phase{phDraft, phCall, phJudging}, false},
		{"DELETE", "/jurors/" + awardtest.J3, sec, nil, false, []award.Phase{phDraft, phCall, phJudging}, false},
		{"POST", "/entries", ent, func(_ awardtest.Edition, a *app.App) any {
			return map[string]any{"org": awardtest.OrgA, "category": "umum", "title": "Entri kedua A", "summary": "Ringkasan",
				"practices": []int64{awardtest.PracticeAID(t, a)}}
		}, false, []award.Phase{phCall}, false},
		{"PUT", "/entries/A1", ent, func(_ awardtest.Edition, a *app.App) any {
			return map[string]any{"category": "umum", "title": "Entri A1 diperbaiki", "summary": "Ringkasan", "version": 1,
				"practices": []int64{awardtest.PracticeAID(t, a)}}
		}, false, []award.Phase{phCall}, false},
		{"POST", "/entries/A1/evidence", ent, nil, true, []award.Phase{phCall}, false},
		{"DELETE", "/entries/A1/evidence/{evidence}", ent, nil, false, []award.Phase{phCall}, false},
		{"POST", "/entries/A1/screening", sec, fixed(map[string]any{"outcome": "pass"}), false, []award.Phase{phCall, phJudging}, false},
		{"POST", "/assignments", sec, fixed(map[string]any{"round": "r1", "juror": awardtest.J3, "entry": "A1"}), false, []award.Phase{phDraft, phCall, phJudging}, false},
		{"POST", "/rounds/r1/auto-assign", sec, fixed(map[string]any{"jurors_per_entry": 3}), false, []award.Phase{phDraft, phCall, phJudging}, false},
		{"POST", "/conflicts", awardtest.J1, fixed(map[string]any{"entry": "A1", "reason": "Kerabat"}), false, []award.Phase{phDraft, phCall, phJudging}, false},
		{"PUT", "/rounds/r1/entries/B1/sheet", awardtest.J4, fixed(map[string]any{"values": map[string]float64{"c1": 3}}), false, []award.Phase{phJudging}, false},
		{"POST", "/rounds/r1/entries/A1/reopen", sec, fixed(map[string]any{"juror": awardtest.J1}), false, []award.Phase{phJudging}, false},
		{"POST", "/rounds/r1/shortlist", sec, nil, false, []award.Phase{phJudging}, false},
		{"POST", "/freeze", sec, nil, false, []award.Phase{phJudging}, false},
		{"POST", "/publish", sec, fixed(app.PublishConfirm{Unfinished: awardtest.Unfinished, Reason: "Juri berhalangan"}), false, []award.Phase{phJudging}, false},
		{"POST", "/entries/A1/objections", ent, fixed(map[string]any{"body": "Nilai kami keliru"}), false, []award.Phase{phObjections}, false},
		{"POST", "/objections/{objection}/answer", sec, fixed(map[string]any{"answer": "Sudah ditinjau; nilai tetap."}), false, []award.Phase{phObjections}, true},
		{"POST", "/objections/{objection}/answer", sec, fixed(map[string]any{"answer": "Nilai dihitung ulang.", "reopen": true}), false, []award.Phase{phObjections}, true},
		{"POST", "/finalise", sec, nil, false, []award.Phase{phObjections}, false},
		{"POST", "/certificates", sec, nil, false, []award.Phase{phFinal}, false},
		{"PUT", "/settings", sec, fixed(map[string]any{"description": "Deskripsi", "participant_certificates": true}), false, allPhases, false},
		{"PUT", "/logo", sec, nil, true, allPhases, false},
		{"DELETE", "/logo", sec, nil, false, allPhases, false},
	}
}

// TestAwardAPIWritesInEveryPhase walks every award write of the API in
// every phase of an edition, each on a fresh edition built in that phase.
func TestAwardAPIWritesInEveryPhase(t *testing.T) {
	e := newEnv(t)
	awardtest.People(t, e.app)
	ctx := context.Background()
	for _, email := range []string{awardtest.Secretariat, awardtest.EntrantA, awardtest.J1, awardtest.J2, awardtest.J3, awardtest.J4} {
		tok, err := e.app.CreateToken(ctx, app.System, email, "test")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[email] = tok
	}
	for i, rt := range awardPhaseRoutes(t) {
		for _, p := range allPhases {
			code := fmt.Sprintf("w%d-%d", i, p)
			name := fmt.Sprintf("%s %s in %s", rt.method, rt.path, p)
			t.Run(name, func(t *testing.T) {
				ed := awardtest.Build(t, e.app, code, p, rt.objection)
				path := "/api/v1/award/editions/" + code + rt.path
				path = strings.ReplaceAll(path, "{evidence}", fmt.Sprint(ed.EvidenceID))
				path = strings.ReplaceAll(path, "{objection}", fmt.Sprint(ed.Objection))
				before := awardtest.Digest(t, e.app, code)
				var status int
				var raw string
				switch {
				case rt.multipart && rt.method == "PUT":
					status, raw = e.putFile(path, rt.as, "logo.png", smallPNG(t))
				case rt.multipart:
					resp, out := e.uploadEvidence(path, rt.as, "bukti-2.pdf", []byte("%PDF-1.4\n% bukti kedua\n%%EOF\n"))
					status, raw = resp.StatusCode, fmt.Sprint(out)
				default:
					var b any
					if rt.body != nil {
						b = rt.body(ed, e.app)
					}
					status, raw = body(t, e, rt.method, path, rt.as, b)
				}
				allowed := false
				for _, q := range rt.ok {
					allowed = allowed || q == p
				}
				hidden := p == phDraft && rt.as != awardtest.Secretariat // a draft is its secretariat's secret
				switch {
				case hidden:
					if status != http.StatusNotFound {
						t.Fatalf("status %d, want 404: %s", status, raw)
					}
				case allowed:
					if status < 200 || status > 299 {
						t.Fatalf("status %d, want 2xx: %s", status, raw)
					}
				default:
					if status != http.StatusConflict {
						t.Fatalf("status %d, want 409: %s", status, raw)
					}
				}
				if !allowed || hidden {
					if after := awardtest.Digest(t, e.app, code); after != before {
						t.Errorf("a refused write changed the edition:\nbefore %s\nafter  %s", before, after)
					}
				}
			})
		}
	}
}

// putFile sends a multipart file in the field "file" with PUT.
func (e *env) putFile(path, as, name string, content []byte) (int, string) {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("PUT", e.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.tokens[as])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
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
