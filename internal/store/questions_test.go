package store_test

import (
	"context"
	"testing"

	"lumbung/internal/km"
	"lumbung/internal/store"
)

// TestQuestionsRoundTrip pins what the Q&A use cases rely on: one accepted
// answer per question, listed first; an edit keeps the replaced text with
// its span; a hidden answer loses its acceptance; the search text holds
// visible questions and accepted answers only; coordinators are found
// over an organisation's subtree, on both databases.
func TestQuestionsRoundTrip(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	p := f.create(t, km.Practice{OrgID: f.a1.ID, Title: "Pasar", Summary: "QRIS", Kind: km.KindGood, Access: km.AccessPublic, Status: km.StatusDraft})
	var coord km.User
	q := km.Question{PracticeID: p.ID, AuthorID: f.contributor.ID, Body: "Pertanyaan satu"}
	q2 := km.Question{PracticeID: p.ID, AuthorID: f.contributor.ID, Body: "Pertanyaan tersembunyi"}
	a1 := km.Answer{AuthorID: f.contributor.ID, Body: "Jawaban pertama"}
	a2 := km.Answer{AuthorID: f.contributor.ID, Body: "Jawaban kedua"}
	err := f.s.Write(ctx, func(tx *store.Tx) error {
		coord = km.User{Email: "koor@example.go.id", Name: "Koor", OrgID: f.a.ID}
		if err := tx.CreateUser(&coord, "hash"); err != nil {
			return err
		}
		if err := tx.Grant(coord.ID, km.RoleCoordinator, f.a.ID); err != nil {
			return err
		}
		for _, x := range []*km.Question{&q, &q2} {
			if err := tx.CreateQuestion(x); err != nil {
				return err
			}
		}
		a1.QuestionID, a2.QuestionID = q.ID, q.ID
		for _, a := range []*km.Answer{&a1, &a2} {
			if err := tx.CreateAnswer(a, p.ID); err != nil {
				return err
			}
		}
		if err := tx.AcceptAnswer(q.ID, a1.ID, p.ID); err != nil {
			return err
		}
		if err := tx.AcceptAnswer(q.ID, a2.ID, p.ID); err != nil {
			return err
		}
		if err := tx.EditPost(km.PostQuestion, q.ID, p.ID, "Pertanyaan dua", f.contributor.ID); err != nil {
			return err
		}
		return tx.HidePost(km.PostQuestion, q2.ID, p.ID, coord.ID, "spam")
	})
	if err != nil {
		t.Fatal(err)
	}
	qs, err := f.s.Questions(ctx, p.ID)
	if err != nil || len(qs) != 2 {
		t.Fatalf("questions: %+v, %v", qs, err)
	}
	got := qs[0]
	if got.Body != "Pertanyaan dua" || got.EditedAt.IsZero() || got.AuthorName != "Ani" || len(got.Answers) != 2 {
		t.Errorf("question: %+v", got)
	}
	if as := got.Answers; as[0].ID != a2.ID || !as[0].Accepted || as[1].Accepted {
		t.Errorf("answers: %+v; want only the second accepted, first", as)
	}
	if h := qs[1]; !h.Hidden() || h.Reason != "spam" || h.HiddenBy != coord.ID {
		t.Errorf("hidden question: %+v", h)
	}
	edits, err := f.s.PostEdits(ctx, km.PostQuestion, q.ID)
	if err != nil || len(edits) != 1 || edits[0].Body != "Pertanyaan satu" || edits[0].ReplacedByName != "Ani" ||
		edits[0].WrittenAt.After(edits[0].ReplacedAt) {
		t.Errorf("edits: %+v, %v", edits, err)
	}
	texts, err := f.s.QuestionTexts(ctx, []int64{p.ID})
	if err != nil || texts[p.ID] != "Pertanyaan dua\n\nJawaban kedua" {
		t.Errorf("search text: %q, %v", texts[p.ID], err)
	}
	if err := f.s.Write(ctx, func(tx *store.Tx) error { return tx.HidePost(km.PostAnswer, a2.ID, p.ID, coord.ID, "x") }); err != nil {
		t.Fatal(err)
	}
	if a, err := f.s.Answer(ctx, a2.ID); err != nil || a.Accepted || !a.Hidden() {
		t.Errorf("hidden answer: %+v, %v; want no longer accepted", a, err)
	}
	if ids, err := f.s.CoordinatorIDs(ctx, f.a1.Path); err != nil || len(ids) != 1 || ids[0] != coord.ID {
		t.Errorf("coordinators over a1: %v, %v", ids, err)
	}
	if ids, err := f.s.CoordinatorIDs(ctx, f.b.Path); err != nil || len(ids) != 0 {
		t.Errorf("coordinators over b: %v, %v", ids, err)
	}
}
