package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app"
)

// TestJurorInvitationAPI: adding an external juror answers the invitation
// link once, beside the usual fields; a juror with an account gets none;
// the invitation can be made again until the juror sets a password, and
// only the newest link works.
func TestJurorInvitationAPI(t *testing.T) {
	e := withSecretariat(t)
	ctx := context.Background()
	at := func(d time.Duration) string { return time.Now().Add(d).Format(time.RFC3339) }
	if resp := e.send("POST", "/api/v1/award/editions", sec, "id", map[string]any{"code": "kma", "name": "KM Award", "year": 2026,
		"submission_deadline": at(24 * time.Hour), "announcement_at": at(240 * time.Hour)}, nil); resp.StatusCode != http.StatusCreated {
		t.Fatalf("create edition: %d", resp.StatusCode)
	}
	const base = "/api/v1/award/editions/kma/jurors"
	var j map[string]any
	if resp := e.send("POST", base, sec, "id", map[string]any{"email": "Pakar@Univ.ac.id", "name": "Pakar", "org": nil}, &j); resp.StatusCode != http.StatusOK {
		t.Fatalf("add juror: %d %v", resp.StatusCode, j)
	}
	first, _ := j["invitation_url"].(string)
	if j["email"] != "pakar@univ.ac.id" || j["name"] != "Pakar" || j["org"] != nil || !strings.Contains(first, app.LinkPath) ||
		j["invitation_expires_at"] == nil {
		t.Errorf("external juror: %v", j)
	}
	j = nil
	e.send("POST", base, sec, "id", map[string]any{"email": "admin@root.go.id", "org": ""}, &j)
	if _, ok := j["invitation_url"]; ok || j["email"] != "admin@root.go.id" {
		t.Errorf("juror with an account: %v; want no invitation_url", j)
	}

	var again map[string]any
	// The draft is hidden from an admin who is not its secretariat.
	if resp := e.send("POST", base+"/pakar@univ.ac.id/invitation", "admin@root.go.id", "id", nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("re-issue by an admin who is not the secretariat: %d, want 404", resp.StatusCode)
	}
	if resp := e.send("POST", base+"/pakar@univ.ac.id/invitation", sec, "id", nil, &again); resp.StatusCode != http.StatusCreated {
		t.Fatalf("re-issue: %d %v", resp.StatusCode, again)
	}
	second, _ := again["invitation_url"].(string)
	if second == "" || second == first {
		t.Fatalf("re-issued link %q (first %q)", second, first)
	}
	token := func(u string) string { return u[strings.LastIndex(u, "/")+1:] }
	if _, err := e.app.UseLink(ctx, token(first), "sandi-pakar-1", ""); err == nil {
		t.Error("the first link still works")
	}
	if _, err := e.app.UseLink(ctx, token(second), "sandi-pakar-1", ""); err != nil {
		t.Fatalf("the second link: %v", err)
	}
	var ae apiError
	if resp := e.send("POST", base+"/pakar@univ.ac.id/invitation", sec, "en", nil, &ae); resp.StatusCode != http.StatusConflict ||
		ae.Error.Code != "password_set" {
		t.Errorf("re-issue after the password is set: %d %+v", resp.StatusCode, ae)
	}
	if resp := e.send("POST", base+"/nobody@univ.ac.id/invitation", sec, "id", nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("re-issue for someone not on the jury: %d", resp.StatusCode)
	}
}
