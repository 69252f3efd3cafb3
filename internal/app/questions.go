package app

import (
	"context"
	"slices"

	"lumbung/internal/km"
	"lumbung/internal/store"
)

// QANotifier hears of new questions and answers once they are committed,
// so that notifications (built elsewhere) can tell the people concerned.
// App.QA is nil until something plugs in; the calls must not block long.
type QANotifier interface {
	// QuestionAsked tells the practice's author and the coordinators over
	// its organisation (recipients, the asker left out) of a new question.
	QuestionAsked(ctx context.Context, q km.Question, p km.Practice, recipients []int64)
	// AnswerPosted tells the asker (recipients, unless they answered
	// themselves) of a new answer to their question.
	AnswerPosted(ctx context.Context, a km.Answer, q km.Question, p km.Practice, recipients []int64)
}

// QAView is the questions on a practice as one reader sees them.
type QAView struct {
	Practice  km.Practice
	Questions []km.Question // hidden ones only for moderators, marked Hidden
	Moderator bool          // the reader may hide posts here
}

// Questions lists the questions and answers on a practice the actor may
// read. Hidden posts are left out except for moderators, who see them
// marked.
func (a *App) Questions(ctx context.Context, actor Actor, practiceID int64) (QAView, error) {
	p, err := a.Practice(ctx, actor, practiceID)
	if err != nil {
		return QAView{}, err
	}
	qs, err := a.Store.Questions(ctx, p.ID)
	if err != nil {
		return QAView{}, err
	}
	v := QAView{Practice: p, Moderator: km.CanModerateQA(actor.User, &p)}
	if !v.Moderator {
		qs = slices.DeleteFunc(qs, func(q km.Question) bool { return q.Hidden() })
		for i := range qs {
			qs[i].Answers = slices.DeleteFunc(qs[i].Answers, func(an km.Answer) bool { return an.Hidden() })
		}
	}
	v.Questions = qs
	return v, nil
}

// qaPractice reads the practice a question belongs to and checks that the
// actor may read the question: the practice readable, and the question
// not hidden unless the actor moderates it. It reports whether they do.
func qaPractice(tx *store.Tx, actor Actor, q km.Question) (km.Practice, bool, error) {
	p, err := tx.Practice(q.PracticeID)
	if err != nil {
		return p, false, err
	}
	if !actor.visibility().Allows(&p) {
		return p, false, km.ErrNotFound
	}
	mod := km.CanModerateQA(actor.User, &p)
	if q.Hidden() && !mod {
		return p, false, km.ErrNotFound
	}
	return p, mod, nil
}

// answerContext reads an answer, its question and practice with the same
// checks as qaPractice (a hidden answer counts as its question would).
func answerContext(tx *store.Tx, actor Actor, id int64) (km.Answer, km.Question, km.Practice, bool, error) {
	an, err := tx.Answer(id)
	if err != nil {
		return an, km.Question{}, km.Practice{}, false, err
	}
	q, err := tx.Question(an.QuestionID)
	if err != nil {
		return an, q, km.Practice{}, false, err
	}
	p, mod, err := qaPractice(tx, actor, q)
	if err == nil && an.Hidden() && !mod {
		err = km.ErrNotFound
	}
	return an, q, p, mod, err
}

// AskQuestion adds a question to a practice the actor may read.
func (a *App) AskQuestion(ctx context.Context, actor Actor, practiceID int64, body string) (km.Question, error) {
	if actor.User == nil {
		return km.Question{}, km.ErrUnauthorized
	}
	q := km.Question{PracticeID: practiceID, AuthorID: actor.User.ID, AuthorName: actor.User.Name}
	var p km.Practice
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		var err error
		if p, err = tx.Practice(practiceID); err != nil {
			return err
		}
		if !actor.visibility().Allows(&p) {
			return km.ErrNotFound
		}
		if q.Body, err = km.CleanPostBody(body); err != nil {
			return err
		}
		if err := tx.CreateQuestion(&q); err != nil {
			return err
		}
		return tx.Audit(actor.event("question.ask", "question", q.ID, p.OrgID, map[string]any{"practice": p.ID, "length": len(q.Body)}))
	})
	if err != nil {
		return km.Question{}, err
	}
	if a.QA != nil {
		ids := []int64{p.CreatedBy}
		coords, err := a.Store.CoordinatorIDs(ctx, p.OrgPath)
		if err != nil {
			a.Log.Warn("question recipients", "question", q.ID, "err", err)
		}
		a.QA.QuestionAsked(ctx, q, p, recipients(actor, append(ids, coords...)))
	}
	return q, nil
}

// recipients drops the actor, nobody (0) and repeats from ids.
func recipients(actor Actor, ids []int64) []int64 {
	slices.Sort(ids)
	ids = slices.Compact(ids)
	return slices.DeleteFunc(ids, func(id int64) bool { return id == 0 || id == actor.id() })
}

// PostAnswer answers a question on a practice the actor may read.
func (a *App) PostAnswer(ctx context.Context, actor Actor, questionID int64, body string) (km.Answer, error) {
	if actor.User == nil {
		return km.Answer{}, km.ErrUnauthorized
	}
	an := km.Answer{QuestionID: questionID, AuthorID: actor.User.ID, AuthorName: actor.User.Name}
	var q km.Question
	var p km.Practice
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		var err error
		if q, err = tx.Question(questionID); err != nil {
			return err
		}
		if p, _, err = qaPractice(tx, actor, q); err != nil {
			return err
		}
		if q.Hidden() {
			return km.ErrForbidden // a moderator sees it, but it takes no answers
		}
		if an.Body, err = km.CleanPostBody(body); err != nil {
			return err
		}
		if err := tx.CreateAnswer(&an, p.ID); err != nil {
			return err
		}
		return tx.Audit(actor.event("answer.post", "answer", an.ID, p.OrgID, map[string]any{"practice": p.ID, "question": q.ID, "length": len(an.Body)}))
	})
	if err != nil {
		return km.Answer{}, err
	}
	if a.QA != nil {
		a.QA.AnswerPosted(ctx, an, q, p, recipients(actor, []int64{q.AuthorID}))
	}
	return an, nil
}

// AcceptAnswer marks an answer as the accepted one of its question; the
// asker or the practice's author may.
func (a *App) AcceptAnswer(ctx context.Context, actor Actor, answerID int64) (km.Answer, error) {
	if actor.User == nil {
		return km.Answer{}, km.ErrUnauthorized
	}
	var an km.Answer
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		var q km.Question
		var p km.Practice
		var err error
		if an, q, p, _, err = answerContext(tx, actor, answerID); err != nil {
			return err
		}
		if !km.CanAccept(actor.User, &q, &p) {
			return km.ErrForbidden
		}
		if q.Hidden() || an.Hidden() {
			return km.ErrForbidden
		}
		if err := tx.AcceptAnswer(q.ID, an.ID, p.ID); err != nil {
			return err
		}
		an.Accepted = true
		return tx.Audit(actor.event("answer.accept", "answer", an.ID, p.OrgID, map[string]any{"practice": p.ID, "question": q.ID}))
	})
	return an, err
}

// EditQuestion changes the text of the actor's own question, keeping the
// earlier text in its history.
func (a *App) EditQuestion(ctx context.Context, actor Actor, id int64, body string) (km.Question, error) {
	if actor.User == nil {
		return km.Question{}, km.ErrUnauthorized
	}
	var q km.Question
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		var err error
		if q, err = tx.Question(id); err != nil {
			return err
		}
		p, _, err := qaPractice(tx, actor, q)
		if err != nil {
			return err
		}
		if q.AuthorID != actor.User.ID || q.Hidden() {
			return km.ErrForbidden
		}
		clean, err := km.CleanPostBody(body)
		if err != nil {
			return err
		}
		if clean == q.Body {
			return nil // nothing changed: no history entry, no event
		}
		if err := tx.EditPost(km.PostQuestion, q.ID, p.ID, clean, actor.User.ID); err != nil {
			return err
		}
		q.Body, q.EditedAt = clean, tx.Now()
		return tx.Audit(actor.event("question.edit", "question", q.ID, p.OrgID, map[string]any{"practice": p.ID, "length": len(clean)}))
	})
	return q, err
}

// EditAnswer changes the text of the actor's own answer, keeping the
// earlier text in its history.
func (a *App) EditAnswer(ctx context.Context, actor Actor, id int64, body string) (km.Answer, error) {
	if actor.User == nil {
		return km.Answer{}, km.ErrUnauthorized
	}
	var an km.Answer
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		var q km.Question
		var p km.Practice
		var err error
		if an, q, p, _, err = answerContext(tx, actor, id); err != nil {
			return err
		}
		if an.AuthorID != actor.User.ID || an.Hidden() {
			return km.ErrForbidden
		}
		clean, err := km.CleanPostBody(body)
		if err != nil {
			return err
		}
		if clean == an.Body {
			return nil
		}
		if err := tx.EditPost(km.PostAnswer, an.ID, p.ID, clean, actor.User.ID); err != nil {
			return err
		}
		an.Body, an.EditedAt = clean, tx.Now()
		return tx.Audit(actor.event("answer.edit", "answer", an.ID, p.OrgID, map[string]any{"practice": p.ID, "question": q.ID, "length": len(clean)}))
	})
	return an, err
}

// HideQuestion hides a question (with its answers) from everyone but the
// moderators: the coordinators and admins over the practice's
// organisation. The reason is kept and audited.
func (a *App) HideQuestion(ctx context.Context, actor Actor, id int64, reason string) error {
	if actor.User == nil {
		return km.ErrUnauthorized
	}
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		q, err := tx.Question(id)
		if err != nil {
			return err
		}
		p, mod, err := qaPractice(tx, actor, q)
		if err != nil {
			return err
		}
		if !mod {
			return km.ErrForbidden
		}
		if q.Hidden() {
			return nil
		}
		if reason, err = km.CleanHideReason(reason); err != nil {
			return err
		}
		if err := tx.HidePost(km.PostQuestion, q.ID, p.ID, actor.User.ID, reason); err != nil {
			return err
		}
		return tx.Audit(actor.event("question.hide", "question", q.ID, p.OrgID, map[string]any{"practice": p.ID, "reason": reason}))
	})
}

// HideAnswer hides an answer as HideQuestion hides a question; a hidden
// answer is no longer accepted.
func (a *App) HideAnswer(ctx context.Context, actor Actor, id int64, reason string) error {
	if actor.User == nil {
		return km.ErrUnauthorized
	}
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		an, q, p, mod, err := answerContext(tx, actor, id)
		if err != nil {
			return err
		}
		if !mod {
			return km.ErrForbidden
		}
		if an.Hidden() {
			return nil
		}
		if reason, err = km.CleanHideReason(reason); err != nil {
			return err
		}
		if err := tx.HidePost(km.PostAnswer, an.ID, p.ID, actor.User.ID, reason); err != nil {
			return err
		}
		return tx.Audit(actor.event("answer.hide", "answer", an.ID, p.OrgID, map[string]any{"practice": p.ID, "question": q.ID, "reason": reason}))
	})
}

// PostHistory lists the earlier versions of a question or an answer, for
// its author and the moderators; others are refused.
func (a *App) PostHistory(ctx context.Context, actor Actor, kind km.PostKind, id int64) ([]km.PostEdit, error) {
	if actor.User == nil {
		return nil, km.ErrUnauthorized
	}
	var author, practiceID int64
	var hidden bool
	switch kind {
	case km.PostQuestion:
		q, err := a.Store.Question(ctx, id)
		if err != nil {
			return nil, err
		}
		author, practiceID, hidden = q.AuthorID, q.PracticeID, q.Hidden()
	case km.PostAnswer:
		an, err := a.Store.Answer(ctx, id)
		if err != nil {
			return nil, err
		}
		q, err := a.Store.Question(ctx, an.QuestionID)
		if err != nil {
			return nil, err
		}
		author, practiceID, hidden = an.AuthorID, q.PracticeID, an.Hidden() || q.Hidden()
	default:
		return nil, km.ErrNotFound
	}
	p, err := a.Practice(ctx, actor, practiceID)
	if err != nil {
		return nil, err
	}
	mod := km.CanModerateQA(actor.User, &p)
	if hidden && !mod {
		return nil, km.ErrNotFound
	}
	if author != actor.User.ID && !mod {
		return nil, km.ErrForbidden
	}
	return a.Store.PostEdits(ctx, kind, id)
}
