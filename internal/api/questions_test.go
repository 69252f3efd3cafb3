package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

type answerOut struct {
	ID           int64  `json:"id"`
	Body         string `json:"body"`
	BodyHTML     string `json:"body_html"`
	Accepted     bool   `json:"accepted"`
	Edited       bool   `json:"edited"`
	Hidden       bool   `json:"hidden"`
	HiddenReason string `json:"hidden_reason"`
	Author       struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"author"`
}

type questionOut struct {
	ID       int64       `json:"id"`
	Body     string      `json:"body"`
	BodyHTML string      `json:"body_html"`
	AskedAt  string      `json:"asked_at"`
	Edited   bool        `json:"edited"`
	Hidden   bool        `json:"hidden"`
	Answers  []answerOut `json:"answers"`
	Author   struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"author"`
}

// publishedPractice creates a practice of dinas-a with this access and
// has its coordinator publish it.
func (e *env) publishedPractice(access string) practice {
	e.t.Helper()
	p := e.create("kontributor@a.go.id", map[string]any{"org": "dinas-a", "title": "Tanya " + access, "body": "x", "access": access})
	e.do("POST", fmt.Sprintf("/api/v1/practices/%d/transitions", p.ID), "kontributor@a.go.id", map[string]any{"action": "submit"}, nil)
	if resp := e.do("POST", fmt.Sprintf("/api/v1/practices/%d/transitions", p.ID), "koordinator@a.go.id", map[string]any{"action": "publish"}, &p); resp.StatusCode != http.StatusOK {
		e.t.Fatalf("publish: %d", resp.StatusCode)
	}
	return p
}

// TestQuestionsAPI: the shapes of the question routes, their refusals,
// and markdown rendered safely.
func TestQuestionsAPI(t *testing.T) {
	e := newEnv(t)
	p := e.publishedPractice("internal")
	qs := fmt.Sprintf("/api/v1/practices/%d/questions", p.ID)

	var ae apiError
	if resp := e.do("POST", qs, "", map[string]any{"body": "Halo?"}, &ae); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous asks: %d, want 401", resp.StatusCode)
	}
	if resp := e.do("GET", qs, "", nil, &ae); resp.StatusCode != http.StatusNotFound {
		t.Errorf("anonymous lists an internal practice's questions: %d, want 404", resp.StatusCode)
	}
	if resp := e.do("POST", qs, "kontributor@b.go.id", map[string]any{"body": "  "}, &ae); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(ae.Error.Fields["body"], "kosong") {
		t.Errorf("empty question: %d %+v, want 422 with an Indonesian message", resp.StatusCode, ae.Error)
	}
	if resp := e.do("POST", qs, "kontributor@b.go.id", map[string]any{"body": strings.Repeat("x", 10001)}, &ae); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("too long: %d, want 422", resp.StatusCode)
	}

	xss := "Bagaimana **caranya**? <script>alert(1)</script><img src=x onerror=alert(2)> [klik](javascript:alert(3))"
	var q questionOut
	if resp := e.do("POST", qs, "kontributor@b.go.id", map[string]any{"body": xss}, &q); resp.StatusCode != http.StatusCreated || q.ID == 0 {
		t.Fatalf("ask: %d %+v", resp.StatusCode, q)
	}
	if q.Body != xss || !strings.Contains(q.BodyHTML, "<strong>caranya</strong>") {
		t.Errorf("question: body %q, body_html %q", q.Body, q.BodyHTML)
	}
	for _, bad := range []string{"<script", "onerror", "javascript:"} {
		if strings.Contains(q.BodyHTML, bad) {
			t.Errorf("body_html keeps %q: %s", bad, q.BodyHTML)
		}
	}
	var a answerOut
	if resp := e.do("POST", fmt.Sprintf("/api/v1/questions/%d/answers", q.ID), "kontributor@a.go.id", map[string]any{"body": "Lewat *aplikasi*."}, &a); resp.StatusCode != http.StatusCreated || a.ID == 0 {
		t.Fatalf("answer: %d %+v", resp.StatusCode, a)
	}
	if resp := e.do("POST", fmt.Sprintf("/api/v1/answers/%d/accept", a.ID), "koordinator@a.go.id", nil, &ae); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a coordinator accepts: %d, want 403", resp.StatusCode)
	}
	if resp := e.do("POST", fmt.Sprintf("/api/v1/answers/%d/accept", a.ID), "kontributor@b.go.id", nil, &a); resp.StatusCode != http.StatusOK || !a.Accepted {
		t.Errorf("the asker accepts: %d %+v", resp.StatusCode, a)
	}
	if resp := e.do("PATCH", fmt.Sprintf("/api/v1/answers/%d", a.ID), "kontributor@a.go.id", map[string]any{"body": "Lewat aplikasi Kenari."}, &a); resp.StatusCode != http.StatusOK || !a.Edited {
		t.Errorf("edit: %d %+v", resp.StatusCode, a)
	}
	var hist struct {
		Edits []struct {
			Body string `json:"body"`
		} `json:"edits"`
	}
	if resp := e.do("GET", fmt.Sprintf("/api/v1/answers/%d/history", a.ID), "kontributor@a.go.id", nil, &hist); resp.StatusCode != http.StatusOK || len(hist.Edits) != 1 || hist.Edits[0].Body != "Lewat *aplikasi*." {
		t.Errorf("history: %d %+v", resp.StatusCode, hist)
	}
	if resp := e.do("GET", fmt.Sprintf("/api/v1/answers/%d/history", a.ID), "kontributor@b.go.id", nil, &ae); resp.StatusCode != http.StatusForbidden {
		t.Errorf("history for a bystander: %d, want 403", resp.StatusCode)
	}

	var list struct {
		Questions []questionOut `json:"questions"`
	}
	if resp := e.do("GET", qs, "kontributor@b.go.id", nil, &list); resp.StatusCode != http.StatusOK || len(list.Questions) != 1 {
		t.Fatalf("list: %d %+v", resp.StatusCode, list)
	}
	got := list.Questions[0]
	if got.ID != q.ID || got.Body != xss || got.BodyHTML == "" || got.AskedAt == "" || got.Author.Name != "kontributor@b.go.id" ||
		len(got.Answers) != 1 || !got.Answers[0].Accepted || got.Answers[0].ID != a.ID {
		t.Errorf("listed question: %+v", got)
	}

	if resp := e.do("POST", fmt.Sprintf("/api/v1/questions/%d/hide", q.ID), "kontributor@a.go.id", map[string]any{"reason": "x"}, &ae); resp.StatusCode != http.StatusForbidden {
		t.Errorf("the author hides: %d, want 403", resp.StatusCode)
	}
	if resp := e.do("POST", fmt.Sprintf("/api/v1/questions/%d/hide", q.ID), "koordinator@a.go.id", map[string]any{"reason": ""}, &ae); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("hide without a reason: %d, want 422", resp.StatusCode)
	}
	if resp := e.do("POST", fmt.Sprintf("/api/v1/questions/%d/hide", q.ID), "koordinator@a.go.id", map[string]any{"reason": "Memuat skrip"}, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("the coordinator hides: %d", resp.StatusCode)
	}
	if e.do("GET", qs, "kontributor@b.go.id", nil, &list); len(list.Questions) != 0 {
		t.Errorf("the asker still sees the hidden question: %+v", list.Questions)
	}
	if e.do("GET", qs, "admin@root.go.id", nil, &list); len(list.Questions) != 1 || !list.Questions[0].Hidden {
		t.Errorf("the admin sees: %+v; want the question marked hidden", list.Questions)
	}
	if resp := e.do("POST", fmt.Sprintf("/api/v1/questions/%d/answers", q.ID), "kontributor@a.go.id", map[string]any{"body": "Lagi"}, &ae); resp.StatusCode != http.StatusNotFound {
		t.Errorf("answer a hidden question: %d, want 404", resp.StatusCode)
	}
}
