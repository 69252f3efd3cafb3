package web

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"strconv"

	"lumbung/internal/app"
	"lumbung/internal/auth"
	"lumbung/internal/httperr"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
)

// qaRoutes are the forms of the questions and answers on a practice page,
// and the edit history of a post.
func (w *Web) qaRoutes() []route {
	return []route{
		{"POST /practices/{id}/questions", w.askQuestion},
		{"POST /questions/{id}/answers", w.postAnswer},
		{"POST /questions/{id}/edit", w.editQuestion},
		{"POST /questions/{id}/hide", w.hideQuestion},
		{"GET /questions/{id}/history", w.questionHistory},
		{"POST /answers/{id}/edit", w.editAnswer},
		{"POST /answers/{id}/accept", w.acceptAnswer},
		{"POST /answers/{id}/hide", w.hideAnswer},
		{"GET /answers/{id}/history", w.answerHistory},
	}
}

// qaQuestion is a question as the practice page shows it.
type qaQuestion struct {
	km.Question
	HTML        template.HTML
	Answers     []qaAnswer
	CanEdit     bool
	ShowHistory bool // the reader may see its earlier versions
}

// qaAnswer is an answer as the practice page shows it.
type qaAnswer struct {
	km.Answer
	HTML        template.HTML
	CanEdit     bool
	CanAccept   bool
	ShowHistory bool
}

// qaData is the questions section of the practice page.
type qaData struct {
	Questions []qaQuestion
	Moderator bool
	CanAsk    bool
	// A form that was refused: its key ("ask", "answer-7", "edit-q-7",
	// "edit-a-9", "hide-q-7", "hide-a-9"), the text kept and the message.
	Form  string
	Input string
	Msg   string
}

// loadQA fills the questions section for the reader.
func (w *Web) loadQA(ctx context.Context, actor app.Actor, p km.Practice) (qaData, error) {
	v, err := w.App.Questions(ctx, actor, p.ID)
	if err != nil {
		return qaData{}, err
	}
	d := qaData{Moderator: v.Moderator, CanAsk: actor.User != nil}
	for _, q := range v.Questions {
		mine := func(author int64) bool { return actor.User != nil && author == actor.User.ID }
		item := qaQuestion{Question: q, HTML: w.Markdown.Render(q.Body), CanEdit: mine(q.AuthorID) && !q.Hidden(),
			ShowHistory: !q.EditedAt.IsZero() && (mine(q.AuthorID) || v.Moderator)}
		canAccept := km.CanAccept(actor.User, &q, &p) && !q.Hidden()
		for _, a := range q.Answers {
			item.Answers = append(item.Answers, qaAnswer{Answer: a, HTML: w.Markdown.Render(a.Body),
				CanEdit: mine(a.AuthorID) && !a.Hidden(), CanAccept: canAccept && !a.Accepted && !a.Hidden(),
				ShowHistory: !a.EditedAt.IsZero() && (mine(a.AuthorID) || v.Moderator)})
		}
		d.Questions = append(d.Questions, item)
	}
	return d, nil
}

// pathInt64 reads the {id} of the path.
func pathInt64(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, km.ErrNotFound
	}
	return id, nil
}

// qaPracticeOf is the practice a question or an answer belongs to.
func (w *Web) qaPracticeOf(ctx context.Context, kind km.PostKind, id int64) (int64, error) {
	if kind == km.PostAnswer {
		a, err := w.App.Store.Answer(ctx, id)
		if err != nil {
			return 0, err
		}
		id = a.QuestionID
	}
	q, err := w.App.Store.Question(ctx, id)
	return q.PracticeID, err
}

// qaPost reads a form posted to a question's or an answer's route; it
// answers the request itself (and ok is false) when it cannot go on.
func (w *Web) qaPost(rw http.ResponseWriter, r *http.Request) (actor app.Actor, id int64, ok bool) {
	actor, ok = w.requireUser(rw, r)
	if !ok {
		return actor, 0, false
	}
	id, err := pathInt64(r)
	if err != nil {
		w.fail(rw, r, err)
		return actor, 0, false
	}
	if !w.parsedForm(rw, r, 64<<10) {
		return actor, 0, false
	}
	return actor, id, true
}

// qaDone ends a question or answer form: back to the practice at the post
// on success; the page again with the message beside the form when the
// input was refused; the error page otherwise.
func (w *Web) qaDone(rw http.ResponseWriter, r *http.Request, err error, practiceID int64, anchor, form, flash string) {
	lang := i18n.FromRequest(r)
	var ve *km.ValidationError
	switch {
	case err == nil:
		w.flash(r, flash)
		redirect(rw, r, "/practices/"+strconv.FormatInt(practiceID, 10)+"#"+anchor)
	case errors.As(err, &ve) && practiceID != 0:
		p := httperr.From(err, lang, w.Log)
		msg := p.Message
		for _, m := range p.Fields {
			msg = m
		}
		input := r.PostForm.Get("body")
		w.showPracticeByID(rw, r, practiceID, p.Status, func(d *practiceData) {
			d.QA.Form, d.QA.Input, d.QA.Msg = form, input, msg
		})
	default:
		w.fail(rw, r, err)
	}
}

func (w *Web) askQuestion(rw http.ResponseWriter, r *http.Request) {
	actor, id, ok := w.qaPost(rw, r)
	if !ok {
		return
	}
	q, err := w.App.AskQuestion(r.Context(), actor, id, r.PostForm.Get("body"))
	w.qaDone(rw, r, err, id, "q-"+strconv.FormatInt(q.ID, 10), "ask", "web.flash.qa_asked")
}

func (w *Web) postAnswer(rw http.ResponseWriter, r *http.Request) {
	actor, id, ok := w.qaPost(rw, r)
	if !ok {
		return
	}
	a, err := w.App.PostAnswer(r.Context(), actor, id, r.PostForm.Get("body"))
	pid, _ := w.qaPracticeOf(r.Context(), km.PostQuestion, id)
	w.qaDone(rw, r, err, pid, "a-"+strconv.FormatInt(a.ID, 10), "answer-"+strconv.FormatInt(id, 10), "web.flash.qa_answered")
}

func (w *Web) editQuestion(rw http.ResponseWriter, r *http.Request) {
	actor, id, ok := w.qaPost(rw, r)
	if !ok {
		return
	}
	_, err := w.App.EditQuestion(r.Context(), actor, id, r.PostForm.Get("body"))
	pid, _ := w.qaPracticeOf(r.Context(), km.PostQuestion, id)
	w.qaDone(rw, r, err, pid, "q-"+strconv.FormatInt(id, 10), "edit-q-"+strconv.FormatInt(id, 10), "web.flash.qa_edited")
}

func (w *Web) editAnswer(rw http.ResponseWriter, r *http.Request) {
	actor, id, ok := w.qaPost(rw, r)
	if !ok {
		return
	}
	_, err := w.App.EditAnswer(r.Context(), actor, id, r.PostForm.Get("body"))
	pid, _ := w.qaPracticeOf(r.Context(), km.PostAnswer, id)
	w.qaDone(rw, r, err, pid, "a-"+strconv.FormatInt(id, 10), "edit-a-"+strconv.FormatInt(id, 10), "web.flash.qa_edited")
}

func (w *Web) acceptAnswer(rw http.ResponseWriter, r *http.Request) {
	actor, id, ok := w.qaPost(rw, r)
	if !ok {
		return
	}
	_, err := w.App.AcceptAnswer(r.Context(), actor, id)
	pid, _ := w.qaPracticeOf(r.Context(), km.PostAnswer, id)
	w.qaDone(rw, r, err, pid, "a-"+strconv.FormatInt(id, 10), "", "web.flash.qa_accepted")
}

func (w *Web) hideQuestion(rw http.ResponseWriter, r *http.Request) {
	actor, id, ok := w.qaPost(rw, r)
	if !ok {
		return
	}
	err := w.App.HideQuestion(r.Context(), actor, id, r.PostForm.Get("reason"))
	pid, _ := w.qaPracticeOf(r.Context(), km.PostQuestion, id)
	w.qaDone(rw, r, err, pid, "q-"+strconv.FormatInt(id, 10), "hide-q-"+strconv.FormatInt(id, 10), "web.flash.qa_hidden")
}

func (w *Web) hideAnswer(rw http.ResponseWriter, r *http.Request) {
	actor, id, ok := w.qaPost(rw, r)
	if !ok {
		return
	}
	err := w.App.HideAnswer(r.Context(), actor, id, r.PostForm.Get("reason"))
	pid, _ := w.qaPracticeOf(r.Context(), km.PostAnswer, id)
	w.qaDone(rw, r, err, pid, "a-"+strconv.FormatInt(id, 10), "hide-a-"+strconv.FormatInt(id, 10), "web.flash.qa_hidden")
}

// qaHistoryData feeds the edit history page.
type qaHistoryData struct {
	P     km.Practice
	Kind  km.PostKind
	ID    int64
	Edits []qaEdit
}

type qaEdit struct {
	km.PostEdit
	HTML template.HTML
}

func (w *Web) questionHistory(rw http.ResponseWriter, r *http.Request) {
	w.postHistory(rw, r, km.PostQuestion)
}

func (w *Web) answerHistory(rw http.ResponseWriter, r *http.Request) {
	w.postHistory(rw, r, km.PostAnswer)
}

// postHistory shows the earlier versions of a post to its author and the
// moderators.
func (w *Web) postHistory(rw http.ResponseWriter, r *http.Request, kind km.PostKind) {
	actor, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	id, err := pathInt64(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	edits, err := w.App.PostHistory(r.Context(), actor, kind, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	pid, err := w.qaPracticeOf(r.Context(), kind, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	p, err := w.App.Practice(r.Context(), auth.Actor(r), pid)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := qaHistoryData{P: p, Kind: kind, ID: id}
	for _, e := range edits {
		d.Edits = append(d.Edits, qaEdit{PostEdit: e, HTML: w.Markdown.Render(e.Body)})
	}
	w.render(rw, r, http.StatusOK, "qa_history", w.newView(r, "practices", d))
}
