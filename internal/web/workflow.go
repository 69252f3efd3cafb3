package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/auth"
	"lumbung/internal/files"
	"lumbung/internal/httperr"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/upload"
)

// transition applies a workflow action from one of the practice page's
// forms; a refused one shows the page again with the reason beside the form.
func (w *Web) transition(rw http.ResponseWriter, r *http.Request) {
	actor, id, ok := w.practiceRequest(rw, r)
	if !ok || !w.parsedForm(rw, r, 64<<10) {
		return
	}
	pf := r.PostForm
	in := app.TransitionInput{Action: km.Action(pf.Get("action")), Reason: pf.Get("reason"),
		Verifier: pf.Get("verifier"), ReviewBy: strings.TrimSpace(pf.Get("review_by"))}
	in.Version, _ = strconv.Atoi(pf.Get("version"))
	if in.Version == 0 {
		in.Version = -1 // a form always carries its version; never skip the check
	}
	_, err := w.App.Transition(r.Context(), actor, id, in)
	lang := i18n.FromRequest(r)
	var ve *km.ValidationError
	var ce *km.ConflictError
	switch {
	case err == nil:
		w.flash(r, "web.flash.action."+string(in.Action))
		redirect(rw, r, "/practices/"+strconv.FormatInt(id, 10))
	case errors.As(err, &ve):
		p := httperr.From(err, lang, w.Log)
		w.showPractice(rw, r, p.Status, func(d *practiceData) {
			d.ActionFailed, d.ActionErrors, d.ActionInput, d.ActionMsg = in.Action, p.Fields, in, p.Message
		})
	case errors.As(err, &ce):
		p := httperr.From(err, lang, w.Log)
		w.showPractice(rw, r, p.Status, func(d *practiceData) {
			d.ConflictMsg = i18n.T(lang, "web.conflict_action", ce.Current)
		})
	default:
		w.fail(rw, r, err)
	}
}

// acceptList is the file input's accept attribute: the allowed types.
func acceptList() string {
	var out []string
	for mt, ext := range files.Allowed {
		out = append(out, mt, ext)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

// upload attaches a file to a practice. The multipart body is streamed
// into the file store, which enforces the size limit and sniffs the type.
func (w *Web) upload(rw http.ResponseWriter, r *http.Request) {
	actor, id, ok := w.practiceRequest(rw, r)
	if !ok {
		return
	}
	lang := i18n.FromRequest(r)
	part, err := upload.File(rw, r, w.App.MaxUpload)
	if err == nil {
		_, err = w.App.AddAttachment(r.Context(), actor, id, part.Name, part)
		part.Close()
	}
	switch {
	case err == nil:
		w.flash(r, "web.flash.uploaded")
		redirect(rw, r, "/practices/"+strconv.FormatInt(id, 10)+"#attachments")
	case errors.Is(err, upload.ErrNoFile):
		w.uploadFailed(rw, r, http.StatusBadRequest, i18n.T(lang, "err.missing_file"))
	case errors.Is(err, upload.ErrMalformed):
		w.uploadFailed(rw, r, http.StatusBadRequest, i18n.T(lang, "err.bad_request"))
	default:
		p := httperr.From(err, lang, w.Log)
		switch p.Status {
		case http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType:
			w.uploadFailed(rw, r, p.Status, p.Message)
		default:
			w.fail(rw, r, err)
		}
	}
}

func (w *Web) uploadFailed(rw http.ResponseWriter, r *http.Request, status int, msg string) {
	if status == http.StatusRequestEntityTooLarge {
		// The rest of the body will not be read; say so to the client.
		rw.Header().Set("Connection", "close")
	}
	w.showPractice(rw, r, status, func(d *practiceData) { d.UploadError = msg })
}

// download serves an attachment as a download, never inline.
func (w *Web) download(rw http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		w.fail(rw, r, km.ErrNotFound)
		return
	}
	att, f, err := w.App.Attachment(r.Context(), auth.Actor(r), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	defer f.Close()
	serveFile(rw, r, att.Name, att.MIME, "private, max-age=3600", att.CreatedAt, f)
}

// downloadHeaders mark a response as a file to save under name, of the
// given type, never to be sniffed as another; cache is its Cache-Control.
func downloadHeaders(h http.Header, name, mimeType, cache string) {
	h.Set("Content-Type", mimeType)
	h.Set("Content-Disposition", contentDisposition(name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", cache)
}

// serveFile serves an uploaded file as a download, never inline: the type
// comes from the sniffed upload, the browser may not second-guess it, and
// opened anyway it runs nothing (sandbox). Ranges and conditional requests
// are http.ServeContent's.
func serveFile(rw http.ResponseWriter, r *http.Request, name, mimeType, cache string, modified time.Time, f io.ReadSeeker) {
	downloadHeaders(rw.Header(), name, mimeType, cache)
	rw.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	http.ServeContent(rw, r, "", modified, f)
}

// contentDisposition names a download for every browser: an ASCII
// fallback and the UTF-8 name per RFC 6266 / RFC 5987.
func contentDisposition(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' || r == ';' {
			return '_'
		}
		return r
	}, name)
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": ascii}); v != "" {
		return fmt.Sprintf("%s; filename*=UTF-8''%s", v, encodeRFC5987(name))
	}
	return "attachment; filename*=UTF-8''" + encodeRFC5987(name)
}

// encodeRFC5987 percent-encodes everything outside RFC 5987's attr-char.
func encodeRFC5987(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
