package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// TestAwardAPISettings: the secretariat sets whether every participant
// gets a certificate; a juror may not; a malformed body is a 400 and a
// too long description a 422 in the caller's language.
func TestAwardAPISettings(t *testing.T) {
	e := awardSetup(t)
	const path = "/api/v1/award/editions/kma/settings"
	if code, b := body(t, e, http.MethodPut, path, "j-x@univ.ac.id", map[string]any{"participant_certificates": true}); code != http.StatusForbidden {
		t.Errorf("juror sets: %d %s, want 403", code, b)
	}
	if code, b := body(t, e, http.MethodPut, path, "sekretariat@root.go.id", map[string]any{"description": "Edisi uji", "participant_certificates": true}); code != http.StatusNoContent {
		t.Errorf("secretariat sets: %d %s, want 204", code, b)
	}
	if code, b := body(t, e, http.MethodGet, path, "", nil); code != http.StatusOK || !strings.Contains(b, `"participant_certificates":true`) || !strings.Contains(b, "Edisi uji") {
		t.Errorf("settings: %d %s", code, b)
	}
	req, _ := http.NewRequest(http.MethodPut, e.srv.URL+path, bytes.NewReader([]byte("{bukan json")))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+e.tokens["sekretariat@root.go.id"])
	if resp := e.roundTrip(req, nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("malformed settings: %d, want 400", resp.StatusCode)
	}
	var out map[string]any
	resp := e.send(http.MethodPut, path, "sekretariat@root.go.id", "id", map[string]any{"description": strings.Repeat("x", 6000)}, &out)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("long description: %d %v, want 422", resp.StatusCode, out)
	}
	// Before the freeze passes nothing; the import froze these entries, so
	// the snapshot is there for the secretariat, 404 for the public.
	if code, _ := body(t, e, http.MethodGet, "/api/v1/award/editions/kma/snapshots", "", nil); code != http.StatusNotFound {
		t.Errorf("public hashes before the announcement: %d, want 404", code)
	}
	if code, b := body(t, e, http.MethodGet, "/api/v1/award/editions/kma/snapshots", "sekretariat@root.go.id", nil); code != http.StatusOK || !strings.Contains(b, `"entry":"A1"`) {
		t.Errorf("secretariat hashes: %d %s", code, b)
	}
}
