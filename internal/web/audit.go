package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"lumbung/internal/i18n"
	"lumbung/internal/km"
)

const auditPageSize = 50

type auditForm struct {
	Actor, Action, TargetType, TargetID, From, To string
}

type auditData struct {
	F         auditForm
	Events    []km.AuditEvent
	Errors    map[string]string
	OlderURL  string
	NewestURL string
	Actions   []string
	Types     []string
}

// auditActions and auditTypes fill the filter's suggestions.
var (
	auditActions = []string{"practice.", "practice.create", "practice.update", "practice.submit", "practice.return",
		"practice.publish", "practice.redraft", "practice.archive", "practice.import", "attachment.add",
		"user.", "user.login", "user.login_failed", "user.logout", "user.create", "user.grant", "user.link.invite", "user.link.reset",
		"user.link.use", "token.create", "feed.token.create", "feed.token.revoke", "adoption.", "adoption.create", "adoption.update",
		"question.", "question.ask", "question.edit", "question.hide",
		"answer.", "answer.post", "answer.edit", "answer.accept", "answer.hide"}
	auditTypes = []string{"practice", "user", "org", "token", "attachment", "adoption", "question", "answer"}
)

func (w *Web) auditLog(rw http.ResponseWriter, r *http.Request) {
	actor, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	if !actor.User.IsAdmin() {
		w.fail(rw, r, km.ErrForbidden)
		return
	}
	q := r.URL.Query()
	f := auditForm{Actor: strings.TrimSpace(q.Get("actor")), Action: strings.TrimSpace(q.Get("action")),
		TargetType: strings.TrimSpace(q.Get("target_type")), TargetID: strings.TrimSpace(q.Get("target_id")),
		From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to"))}
	filter := km.AuditFilter{Action: f.Action, TargetType: f.TargetType, TargetID: f.TargetID, Limit: auditPageSize}
	errs := map[string]string{}
	if f.From != "" {
		t, err := time.ParseInLocation(time.DateOnly, f.From, wib)
		if err != nil {
			errs["from"] = "invalid_date"
		}
		filter.From = t
	}
	if f.To != "" {
		t, err := time.ParseInLocation(time.DateOnly, f.To, wib)
		if err != nil {
			errs["to"] = "invalid_date"
		}
		filter.To = t.AddDate(0, 0, 1) // the whole day
	}
	if b, err := strconv.ParseInt(q.Get("before"), 10, 64); err == nil && b > 0 {
		filter.BeforeID = b
	}
	lang := i18n.FromRequest(r)
	d := auditData{F: f, Actions: auditActions, Types: auditTypes}
	noMatch := false
	if f.Actor != "" {
		u, err := w.App.Store.UserByEmail(r.Context(), f.Actor)
		switch {
		case err == nil:
			filter.ActorID = u.ID
		case errors.Is(err, km.ErrNotFound):
			errs["actor"] = "web.audit.unknown_actor"
			noMatch = true
		default:
			w.fail(rw, r, err)
			return
		}
	}
	if len(errs) == 0 && !noMatch {
		evs, err := w.App.AuditLog(r.Context(), actor, filter)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		d.Events = evs
		if len(evs) == auditPageSize {
			nq := url.Values{}
			for k, v := range q {
				nq[k] = v
			}
			nq.Set("before", strconv.FormatInt(evs[len(evs)-1].ID, 10))
			d.OlderURL = "/admin/audit?" + nq.Encode()
		}
		if filter.BeforeID != 0 {
			nq := url.Values{}
			for k, v := range q {
				nq[k] = v
			}
			nq.Del("before")
			d.NewestURL = "/admin/audit?" + nq.Encode()
		}
	}
	if len(errs) > 0 {
		d.Errors = map[string]string{}
		for k, v := range errs {
			d.Errors[k] = i18n.T(lang, v)
		}
	}
	status := http.StatusOK
	if len(errs) > 0 && !noMatch {
		status = http.StatusUnprocessableEntity
	}
	w.render(rw, r, status, "audit", w.newView(r, "audit", d))
}

// detailText shows an audit event's detail as compact key=value pairs.
func detailText(m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		v := m[k]
		var s string
		switch x := v.(type) {
		case nil:
			continue
		case string:
			if x == "" {
				continue
			}
			s = x
		default:
			b, _ := json.Marshal(x)
			s = string(b)
		}
		if len(s) > 200 {
			s = s[:200] + "…"
		}
		parts = append(parts, k+"="+s)
	}
	return strings.Join(parts, "; ")
}
