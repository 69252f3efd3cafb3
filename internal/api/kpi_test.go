package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// competitionBody is a running competition of dinas-a: two competitors
// (B = 3 and 9, P = 4 and 12), one control, one group each.
func competitionBody() map[string]any {
	var ms []map[string]any
	add := func(p, d string, v float64) { ms = append(ms, map[string]any{"participant": p, "date": d, "value": v}) }
	for _, d := range []string{"2025-01-01", "2025-01-02", "2025-01-03"} {
		add("A", d, 3)
		add("B", d, 9)
		add("K", d, 5)
	}
	// A's competition mean is 13/3: a number with no short decimal form.
	add("A", "2025-02-01", 4)
	add("A", "2025-02-02", 4)
	add("A", "2025-02-03", 5)
	add("B", "2025-02-01", 12)
	add("K", "2025-02-01", 5.5)
	return map[string]any{
		"competition": map[string]any{"code": "uji-kpi", "name": "Lomba Uji", "org": "dinas-a", "noun": "pasar",
			"metric":   map[string]any{"code": "trx", "name": "Transaksi digital", "unit": "trx", "higher_is_better": true},
			"baseline": map[string]any{"from": "2025-01-01", "to": "2025-01-10"},
			"period":   map[string]any{"from": "2025-02-01", "to": "2025-02-10"}, "method": "percent", "status": "running"},
		"participants": []map[string]any{
			{"code": "A", "name": "Pasar A", "group": "kecil"},
			{"code": "B", "name": "Pasar B", "group": "besar"},
			{"code": "K", "name": "Pasar K", "group": "besar", "control": true},
		},
		"measurements": ms,
	}
}

type kpiError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
		Lines   []struct {
			Line    int    `json:"line"`
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"lines"`
	} `json:"error"`
}

// raw sends a body with a content type and returns the status and body.
func (e *env) raw(method, path, as, ctype string, body []byte) (int, []byte) {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if as != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[as])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func (e *env) measurementCount(code string) int {
	e.t.Helper()
	var out struct{ Total int }
	if resp := e.do("GET", "/api/v1/competitions/"+code+"/measurements", "admin@root.go.id", nil, &out); resp.StatusCode != 200 {
		e.t.Fatalf("measurements: %d", resp.StatusCode)
	}
	return out.Total
}

// wantPercent is A's percent computed in float64 as the server does (a
// constant expression would be exact).
func wantPercent() string {
	b, p := 9.0, 13.0
	b, p = b/3, p/3
	return strconv.FormatFloat(100*(p-b)/b, 'g', -1, 64)
}

func keys(m map[string]json.RawMessage) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

func TestKPIImportAndLeaderboard(t *testing.T) {
	e := newEnv(t)
	if resp := e.do("POST", "/api/v1/competitions", "", competitionBody(), nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous import: %d, want 401", resp.StatusCode)
	}
	if resp := e.do("POST", "/api/v1/competitions", "kontributor@a.go.id", competitionBody(), nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("contributor import: %d, want 403", resp.StatusCode)
	}
	var created struct {
		Code      string
		Status    string
		CanManage bool `json:"can_manage"`
	}
	resp := e.do("POST", "/api/v1/competitions", "koordinator@a.go.id", competitionBody(), &created)
	if resp.StatusCode != http.StatusCreated || created.Code != "uji-kpi" || created.Status != "running" || !created.CanManage {
		t.Fatalf("import: %d %+v", resp.StatusCode, created)
	}
	if loc := resp.Header.Get("Location"); loc != "/api/v1/competitions/uji-kpi" {
		t.Errorf("Location = %q", loc)
	}
	// Running: signed-in users only.
	if resp := e.do("GET", "/api/v1/competitions/uji-kpi/leaderboard", "", nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("anonymous reads a running competition: %d, want 404", resp.StatusCode)
	}
	var list struct{ Total int }
	e.do("GET", "/api/v1/competitions", "", nil, &list)
	if list.Total != 0 {
		t.Errorf("public list: %d competitions, want 0", list.Total)
	}
	status, body := e.raw("GET", "/api/v1/competitions/uji-kpi/leaderboard", "kontributor@b.go.id", "", nil)
	if status != 200 {
		t.Fatalf("leaderboard: %d %s", status, body)
	}
	// Exactly the shape.
	var top map[string]json.RawMessage
	json.Unmarshal(body, &top)
	if got := keys(top); got != "competition,method,participants,summary" {
		t.Errorf("top-level keys: %s", got)
	}
	var lb struct {
		Participants []map[string]json.RawMessage
		Summary      map[string]json.RawMessage
	}
	json.Unmarshal(body, &lb)
	if len(lb.Participants) != 2 {
		t.Fatalf("participants: %s", body)
	}
	if got := keys(lb.Participants[0]); got != "baseline,change,group,participant,percent,period,rank,score" {
		t.Errorf("participant keys: %s", got)
	}
	if got := keys(lb.Summary); got != "baseline,control_percent,did,participants,percent,period" {
		t.Errorf("summary keys: %s", got)
	}
	// A: 13/3 at full precision, percent (13/3−3)/3·100; B: +33.3%.
	if string(lb.Participants[0]["participant"]) != `"A"` || string(lb.Participants[0]["period"]) != "4.333333333333333" ||
		string(lb.Participants[0]["percent"]) != wantPercent() {
		t.Errorf("first entry: %v", lb.Participants[0])
	}
	if string(lb.Summary["baseline"]) != "12" || string(lb.Summary["control_percent"]) != "10" {
		t.Errorf("summary: %v", lb.Summary)
	}
	// Another method, k and a group, through the query.
	var abs struct {
		Method       string
		Participants []struct {
			Participant string
			Score       float64
		}
	}
	e.do("GET", "/api/v1/competitions/uji-kpi/leaderboard?method=absolute", "kontributor@b.go.id", nil, &abs)
	if abs.Method != "absolute" || abs.Participants[0].Participant != "B" || abs.Participants[0].Score != 3 {
		t.Errorf("absolute: %+v", abs)
	}
	e.do("GET", "/api/v1/competitions/uji-kpi/leaderboard?method=logratio&k=0&group=besar", "kontributor@b.go.id", nil, &abs)
	if len(abs.Participants) != 1 || abs.Participants[0].Participant != "B" {
		t.Errorf("group besar: %+v", abs)
	}
	for _, q := range []string{"method=median", "k=-1", "k=abc", "group=raksasa"} {
		var ae apiError
		if resp := e.do("GET", "/api/v1/competitions/uji-kpi/leaderboard?"+q, "kontributor@b.go.id", nil, &ae); resp.StatusCode != http.StatusBadRequest || ae.Error.Message == "" {
			t.Errorf("%s: %d %q, want 400 with a message", q, resp.StatusCode, ae.Error.Message)
		}
	}
	if resp := e.do("GET", "/api/v1/competitions/nope/leaderboard", "admin@root.go.id", nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown competition: %d, want 404", resp.StatusCode)
	}
	// Publishing makes it public; the detail carries the full result.
	var patched struct{ Status string }
	for _, s := range []string{"closed", "published"} {
		if resp := e.do("PATCH", "/api/v1/competitions/uji-kpi", "koordinator@a.go.id", map[string]any{"status": s}, &patched); resp.StatusCode != 200 || patched.Status != s {
			t.Fatalf("→ %s: %d %+v", s, resp.StatusCode, patched)
		}
	}
	if resp := e.do("PATCH", "/api/v1/competitions/uji-kpi", "koordinator@a.go.id", map[string]any{"status": "draft"}, nil); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("published → draft: %d, want 422", resp.StatusCode)
	}
	var detail struct {
		Sentence string
		Result   struct {
			Groups []struct{ Group string }
		}
	}
	if resp := e.do("GET", "/api/v1/competitions/uji-kpi", "", nil, &detail); resp.StatusCode != 200 || len(detail.Result.Groups) != 2 ||
		!strings.HasPrefix(detail.Sentence, "2 pasar, transaksi digital naik") {
		t.Errorf("public detail: %d %+v", resp.StatusCode, detail)
	}
}

func TestKPIImportRefusedWhole(t *testing.T) {
	e := newEnv(t)
	body := competitionBody()
	ms := body["measurements"].([]map[string]any)
	ms[0]["participant"] = "ZZ"
	ms[4]["date"] = "1-2-2025"
	ms[7]["value"] = -2
	var ae kpiError
	resp := e.do("POST", "/api/v1/competitions", "koordinator@a.go.id", body, &ae)
	if resp.StatusCode != http.StatusUnprocessableEntity || ae.Error.Code != "validation" || len(ae.Error.Lines) != 3 {
		t.Fatalf("bad measurements: %d %+v", resp.StatusCode, ae)
	}
	if ae.Error.Lines[0].Line != 1 || ae.Error.Lines[1].Line != 5 || ae.Error.Lines[2].Line != 8 {
		t.Errorf("lines: %+v", ae.Error.Lines)
	}
	body = competitionBody()
	body["competition"].(map[string]any)["method"] = "median"
	if resp := e.do("POST", "/api/v1/competitions", "koordinator@a.go.id", body, &ae); resp.StatusCode != http.StatusUnprocessableEntity || ae.Error.Fields["method"] == "" {
		t.Errorf("bad method: %d %+v", resp.StatusCode, ae.Error)
	}
	for name, raw := range map[string]string{
		"malformed":     `{"competition": {`,
		"unknown field": `{"kompetisi": {}}`,
		"wrong type":    `{"competition": {"code": 5}}`,
	} {
		if status, b := e.raw("POST", "/api/v1/competitions", "koordinator@a.go.id", "application/json", []byte(raw)); status != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", name, status, b)
		}
	}
	if status, _ := e.raw("POST", "/api/v1/competitions", "koordinator@a.go.id", "text/plain", []byte("x")); status != http.StatusUnsupportedMediaType {
		t.Errorf("text body: %d, want 415", status)
	}
	var list struct{ Total int }
	e.do("GET", "/api/v1/competitions", "admin@root.go.id", nil, &list)
	if list.Total != 0 {
		t.Errorf("after refused imports: %d competitions stored", list.Total)
	}
}

// TestKPIUploadValidation: an upload with bad lines is refused whole with
// every bad line, in the client's language, and nothing is stored.
func TestKPIUploadValidation(t *testing.T) {
	e := newEnv(t)
	if resp := e.do("POST", "/api/v1/competitions", "koordinator@a.go.id", competitionBody(), nil); resp.StatusCode != 201 {
		t.Fatal(resp.StatusCode)
	}
	before := e.measurementCount("uji-kpi")
	csv := "participant,date,value\nA,2025-02-04,5\nZZ,2025-02-04,1\nB,2025-02-31,1\nB,2025-02-04,-3\nA,2025-02-01,9\nB,2025-02-05,1,5\n"
	status, body := e.raw("POST", "/api/v1/competitions/uji-kpi/measurements", "koordinator@a.go.id", "text/csv", []byte(csv))
	var ae kpiError
	json.Unmarshal(body, &ae)
	if status != http.StatusUnprocessableEntity || len(ae.Error.Lines) != 5 {
		t.Fatalf("bad CSV: %d %s", status, body)
	}
	var got []string
	for _, l := range ae.Error.Lines {
		got = append(got, fmt.Sprintf("%d:%s", l.Line, l.Code))
	}
	if want := "3:unknown_participant 4:bad_date 5:negative_value 6:duplicate 7:bad_columns"; strings.Join(got, " ") != want {
		t.Errorf("lines: got %s, want %s", strings.Join(got, " "), want)
	}
	if !strings.Contains(ae.Error.Message, "5") || !strings.Contains(ae.Error.Lines[0].Message, `"ZZ"`) {
		t.Errorf("messages: %+v", ae.Error)
	}
	if n := e.measurementCount("uji-kpi"); n != before {
		t.Errorf("after a refused upload: %d measurements, want %d", n, before)
	}
	// English messages on request.
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/competitions/uji-kpi/measurements", strings.NewReader(csv))
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Accept-Language", "en")
	req.Header.Set("Authorization", "Bearer "+e.tokens["koordinator@a.go.id"])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(res.Body).Decode(&ae)
	res.Body.Close()
	if !strings.HasPrefix(ae.Error.Lines[0].Message, "unknown participant") || !strings.HasPrefix(ae.Error.Message, "Nothing was stored") {
		t.Errorf("English: %+v", ae.Error)
	}
	// Who may add: not anonymous, not another agency, not a contributor.
	good := []map[string]any{{"participant": "A", "date": "2025-02-04", "value": 5}, {"participant": "B", "date": "2025-02-04", "value": 13}}
	for as, want := range map[string]int{"": 401, "kontributor@b.go.id": 403, "kontributor@a.go.id": 403} {
		if resp := e.do("POST", "/api/v1/competitions/uji-kpi/measurements", as, good, nil); resp.StatusCode != want {
			t.Errorf("%q adds data: %d, want %d", as, resp.StatusCode, want)
		}
	}
	// A dry run stores nothing.
	var dry struct {
		DryRun bool `json:"dry_run"`
		Rows   int
	}
	if resp := e.do("POST", "/api/v1/competitions/uji-kpi/measurements?dry_run=1", "koordinator@a.go.id", good, &dry); resp.StatusCode != 200 || !dry.DryRun || dry.Rows != 2 {
		t.Errorf("dry run: %d %+v", resp.StatusCode, dry)
	}
	if n := e.measurementCount("uji-kpi"); n != before {
		t.Errorf("dry run stored data")
	}
	// JSON array, then a CSV, then an XLSX: each stored whole.
	var added struct {
		Upload struct {
			Rows     int
			Source   string
			Uploader string
		}
	}
	if resp := e.do("POST", "/api/v1/competitions/uji-kpi/measurements", "koordinator@a.go.id", good, &added); resp.StatusCode != 201 ||
		added.Upload.Rows != 2 || added.Upload.Source != "api" || added.Upload.Uploader != "koordinator@a.go.id" {
		t.Errorf("JSON upload: %d %+v", resp.StatusCode, added)
	}
	if status, b := e.raw("POST", "/api/v1/competitions/uji-kpi/measurements?filename=feb.csv", "koordinator@a.go.id", "text/csv", []byte("A,2025-02-05,6\n")); status != 201 {
		t.Errorf("CSV upload: %d %s", status, b)
	}
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"peserta", "tanggal", "nilai"})
	x.SetSheetRow("Sheet1", "A2", &[]any{"B", "2025-02-06", 14.5})
	var xb bytes.Buffer
	x.Write(&xb)
	if status, b := e.raw("POST", "/api/v1/competitions/uji-kpi/measurements", "koordinator@a.go.id", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xb.Bytes()); status != 201 {
		t.Errorf("XLSX upload: %d %s", status, b)
	}
	if n := e.measurementCount("uji-kpi"); n != before+4 {
		t.Errorf("after three uploads: %d, want %d", n, before+4)
	}
	if status, _ := e.raw("POST", "/api/v1/competitions/uji-kpi/measurements", "koordinator@a.go.id", "image/png", []byte("x")); status != http.StatusUnsupportedMediaType {
		t.Errorf("PNG body: %d, want 415", status)
	}
	if status, _ := e.raw("POST", "/api/v1/competitions/uji-kpi/measurements", "koordinator@a.go.id", "application/json", []byte(`{"measurements": [`)); status != http.StatusBadRequest {
		t.Errorf("broken JSON: %d, want 400", status)
	}
	// Exports.
	for _, ext := range []string{"xlsx", "pdf"} {
		status, b := e.raw("GET", "/api/v1/competitions/uji-kpi/export."+ext, "kontributor@b.go.id", "", nil)
		if status != 200 || len(b) < 500 {
			t.Errorf("export %s: %d, %d bytes", ext, status, len(b))
		}
	}
}

func TestKPIPracticeDraftThroughAPI(t *testing.T) {
	e := newEnv(t)
	e.do("POST", "/api/v1/competitions", "koordinator@a.go.id", competitionBody(), nil)
	var p practice
	resp := e.do("POST", "/api/v1/competitions/uji-kpi/practices", "kontributor@a.go.id", map[string]any{"participant": "A"}, &p)
	if resp.StatusCode != http.StatusCreated || p.Status != "draft" || !strings.Contains(p.Title, "Pasar A") || len(p.Metrics) != 1 {
		t.Fatalf("draft: %d %+v", resp.StatusCode, p)
	}
	var detail struct {
		Practices []struct {
			Participant string
			PracticeID  int64 `json:"practice_id"`
		}
	}
	e.do("GET", "/api/v1/competitions/uji-kpi", "kontributor@a.go.id", nil, &detail)
	if !slices.ContainsFunc(detail.Practices, func(l struct {
		Participant string
		PracticeID  int64 `json:"practice_id"`
	}) bool {
		return l.Participant == "A" && l.PracticeID == p.ID
	}) {
		t.Errorf("link missing: %+v", detail.Practices)
	}
	if resp := e.do("POST", "/api/v1/competitions/uji-kpi/practices", "kontributor@b.go.id", map[string]any{"participant": "A"}, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("other agency drafts: %d, want 403", resp.StatusCode)
	}
}
