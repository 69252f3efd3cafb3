package app_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"lumbung/internal/app"
	"lumbung/internal/files"
	"lumbung/internal/km"
	"lumbung/internal/store/storetest"
)

// heardQA records what the Q&A hook was told, as a notification sender
// plugged into App.QA would hear it.
type heardQA struct {
	mu       sync.Mutex
	asked    [][]int64
	answered [][]int64
}

func (h *heardQA) QuestionAsked(_ context.Context, _ km.Question, _ km.Practice, to []int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.asked = append(h.asked, to)
}

func (h *heardQA) AnswerPosted(_ context.Context, _ km.Answer, _ km.Question, _ km.Practice, to []int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.answered = append(h.answered, to)
}

// qaEnv is two agencies with a practice author and a coordinator in
// dinas-a, a contributor and a coordinator in dinas-b, and a root admin;
// the author's public and internal practices are published, a third is a
// draft.
type qaEnv struct {
	a                                    *app.App
	author, coordA, reader, coordB, admn app.Actor
	public, internal, draft              int64
	heard                                *heardQA
}

func newQAEnv(t *testing.T) *qaEnv {
	t.Helper()
	s, dir := storetest.Open(t)
	a := app.New(s, &files.Store{Dir: dir}, 1<<16, nil)
	a.BcryptCost = 4
	ctx := context.Background()
	for _, c := range []string{"dinas-a", "dinas-b"} {
		if _, err := a.CreateOrg(ctx, app.System, app.NewOrg{Code: c, Name: "Dinas " + c, Kind: km.OrgOPD, Parent: km.RootOrgCode}); err != nil {
			t.Fatal(err)
		}
	}
	mk := func(email, org string, role km.Role) app.Actor {
		u, err := a.CreateUser(ctx, app.System, app.NewUser{Email: email, Name: email, OrgCode: org, Roles: []km.Role{role}})
		if err != nil {
			t.Fatalf("user %s: %v", email, err)
		}
		return app.Actor{User: &u}
	}
	e := &qaEnv{a: a, author: mk("penulis@a.go.id", "dinas-a", km.RoleContributor), coordA: mk("koordinator@a.go.id", "dinas-a", km.RoleCoordinator),
		reader: mk("pembaca@b.go.id", "dinas-b", km.RoleContributor), coordB: mk("koordinator@b.go.id", "dinas-b", km.RoleCoordinator),
		admn: mk("admin@root.go.id", km.RootOrgCode, km.RoleAdmin), heard: &heardQA{}}
	a.QA = e.heard
	practice := func(title string, access km.Access, publish bool) int64 {
		p, err := a.CreatePractice(ctx, e.author, app.PracticeInput{OrgCode: "dinas-a", Practice: km.Practice{Title: title,
			Summary: "Ringkasan " + title, Kind: km.KindGood, Access: access, Status: km.StatusDraft}})
		if err != nil {
			t.Fatalf("practice: %v", err)
		}
		if publish {
			if _, err := a.Transition(ctx, e.author, p.ID, app.TransitionInput{Action: km.ActionSubmit}); err != nil {
				t.Fatalf("submit: %v", err)
			}
			if _, err := a.Transition(ctx, e.coordA, p.ID, app.TransitionInput{Action: km.ActionPublish}); err != nil {
				t.Fatalf("publish: %v", err)
			}
		}
		return p.ID
	}
	e.public = practice("Pasar bersih", km.AccessPublic, true)
	e.internal = practice("Arsip digital", km.AccessInternal, true)
	e.draft = practice("Draf rahasia", km.AccessPublic, false)
	return e
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: got %v, want %v", what, err, want)
	}
}

// TestQAPermissions: who may read, ask, answer, accept and hide, what the
// hook hears, and what the audit log records.
func TestQAPermissions(t *testing.T) {
	e := newQAEnv(t)
	ctx := context.Background()
	a := e.a

	_, err := a.AskQuestion(ctx, app.Actor{}, e.public, "Berapa biayanya?")
	wantErr(t, "anonymous asks", err, km.ErrUnauthorized)
	_, err = a.Questions(ctx, app.Actor{}, e.internal)
	wantErr(t, "anonymous lists questions on an internal practice", err, km.ErrNotFound)
	_, err = a.AskQuestion(ctx, e.reader, e.draft, "Kapan terbit?")
	wantErr(t, "another agency asks on a draft it cannot read", err, km.ErrNotFound)
	_, err = a.Questions(ctx, e.reader, e.draft)
	wantErr(t, "another agency lists questions on a draft", err, km.ErrNotFound)
	_, err = a.AskQuestion(ctx, e.reader, e.public, "   ")
	var ve *km.ValidationError
	if !errors.As(err, &ve) || ve.Fields["body"] != "post_empty" {
		t.Errorf("empty question: got %v, want post_empty", err)
	}

	q, err := a.AskQuestion(ctx, e.reader, e.public, "Berapa **biaya** kebersihan per bulan?")
	if err != nil {
		t.Fatal(err)
	}
	if len(e.heard.asked) != 1 || !equalIDs(e.heard.asked[0], e.author.User.ID, e.coordA.User.ID) {
		t.Errorf("QuestionAsked recipients: %v, want the author and dinas-a's coordinator", e.heard.asked)
	}
	own, err := a.PostAnswer(ctx, e.author, q.ID, "Sekitar Rp2 juta.")
	if err != nil {
		t.Fatal(err)
	}
	other, err := a.PostAnswer(ctx, e.coordB, q.ID, "Di tempat kami lebih murah.")
	if err != nil {
		t.Fatal(err)
	}
	if len(e.heard.answered) != 2 || !equalIDs(e.heard.answered[0], e.reader.User.ID) {
		t.Errorf("AnswerPosted recipients: %v, want the asker", e.heard.answered)
	}
	if _, err := a.PostAnswer(ctx, app.Actor{}, q.ID, "x"); !errors.Is(err, km.ErrUnauthorized) {
		t.Errorf("anonymous answers: %v", err)
	}

	// Accepting: the asker or the practice's author, no one else.
	for name, who := range map[string]app.Actor{"another coordinator": e.coordB, "dinas-a's coordinator": e.coordA} {
		_, err := a.AcceptAnswer(ctx, who, own.ID)
		wantErr(t, name+" accepts", err, km.ErrForbidden)
	}
	if _, err := a.AcceptAnswer(ctx, e.reader, other.ID); err != nil {
		t.Fatalf("asker accepts: %v", err)
	}
	if _, err := a.AcceptAnswer(ctx, e.author, own.ID); err != nil {
		t.Fatalf("author accepts: %v", err)
	}
	v, err := a.Questions(ctx, app.Actor{}, e.public)
	if err != nil || len(v.Questions) != 1 || len(v.Questions[0].Answers) != 2 {
		t.Fatalf("anonymous reads a public practice's questions: %+v, %v", v, err)
	}
	if as := v.Questions[0].Answers; as[0].ID != own.ID || !as[0].Accepted || as[1].Accepted {
		t.Errorf("answers: %+v; want the one accepted answer first", as)
	}

	// Hiding: coordinators over the practice's agency and admins only.
	for name, who := range map[string]app.Actor{"the asker": e.reader, "the author": e.author, "another agency's coordinator": e.coordB} {
		wantErr(t, name+" hides", a.HideQuestion(ctx, who, q.ID, "spam"), km.ErrForbidden)
	}
	err = a.HideQuestion(ctx, e.coordA, q.ID, "")
	if !errors.As(err, &ve) || ve.Fields["reason"] != "required" {
		t.Errorf("hide without a reason: %v", err)
	}
	if err := a.HideAnswer(ctx, e.admn, own.ID, "Nomor rekening pribadi"); err != nil {
		t.Fatalf("admin hides an answer: %v", err)
	}
	if err := a.HideQuestion(ctx, e.coordA, q.ID, "Di luar topik"); err != nil {
		t.Fatalf("coordinator hides: %v", err)
	}
	for name, who := range map[string]app.Actor{"anonymous": {}, "the asker": e.reader, "the author": e.author} {
		v, err := a.Questions(ctx, who, e.public)
		if err != nil || len(v.Questions) != 0 {
			t.Errorf("%s sees %d questions (%v), want the hidden one gone", name, len(v.Questions), err)
		}
	}
	_, err = a.PostAnswer(ctx, e.author, q.ID, "Tambahan")
	wantErr(t, "answer to a hidden question", err, km.ErrNotFound)
	for name, who := range map[string]app.Actor{"coordinator": e.coordA, "admin": e.admn} {
		v, err := a.Questions(ctx, who, e.public)
		if err != nil || len(v.Questions) != 1 || !v.Moderator {
			t.Fatalf("%s: %+v, %v; want the hidden question", name, v, err)
		}
		hq := v.Questions[0]
		if !hq.Hidden() || hq.Reason != "Di luar topik" || len(hq.Answers) != 2 {
			t.Errorf("%s sees %+v; want it marked hidden with its reason and both answers", name, hq)
		}
		for _, an := range hq.Answers {
			if an.ID == own.ID && (!an.Hidden() || an.Accepted) {
				t.Errorf("%s sees the hidden answer as %+v; want hidden, no longer accepted", name, an)
			}
		}
	}

	evs, err := a.Store.AuditEvents(ctx, km.AuditFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	reasons := map[string]any{}
	for _, ev := range evs {
		got[ev.Action]++
		if strings.HasSuffix(ev.Action, ".hide") {
			reasons[ev.Action] = ev.Detail["reason"]
		}
	}
	for action, n := range map[string]int{"question.ask": 1, "answer.post": 2, "answer.accept": 2, "question.hide": 1, "answer.hide": 1} {
		if got[action] != n {
			t.Errorf("audit %s: %d events, want %d", action, got[action], n)
		}
	}
	if reasons["question.hide"] != "Di luar topik" || reasons["answer.hide"] != "Nomor rekening pribadi" {
		t.Errorf("audited reasons: %v", reasons)
	}
}

func equalIDs(got []int64, want ...int64) bool {
	if len(got) != len(want) {
		return false
	}
	seen := map[int64]bool{}
	for _, id := range got {
		seen[id] = true
	}
	for _, id := range want {
		if !seen[id] {
			return false
		}
	}
	return true
}

// TestQAEditHistory: only the author edits; each edit keeps the text it
// replaced, shown to the author and moderators, not to others.
func TestQAEditHistory(t *testing.T) {
	e := newQAEnv(t)
	ctx := context.Background()
	a := e.a
	q, err := a.AskQuestion(ctx, e.reader, e.internal, "Versi satu")
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.EditQuestion(ctx, e.author, q.ID, "Dibajak")
	wantErr(t, "someone else edits", err, km.ErrForbidden)
	if _, err := a.EditQuestion(ctx, e.reader, q.ID, "Versi dua"); err != nil {
		t.Fatal(err)
	}
	q2, err := a.EditQuestion(ctx, e.reader, q.ID, "Versi tiga")
	if err != nil || q2.Body != "Versi tiga" || q2.EditedAt.IsZero() {
		t.Fatalf("edit: %+v, %v", q2, err)
	}
	_, err = a.EditQuestion(ctx, e.reader, q.ID, strings.Repeat("x", km.MaxPostBody+1))
	var ve *km.ValidationError
	if !errors.As(err, &ve) || ve.Fields["body"] != "post_too_long" {
		t.Errorf("too long: %v", err)
	}
	for name, who := range map[string]app.Actor{"the author": e.reader, "the coordinator": e.coordA} {
		edits, err := a.PostHistory(ctx, who, km.PostQuestion, q.ID)
		if err != nil || len(edits) != 2 || edits[0].Body != "Versi satu" || edits[1].Body != "Versi dua" {
			t.Errorf("%s reads the history: %+v, %v", name, edits, err)
		}
	}
	_, err = a.PostHistory(ctx, e.coordB, km.PostQuestion, q.ID)
	wantErr(t, "a bystander reads the history", err, km.ErrForbidden)
	_, err = a.PostHistory(ctx, app.Actor{}, km.PostQuestion, q.ID)
	wantErr(t, "anonymous reads the history", err, km.ErrUnauthorized)

	an, err := a.PostAnswer(ctx, e.author, q.ID, "Jawaban awal")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.EditAnswer(ctx, e.author, an.ID, "Jawaban diperbaiki"); err != nil {
		t.Fatal(err)
	}
	_, err = a.EditAnswer(ctx, e.reader, an.ID, "x")
	wantErr(t, "someone else edits an answer", err, km.ErrForbidden)
	edits, err := a.PostHistory(ctx, e.author, km.PostAnswer, an.ID)
	if err != nil || len(edits) != 1 || edits[0].Body != "Jawaban awal" {
		t.Errorf("answer history: %+v, %v", edits, err)
	}
	evs, err := a.Store.AuditEvents(ctx, km.AuditFilter{Action: "question.edit"})
	if err != nil || len(evs) != 2 {
		t.Errorf("question.edit events: %d, %v; want 2", len(evs), err)
	}
}

// TestQASearch: a word only in a question finds its practice, for those who
// may read the practice only; a hidden question no longer does.
func TestQASearch(t *testing.T) {
	e := newQAEnv(t)
	ctx := context.Background()
	a := e.a
	if err := a.OpenSearch(ctx, a.Files.Dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Index.Close() })
	q, err := a.AskQuestion(ctx, e.reader, e.internal, "Apakah retribusi kebersihan dibayar lewat kios Zambrud?")
	if err != nil {
		t.Fatal(err)
	}
	find := func(who app.Actor) []int64 {
		t.Helper()
		res, err := a.Search(ctx, who, app.SearchQuery{Text: "zambrud"})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		return ids
	}
	if got := find(e.coordB); len(got) != 1 || got[0] != e.internal {
		t.Errorf("signed in: %v, want the internal practice %d", got, e.internal)
	}
	if got := find(app.Actor{}); len(got) != 0 {
		t.Errorf("anonymous: %v, want nothing (the practice is internal)", got)
	}
	an, err := a.PostAnswer(ctx, e.author, q.ID, "Tidak, lewat aplikasi Kenari.")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.AcceptAnswer(ctx, e.reader, an.ID); err != nil {
		t.Fatal(err)
	}
	res, err := a.Search(ctx, e.reader, app.SearchQuery{Text: "kenari"})
	if err != nil || len(res.Hits) != 1 {
		t.Errorf("a word of the accepted answer: %+v, %v", res.Hits, err)
	}
	if err := a.HideQuestion(ctx, e.coordA, q.ID, "Salah tempat"); err != nil {
		t.Fatal(err)
	}
	if got := find(e.coordB); len(got) != 0 {
		t.Errorf("after hiding: %v, want nothing", got)
	}
}
