package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"lumbung/internal/app"
	"lumbung/internal/km"
)

// adoptionEnv is newEnv with a coordinator of dinas-b and a published
// practice of dinas-a.
func adoptionEnv(t *testing.T) (*env, practice) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.app.CreateUser(ctx, app.System, app.NewUser{Email: "koordinator@b.go.id", Name: "Koordinator B", OrgCode: "dinas-b",
		Password: "rahasia-sekali", Roles: []km.Role{km.RoleCoordinator}}); err != nil {
		t.Fatal(err)
	}
	tok, err := e.app.CreateToken(ctx, app.System, "koordinator@b.go.id", "test")
	if err != nil {
		t.Fatal(err)
	}
	e.tokens["koordinator@b.go.id"] = tok
	p := e.create("koordinator@a.go.id", map[string]any{"org": "dinas-a", "title": "Pasar tanpa tunai", "body": "Isi",
		"status": "published", "access": "public"})
	if p.Status != "published" {
		t.Fatalf("source practice: %s, want published", p.Status)
	}
	return e, p
}

func TestAdoptionLifecycleAPI(t *testing.T) {
	e, p := adoptionEnv(t)
	path := fmt.Sprintf("/api/v1/practices/%d/adoptions", p.ID)
	const coordB = "koordinator@b.go.id"

	// The create answers 201 with the adoption and its id.
	var raw map[string]any
	resp := e.do("POST", path, coordB, map[string]any{"org": "dinas-b", "status": "planned", "started": "2025-03-01",
		"adapted": "Disesuaikan untuk puskesmas", "metrics": []map[string]any{{"indicator": "Transaksi", "baseline": 100, "value": 150}}}, &raw)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %v, want 201", resp.StatusCode, raw)
	}
	id, _ := raw["id"].(float64)
	if id == 0 || raw["org"] != "dinas-b" || raw["status"] != "planned" || raw["started"] != "2025-03-01" || raw["adapted"] != "Disesuaikan untuk puskesmas" {
		t.Errorf("created: %v", raw)
	}
	if ms, _ := raw["metrics"].([]any); len(ms) != 1 || ms[0].(map[string]any)["change"] != 50.0 {
		t.Errorf("metrics: %v, want one with change 50", raw["metrics"])
	}
	adoption := fmt.Sprintf("/api/v1/adoptions/%d", int64(id))

	// The list answers {"adoptions": [...]} with org and status.
	var list map[string][]map[string]any
	if resp := e.do("GET", path, "", nil, &list); resp.StatusCode != http.StatusOK {
		t.Fatalf("list: %d", resp.StatusCode)
	}
	if len(list) != 1 || len(list["adoptions"]) != 1 || list["adoptions"][0]["org"] != "dinas-b" || list["adoptions"][0]["status"] != "planned" {
		t.Errorf("list: %v", list)
	}

	// A second active adoption by the same organisation: 409.
	var ae apiError
	if resp := e.do("POST", path, coordB, map[string]any{"org": "dinas-b", "started": "2025-04-01"}, &ae); resp.StatusCode != http.StatusConflict {
		t.Errorf("duplicate: %d %+v, want 409", resp.StatusCode, ae)
	}

	patch := func(as string, body map[string]any, want int) apiError {
		t.Helper()
		var ae apiError
		if resp := e.do("PATCH", adoption, as, body, &ae); resp.StatusCode != want {
			t.Fatalf("PATCH %v as %s: %d %+v, want %d", body, as, resp.StatusCode, ae, want)
		}
		return ae
	}
	// Only the adopter's coordinators manage it.
	patch("kontributor@b.go.id", map[string]any{"status": "running"}, http.StatusForbidden)
	patch("koordinator@a.go.id", map[string]any{"status": "running"}, http.StatusForbidden)
	patch("", map[string]any{"status": "running"}, http.StatusUnauthorized)
	patch(coordB, map[string]any{"org": "dinas-a"}, http.StatusUnprocessableEntity)

	patch(coordB, map[string]any{"status": "running"}, http.StatusOK)
	if ae := patch(coordB, map[string]any{"status": "stopped"}, http.StatusUnprocessableEntity); ae.Error.Fields["reason"] == "" {
		t.Errorf("stopped without a reason: %+v, want a problem with reason", ae)
	}
	patch(coordB, map[string]any{"status": "stopped", "reason": "Anggaran dialihkan"}, http.StatusOK)
	if ae := patch(coordB, map[string]any{"status": "institutionalised", "regulation": "Pergub 1/2025"}, http.StatusUnprocessableEntity); ae.Error.Fields["status"] == "" {
		t.Errorf("stopped → institutionalised: %+v, want a problem with status", ae)
	}
	patch(coordB, map[string]any{"status": "running"}, http.StatusOK)
	if ae := patch(coordB, map[string]any{"status": "institutionalised"}, http.StatusUnprocessableEntity); ae.Error.Fields["regulation"] == "" {
		t.Errorf("institutionalised without regulation: %+v, want a problem with regulation", ae)
	}
	var got map[string]any
	if resp := e.do("PATCH", adoption, coordB, map[string]any{"status": "institutionalised", "regulation": "Pergub DKI 12/2025"}, &got); resp.StatusCode != http.StatusOK ||
		got["status"] != "institutionalised" || got["regulation"] != "Pergub DKI 12/2025" || got["adapted"] != "Disesuaikan untuk puskesmas" {
		t.Errorf("institutionalised: %d %v", resp.StatusCode, got)
	}

	// Every create and change is in the audit log.
	evs, err := e.app.Store.AuditEvents(context.Background(), km.AuditFilter{Action: "adoption.", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, ev := range evs {
		actions = append(actions, ev.Action)
	}
	if slices.Index(actions, "adoption.create") < 0 || len(actions) != 5 {
		t.Errorf("audit: %v, want one create and four updates", actions)
	}
}

func TestAdoptionRefusalsAPI(t *testing.T) {
	e, p := adoptionEnv(t)
	path := fmt.Sprintf("/api/v1/practices/%d/adoptions", p.ID)

	// An agency adopting its own practice: 422 with an Indonesian message.
	var ae apiError
	if resp := e.do("POST", path, "koordinator@a.go.id", map[string]any{"org": "dinas-a", "started": "2025-01-01"}, &ae); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(ae.Error.Fields["org"], "praktiknya sendiri") {
		t.Errorf("own agency: %d %+v, want 422 on org", resp.StatusCode, ae)
	}
	// A contributor may not record one; nor a coordinator for another agency.
	if resp := e.do("POST", path, "kontributor@b.go.id", map[string]any{"org": "dinas-b", "started": "2025-01-01"}, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("contributor: %d, want 403", resp.StatusCode)
	}
	if resp := e.do("POST", path, "koordinator@a.go.id", map[string]any{"org": "dinas-b", "started": "2025-01-01"}, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("coordinator of another agency: %d, want 403", resp.StatusCode)
	}
	// Bad fields: 422 naming them.
	if resp := e.do("POST", path, "koordinator@b.go.id", map[string]any{"org": "dinas-b", "status": "paused", "started": "kemarin"}, &ae); resp.StatusCode != http.StatusUnprocessableEntity ||
		ae.Error.Fields["status"] == "" || ae.Error.Fields["started"] == "" {
		t.Errorf("bad fields: %d %+v", resp.StatusCode, ae)
	}

	// An agency-only practice is not adoptable by an agency that cannot read it.
	internal := e.create("koordinator@a.go.id", map[string]any{"org": "dinas-a", "title": "Khusus dinas", "body": "Isi",
		"status": "published", "access": "agency"})
	ipath := fmt.Sprintf("/api/v1/practices/%d/adoptions", internal.ID)
	if resp := e.do("POST", ipath, "koordinator@b.go.id", map[string]any{"org": "dinas-b", "started": "2025-01-01"}, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unreadable practice: %d, want 404", resp.StatusCode)
	}
	if resp := e.do("GET", ipath, "koordinator@b.go.id", nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("adoptions of an unreadable practice: %d, want 404", resp.StatusCode)
	}
	// A draft is not adoptable, even by an admin who reads it.
	draft := e.create("kontributor@a.go.id", map[string]any{"org": "dinas-a", "title": "Draf", "body": "Isi"})
	if resp := e.do("POST", fmt.Sprintf("/api/v1/practices/%d/adoptions", draft.ID), "admin@root.go.id", map[string]any{"org": "dinas-b", "started": "2025-01-01"}, &ae); resp.StatusCode != http.StatusUnprocessableEntity ||
		ae.Error.Fields["practice"] == "" {
		t.Errorf("draft: %d %+v, want 422 on practice", resp.StatusCode, ae)
	}
	// The admin over dinas-b may record it for dinas-b; after it stops, a
	// new one may be recorded.
	var a map[string]any
	if resp := e.do("POST", path, "admin@root.go.id", map[string]any{"org": "dinas-b", "status": "stopped", "reason": "Uji coba gagal",
		"started": "2024-01-01"}, &a); resp.StatusCode != http.StatusCreated {
		t.Fatalf("admin records a stopped adoption: %d %v", resp.StatusCode, a)
	}
	own := e.create("koordinator@b.go.id", map[string]any{"org": "dinas-b", "title": "Versi B", "body": "Isi",
		"status": "published", "access": "restricted"})
	if resp := e.do("POST", path, "koordinator@b.go.id", map[string]any{"org": "dinas-b", "started": "2025-01-01", "derived_practice": own.ID}, &a); resp.StatusCode != http.StatusCreated ||
		a["derived_practice"] != float64(own.ID) {
		t.Errorf("after a stopped one: %d %v, want 201 with the derived practice", resp.StatusCode, a)
	}
	// Who cannot read the derived practice is not told of it.
	var list map[string][]map[string]any
	e.do("GET", path, "", nil, &list)
	for _, ad := range list["adoptions"] {
		if ad["derived_practice"] != nil {
			t.Errorf("anonymous sees a restricted derived practice: %v", ad)
		}
	}
	// A derived practice of another agency is refused.
	if resp := e.do("PATCH", fmt.Sprintf("/api/v1/adoptions/%v", a["id"]), "koordinator@b.go.id", map[string]any{"derived_practice": p.ID}, &ae); resp.StatusCode != http.StatusUnprocessableEntity ||
		ae.Error.Fields["derived_practice"] == "" {
		t.Errorf("derived practice of the source agency: %d %+v, want 422", resp.StatusCode, ae)
	}
	// An unknown adoption is 404; so is one whose source the caller cannot read.
	if resp := e.do("PATCH", "/api/v1/adoptions/999999", "koordinator@b.go.id", map[string]any{"status": "running"}, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown adoption: %d, want 404", resp.StatusCode)
	}
	// The OpenAPI document lists the routes.
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	e.do("GET", "/api/v1/openapi.json", "", nil, &doc)
	if doc.Paths["/api/v1/practices/{id}/adoptions"]["post"] == nil || doc.Paths["/api/v1/practices/{id}/adoptions"]["get"] == nil ||
		doc.Paths["/api/v1/adoptions/{id}"]["patch"] == nil {
		t.Errorf("openapi lacks the adoption routes")
	}
}
