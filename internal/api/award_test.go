package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/config"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// awardSetup imports an edition past its deadline, before its announcement:
// entries of dinas-a and dinas-b, juror j-a belongs to dinas-a, j-x is
// external; a secretariat user; tokens for the jurors.
func awardSetup(t *testing.T, mutate ...func(*config.Config)) *env {
	e := newEnv(t, mutate...)
	ctx := context.Background()
	now := time.Now().UTC()
	a := "dinas-a"
	in := app.AwardImport{
		Edition: app.ImportEdition{Code: "kma", Name: "KM Award", Year: 2025, SubmissionDeadline: now.Add(-time.Hour).Format(time.RFC3339),
			AnnouncementAt: now.Add(240 * time.Hour).Format(time.RFC3339)},
		Criteria: []app.ImportCriterion{{Code: "dampak", Name: "Dampak", Weight: 1, Min: 1, Max: 5}},
		Rounds:   []app.ImportRound{{Code: "desk", Kind: "desk", Order: 1, Advance: 1, Weight: 1}},
		Jurors:   []app.ImportJuror{{Email: "j-a@a.go.id", Name: "Juri A", Org: &a}, {Email: "j-x@univ.ac.id", Name: "Juri X"}},
		Entries:  []app.ImportEntry{{Code: "A1", Org: "dinas-a", Title: "Entri A"}, {Code: "B1", Org: "dinas-b", Title: "Entri B"}, {Code: "B2", Org: "dinas-b", Title: "Entri B2"}},
		Scores: []app.ImportScore{
			{Round: "desk", Juror: "j-x@univ.ac.id", Entry: "A1", Criteria: map[string]float64{"dampak": 2}, Comment: "cukup"},
			{Round: "desk", Juror: "j-x@univ.ac.id", Entry: "B1", Criteria: map[string]float64{"dampak": 5}, Comment: "sangat baik"},
			{Round: "desk", Juror: "j-a@a.go.id", Entry: "B1", Criteria: map[string]float64{"dampak": 4}},
		},
		Assignments: []app.ImportPair{{Round: "desk", Juror: "j-a@a.go.id", Entry: "B2"}},
	}
	if _, err := e.app.ImportAward(ctx, app.System, in); err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.CreateUser(ctx, app.System, app.NewUser{Email: "sekretariat@root.go.id", Name: "Sekretariat", OrgCode: km.RootOrgCode, Roles: []km.Role{km.RoleSecretariat}}); err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"sekretariat@root.go.id", "j-a@a.go.id", "j-x@univ.ac.id"} {
		tok, err := e.app.CreateToken(ctx, app.System, email, "test")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[email] = tok
	}
	return e
}

func body(t *testing.T, e *env, method, path, as string, in any) (int, string) {
	t.Helper()
	var raw map[string]any
	resp := e.do(method, path, as, in, &raw)
	b, _ := jsonString(raw)
	return resp.StatusCode, b
}

func TestAwardAPIConflictRefused(t *testing.T) {
	e := awardSetup(t)
	const base = "/api/v1/award/editions/kma"
	// j-a belongs to dinas-a: A1 is off limits, as score and as assignment.
	var ae apiError
	resp := e.do("PUT", base+"/rounds/desk/entries/A1/sheet", "j-a@a.go.id", map[string]any{"values": map[string]float64{"dampak": 5}, "submit": true}, &ae)
	if resp.StatusCode != http.StatusForbidden || ae.Error.Code != "conflict_of_interest" || !strings.Contains(ae.Error.Message, "konflik kepentingan") {
		t.Errorf("conflicted score: %d %+v", resp.StatusCode, ae)
	}
	resp = e.do("POST", base+"/assignments", "sekretariat@root.go.id", map[string]string{"round": "desk", "juror": "j-a@a.go.id", "entry": "A1"}, &ae)
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("conflicted assignment: %d", resp.StatusCode)
	}
	d, _ := e.app.Store.AwardData(context.Background(), "kma")
	if len(d.Sheets) != 3 || len(d.Assignments) != 4 {
		t.Errorf("after refusals: %d sheets, %d assignments; want 3 and 4 (nothing stored)", len(d.Sheets), len(d.Assignments))
	}
	// An allowed score goes through; the juror then sees it in the workspace.
	if resp := e.do("PUT", base+"/rounds/desk/entries/B2/sheet", "j-a@a.go.id", map[string]any{"values": map[string]float64{"dampak": 3}, "comment": "ok"}, nil); resp.StatusCode != http.StatusNoContent {
		t.Errorf("allowed draft: %d", resp.StatusCode)
	}
	// Edits after the deadline: 409.
	resp = e.do("PUT", base+"/entries/A1", "kontributor@a.go.id", map[string]any{"title": "Baru", "version": 1}, &ae)
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("edit after deadline: %d %+v", resp.StatusCode, ae)
	}
}

func TestAwardAPINoLeakBeforeAnnouncement(t *testing.T) {
	e := awardSetup(t)
	const base = "/api/v1/award/editions/kma"
	// j-a never scored B2: publishing is refused with the list, which the
	// secretariat then confirms with a reason.
	var refused struct {
		Error      struct{ Code string }
		Unfinished []app.UnfinishedSheet
	}
	if resp := e.do("POST", base+"/publish", "sekretariat@root.go.id", nil, &refused); resp.StatusCode != http.StatusConflict ||
		refused.Error.Code != "unfinished_scoring" || len(refused.Unfinished) != 1 || refused.Unfinished[0].Entry != "B2" {
		t.Fatalf("publish with a missing sheet: %d %+v", resp.StatusCode, refused)
	}
	if code, b := body(t, e, "POST", base+"/publish", "sekretariat@root.go.id", map[string]any{"unfinished": refused.Unfinished}); code != http.StatusUnprocessableEntity {
		t.Fatalf("confirmation without a reason: %d %s", code, b)
	}
	if code, b := body(t, e, "POST", base+"/publish", "sekretariat@root.go.id",
		map[string]any{"unfinished": refused.Unfinished, "reason": "Juri berhalangan"}); code != http.StatusNoContent {
		t.Fatalf("publish: %d %s", code, b)
	}
	for _, who := range []string{"", "kontributor@a.go.id", "kontributor@b.go.id", "koordinator@a.go.id", "admin@root.go.id", "j-a@a.go.id", "j-x@univ.ac.id"} {
		for _, path := range []string{base + "/results", base + "/results?round=desk", base + "/results?round=desk&method=raw"} {
			if code, b := body(t, e, "GET", path, who, nil); code != http.StatusNotFound {
				t.Errorf("%q GET %s: %d %s", who, path, code, b)
			}
		}
		code, b := body(t, e, "GET", base, who, nil)
		if code != http.StatusOK {
			t.Fatalf("%q GET edition: %d", who, code)
		}
		// Entries in code order, no scores, ranks, advancing lists or jurors.
		if !(strings.Index(b, `"A1"`) < strings.Index(b, `"B1"`) && strings.Index(b, `"B1"`) < strings.Index(b, `"B2"`)) {
			t.Errorf("%q: entries not in code order: %s", who, b)
		}
		for _, leak := range []string{"score", "rank", "advancing", "raw_mean", "j-x@", "cukup", "sangat"} {
			if strings.Contains(b, leak) {
				t.Errorf("%q: edition shows %q: %s", who, leak, b)
			}
		}
		if who == "" {
			continue
		}
		_, mine := body(t, e, "GET", base+"/my-entries", who, nil)
		for _, leak := range []string{"score", "rank", "sheets", "cukup", "sangat"} {
			if strings.Contains(mine, leak) {
				t.Errorf("%q: my-entries shows %q: %s", who, leak, mine)
			}
		}
		code, ws := body(t, e, "GET", base+"/workspace", who, nil)
		switch who {
		case "j-x@univ.ac.id":
			if code != 200 || !strings.Contains(ws, "cukup") || !strings.Contains(ws, "sangat baik") {
				t.Errorf("external juror's own sheets: %d %s", code, ws)
			}
		case "j-a@a.go.id":
			if code != 200 || strings.Contains(ws, "cukup") || strings.Contains(ws, "sangat") || strings.Contains(ws, `"A1"`) {
				t.Errorf("juror A sees others' sheets or its conflicted entry: %s", ws)
			}
		default:
			if code != http.StatusForbidden {
				t.Errorf("%q workspace: %d", who, code)
			}
		}
	}
	// The secretariat sees the ranking.
	code, b := body(t, e, "GET", base+"/results?round=desk", "sekretariat@root.go.id", nil)
	if code != 200 || !strings.Contains(b, `"raw_mean"`) {
		t.Errorf("secretariat results: %d %s", code, b)
	}
	// Once announced, everyone does, and the entrant sees its comments.
	e.app.Store.Write(context.Background(), func(tx *storeTx) error { return announceNow(tx) })
	if code, _ := body(t, e, "GET", base+"/results", "", nil); code != 200 {
		t.Errorf("public results after the announcement: %d", code)
	}
	if _, mine := body(t, e, "GET", base+"/my-entries", "kontributor@a.go.id", nil); !strings.Contains(mine, "cukup") || strings.Contains(mine, "j-x@") {
		t.Errorf("entrant after the announcement: %s", mine)
	}
}

type storeTx = store.Tx

func announceNow(tx *store.Tx) error {
	ed, err := tx.EditionByCode("kma")
	if err != nil {
		return err
	}
	ed.AnnouncementAt = time.Now().Add(-time.Minute)
	return tx.UpdateEditionSchedule(&ed)
}

func jsonString(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// TestAwardAPIJuryGroups: the edition tells the secretariat, per round,
// whether the assignments connect every juror and which groups they form;
// manual assignments that split a round make it false, and nobody else
// gets the fields.
func TestAwardAPIJuryGroups(t *testing.T) {
	e := awardSetup(t)
	const base = "/api/v1/award/editions/kma"
	const sec = "sekretariat@root.go.id"
	type group struct {
		Jurors  []string `json:"jurors"`
		Entries []string `json:"entries"`
	}
	type round struct {
		Code      string  `json:"code"`
		Connected *bool   `json:"connected"`
		Groups    []group `json:"groups"`
	}
	rounds := func(as string) map[string]round {
		t.Helper()
		var out struct {
			Rounds []round `json:"rounds"`
		}
		if resp := e.do("GET", base, as, nil, &out); resp.StatusCode != http.StatusOK {
			t.Fatalf("GET edition as %q: %d", as, resp.StatusCode)
		}
		m := map[string]round{}
		for _, r := range out.Rounds {
			m[r.Code] = r
		}
		return m
	}
	check := func(r round, connected bool, groups []group) {
		t.Helper()
		if r.Connected == nil || *r.Connected != connected {
			t.Errorf("round %s: connected %v, want %v", r.Code, r.Connected, connected)
		}
		if !reflect.DeepEqual(r.Groups, groups) {
			t.Errorf("round %s: groups %+v, want %+v", r.Code, r.Groups, groups)
		}
	}
	// The imported desk round: j-a and j-x share B1.
	check(rounds(sec)["desk"], true, []group{{Jurors: []string{"j-a@a.go.id", "j-x@univ.ac.id"}, Entries: []string{"A1", "B1", "B2"}}})

	if resp := e.do("POST", base+"/rounds", sec, map[string]any{"code": "field", "name": "Verifikasi lapangan", "kind": "field", "order": 2, "advance": 1, "weight": 1}, nil); resp.StatusCode >= 300 {
		t.Fatalf("add round: %d", resp.StatusCode)
	}
	assign := func(juror, entry string) {
		t.Helper()
		if resp := e.do("POST", base+"/assignments", sec, map[string]string{"round": "field", "juror": juror, "entry": entry}, nil); resp.StatusCode != http.StatusNoContent {
			t.Fatalf("assign %s to %s: %d", juror, entry, resp.StatusCode)
		}
	}
	check(rounds(sec)["field"], true, nil) // no assignments yet: nothing to compare
	assign("j-x@univ.ac.id", "A1")
	assign("j-a@a.go.id", "B2")
	check(rounds(sec)["field"], false, []group{
		{Jurors: []string{"j-a@a.go.id"}, Entries: []string{"B2"}},
		{Jurors: []string{"j-x@univ.ac.id"}, Entries: []string{"A1"}},
	})
	for _, who := range []string{"", "kontributor@a.go.id", "j-a@a.go.id", "j-x@univ.ac.id"} {
		for code, r := range rounds(who) {
			if r.Connected != nil || r.Groups != nil {
				t.Errorf("%q sees round %s's groups: %+v", who, code, r)
			}
		}
	}
	assign("j-x@univ.ac.id", "B2")
	check(rounds(sec)["field"], true, []group{{Jurors: []string{"j-a@a.go.id", "j-x@univ.ac.id"}, Entries: []string{"A1", "B2"}}})
}
