package api

import (
	"context"
	"net/http"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/km"
)

// qaRoutes are the questions and answers on practices.
func (h *API) qaRoutes() []route {
	return []route{
		{"GET /api/v1/practices/{id}/questions", h.listQuestions, "Questions and answers on a practice (hidden ones only for moderators)"},
		{"POST /api/v1/practices/{id}/questions", h.askQuestion, "Ask a question on a practice"},
		{"PATCH /api/v1/questions/{id}", h.editQuestion, "Edit one's own question (the earlier text is kept)"},
		{"GET /api/v1/questions/{id}/history", h.questionHistory, "Earlier versions of a question (its author and moderators)"},
		{"POST /api/v1/questions/{id}/hide", h.hideQuestion, "Hide a question, with a reason (coordinators and admins over the practice)"},
		{"POST /api/v1/questions/{id}/answers", h.postAnswer, "Answer a question"},
		{"PATCH /api/v1/answers/{id}", h.editAnswer, "Edit one's own answer (the earlier text is kept)"},
		{"GET /api/v1/answers/{id}/history", h.answerHistory, "Earlier versions of an answer (its author and moderators)"},
		{"POST /api/v1/answers/{id}/accept", h.acceptAnswer, "Accept an answer (the asker or the practice's author)"},
		{"POST /api/v1/answers/{id}/hide", h.hideAnswer, "Hide an answer, with a reason (coordinators and admins over the practice)"},
	}
}

type personJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type answerJSON struct {
	ID           int64      `json:"id"`
	QuestionID   int64      `json:"question_id"`
	Body         string     `json:"body"`
	BodyHTML     string     `json:"body_html"`
	Author       personJSON `json:"author"`
	PostedAt     time.Time  `json:"posted_at"`
	Accepted     bool       `json:"accepted"`
	Edited       bool       `json:"edited"`
	EditedAt     *time.Time `json:"edited_at"`
	Hidden       bool       `json:"hidden"`
	HiddenReason string     `json:"hidden_reason,omitempty"`
}

type questionJSON struct {
	ID           int64        `json:"id"`
	PracticeID   int64        `json:"practice_id"`
	Body         string       `json:"body"`
	BodyHTML     string       `json:"body_html"`
	Author       personJSON   `json:"author"`
	AskedAt      time.Time    `json:"asked_at"`
	Edited       bool         `json:"edited"`
	EditedAt     *time.Time   `json:"edited_at"`
	Hidden       bool         `json:"hidden"`
	HiddenReason string       `json:"hidden_reason,omitempty"`
	Answers      []answerJSON `json:"answers"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func (h *API) toAnswerJSON(a km.Answer) answerJSON {
	return answerJSON{ID: a.ID, QuestionID: a.QuestionID, Body: a.Body, BodyHTML: string(h.md.Render(a.Body)),
		Author: personJSON{a.AuthorID, a.AuthorName}, PostedAt: a.PostedAt, Accepted: a.Accepted,
		Edited: !a.EditedAt.IsZero(), EditedAt: timePtr(a.EditedAt), Hidden: a.Hidden(), HiddenReason: a.Reason}
}

func (h *API) toQuestionJSON(q km.Question) questionJSON {
	out := questionJSON{ID: q.ID, PracticeID: q.PracticeID, Body: q.Body, BodyHTML: string(h.md.Render(q.Body)),
		Author: personJSON{q.AuthorID, q.AuthorName}, AskedAt: q.AskedAt, Edited: !q.EditedAt.IsZero(), EditedAt: timePtr(q.EditedAt),
		Hidden: q.Hidden(), HiddenReason: q.Reason, Answers: make([]answerJSON, len(q.Answers))}
	for i, a := range q.Answers {
		out.Answers[i] = h.toAnswerJSON(a)
	}
	return out
}

type postInput struct {
	Body string `json:"body"`
}

type hideInput struct {
	Reason string `json:"reason"`
}

func (h *API) listQuestions(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, h)
	if !ok {
		return
	}
	v, err := h.app.Questions(r.Context(), actor(r), id)
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := make([]questionJSON, len(v.Questions))
	for i, q := range v.Questions {
		out[i] = h.toQuestionJSON(q)
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"questions": out})
}

func (h *API) askQuestion(w http.ResponseWriter, r *http.Request) {
	withBody(h, w, r, http.StatusCreated, h.app.AskQuestion, h.toQuestionJSON)
}

func (h *API) editQuestion(w http.ResponseWriter, r *http.Request) {
	withBody(h, w, r, http.StatusOK, h.app.EditQuestion, h.toQuestionJSON)
}

func (h *API) hideQuestion(w http.ResponseWriter, r *http.Request) {
	h.hide(w, r, km.PostQuestion)
}

func (h *API) hideAnswer(w http.ResponseWriter, r *http.Request) {
	h.hide(w, r, km.PostAnswer)
}

func (h *API) hide(w http.ResponseWriter, r *http.Request, kind km.PostKind) {
	id, ok := pathID(w, r, h)
	if !ok {
		return
	}
	var in hideInput
	if !h.decode(w, r, &in) {
		return
	}
	var err error
	if kind == km.PostQuestion {
		err = h.app.HideQuestion(r.Context(), actor(r), id, in.Reason)
	} else {
		err = h.app.HideAnswer(r.Context(), actor(r), id, in.Reason)
	}
	if err != nil {
		h.error(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"id": id, "hidden": true})
}

func (h *API) postAnswer(w http.ResponseWriter, r *http.Request) {
	withBody(h, w, r, http.StatusCreated, h.app.PostAnswer, h.toAnswerJSON)
}

func (h *API) editAnswer(w http.ResponseWriter, r *http.Request) {
	withBody(h, w, r, http.StatusOK, h.app.EditAnswer, h.toAnswerJSON)
}

func (h *API) acceptAnswer(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, h)
	if !ok {
		return
	}
	a, err := h.app.AcceptAnswer(r.Context(), actor(r), id)
	if err != nil {
		h.error(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusOK, h.toAnswerJSON(a))
}

func (h *API) questionHistory(w http.ResponseWriter, r *http.Request) {
	h.history(w, r, km.PostQuestion)
}

func (h *API) answerHistory(w http.ResponseWriter, r *http.Request) {
	h.history(w, r, km.PostAnswer)
}

func (h *API) history(w http.ResponseWriter, r *http.Request, kind km.PostKind) {
	id, ok := pathID(w, r, h)
	if !ok {
		return
	}
	edits, err := h.app.PostHistory(r.Context(), actor(r), kind, id)
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := make([]map[string]any, len(edits))
	for i, e := range edits {
		out[i] = map[string]any{"body": e.Body, "body_html": string(h.md.Render(e.Body)), "written_at": e.WrittenAt,
			"replaced_at": e.ReplacedAt, "replaced_by": personJSON{e.ReplacedBy, e.ReplacedByName}}
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"edits": out})
}

// withBody runs a write on the question or answer in the path with the
// request's {"body"}, and answers with status and what show makes of the
// result: asking, answering and editing differ only in those.
func withBody[T, V any](h *API, w http.ResponseWriter, r *http.Request, status int,
	act func(context.Context, app.Actor, int64, string) (T, error), show func(T) V) {
	id, ok := pathID(w, r, h)
	if !ok {
		return
	}
	var in postInput
	if !h.decode(w, r, &in) {
		return
	}
	x, err := act(r.Context(), actor(r), id, in.Body)
	if err != nil {
		h.error(w, r, err)
		return
	}
	h.writeJSON(w, status, show(x))
}
