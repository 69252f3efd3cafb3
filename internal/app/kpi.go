package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/kpi"
	"lumbung/internal/store"
)

// KPI competitions: who may see and run them, importing one whole, adding
// measurements all or nothing, leaderboards, and documenting a winner as a
// practice. The arithmetic is package kpi's; this file adds the rules.
//
// Access: a published competition is public. Running and closed ones are
// shown to signed-in users (the units competing follow their standing), a
// draft only to its managers. Managers are coordinators and admins over the
// organiser and the KM secretariat of the organiser's pemda.

// KPIFile is a whole competition as `lumbung kpi import` and
// POST /api/v1/competitions read it.
type KPIFile struct {
	Competition  KPIFileCompetition   `json:"competition"`
	Participants []KPIFileParticipant `json:"participants"`
	Measurements []KPIFileMeasurement `json:"measurements"`
}

// KPIFileCompetition is the "competition" object of a KPIFile.
type KPIFileCompetition struct {
	Code        string        `json:"code"`
	Name        string        `json:"name"`
	Description string        `json:"description,omitempty"`
	Org         string        `json:"org,omitempty"`  // organiser's code; default: the importer's choice
	Noun        string        `json:"noun,omitempty"` // "pasar": what a participant is called
	Metric      KPIFileMetric `json:"metric"`
	Baseline    KPIFileWindow `json:"baseline"`
	Period      KPIFileWindow `json:"period"`
	Method      string        `json:"method"`
	K           *float64      `json:"k,omitempty"`
	Status      string        `json:"status,omitempty"` // default draft
}

// KPIFileMetric is the metric of a KPIFile.
type KPIFileMetric struct {
	Code           string `json:"code"`
	Name           string `json:"name"`
	Unit           string `json:"unit"`
	HigherIsBetter *bool  `json:"higher_is_better"` // default true
	AllowNegative  bool   `json:"allow_negative,omitempty"`
}

// KPIFileWindow is an inclusive range of days, YYYY-MM-DD.
type KPIFileWindow struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// KPIFileParticipant is a participant of a KPIFile.
type KPIFileParticipant struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Org     string `json:"org,omitempty"`
	Group   string `json:"group,omitempty"`
	Control bool   `json:"control,omitempty"`
}

// KPIFileMeasurement is one value of a KPIFile or of a JSON upload.
type KPIFileMeasurement struct {
	Participant string   `json:"participant"`
	Date        string   `json:"date"`
	Value       *float64 `json:"value"`
}

// DecodeKPIFile reads a KPIFile strictly: unknown fields and trailing data
// are errors, so a misspelt key is reported instead of ignored.
func DecodeKPIFile(data []byte) (KPIFile, error) {
	var f KPIFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return f, fmt.Errorf("not a competition file: %w", err)
	}
	if dec.More() {
		return f, errors.New("not a competition file: trailing data after the JSON object")
	}
	return f, nil
}

// KPIInputError refuses a competition file or a batch of measurements as a
// whole. Fields holds message keys by field; Lines holds every bad
// measurement, by CSV line, XLSX row or 1-based position in a JSON array.
// errors.Is(err, ErrInvalidImport) holds.
type KPIInputError struct {
	Fields map[string]string
	Lines  []kpi.LineError
}

func (e *KPIInputError) Error() string {
	var parts []string
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		parts = append(parts, k+": "+i18n.T("en", e.Fields[k]))
	}
	for _, l := range e.Lines {
		parts = append(parts, l.Error())
	}
	return "invalid competition data: " + strings.Join(parts, "; ")
}

// Is makes errors.Is(err, ErrInvalidImport) true, so an edge that does not
// know this type still answers 422.
func (e *KPIInputError) Is(target error) bool { return target == ErrInvalidImport }

func (e *KPIInputError) field(f, key string) {
	if e.Fields == nil {
		e.Fields = map[string]string{}
	}
	if _, ok := e.Fields[f]; !ok {
		e.Fields[f] = key
	}
}

func (e *KPIInputError) err() error {
	if len(e.Fields) == 0 && len(e.Lines) == 0 {
		return nil
	}
	return e
}

// LineMessage is a line error in lang: the Indonesian message as written,
// or an English description of its code followed by the detail.
func LineMessage(lang string, l kpi.LineError) string {
	if lang == "id" || !i18n.Has("kpi.line."+l.Code) {
		return l.Message
	}
	return i18n.T(lang, "kpi.line."+l.Code) + " (" + l.Message + ")"
}

// Limits on a competition's text, in bytes.
const (
	maxCompetitionName = 300
	maxDescription     = 5000
	maxParticipants    = 2000
)

var (
	competitionCodeRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)
	participantCodeRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$`)
)

// CanManageCompetition reports whether u may change a competition
// organised by the organisation at orgPath.
func CanManageCompetition(u *km.User, orgPath string) bool {
	if u == nil {
		return false
	}
	if u.Has(km.RoleCoordinator, orgPath) { // admins too
		return true
	}
	for _, g := range u.Grants {
		if g.Role == km.RoleSecretariat && km.Contains(pemdaPath(g.OrgPath), orgPath) {
			return true
		}
	}
	return false
}

// pemdaPath is the top of the tree an organisation belongs to.
func pemdaPath(p string) string {
	first, _, _ := strings.Cut(strings.Trim(p, "/"), "/")
	return "/" + first + "/"
}

// CanReadCompetition reports whether u may see c.
func CanReadCompetition(u *km.User, c store.Competition) bool {
	switch c.Status {
	case kpi.StatusPublished:
		return true
	case kpi.StatusRunning, kpi.StatusClosed:
		return u != nil
	}
	return CanManageCompetition(u, c.OrgPath)
}

// Competitions lists the competitions the actor may see, newest first.
func (a *App) Competitions(ctx context.Context, actor Actor) ([]store.Competition, error) {
	all, err := a.Store.Competitions(ctx)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, c := range all {
		if CanReadCompetition(actor.User, c) {
			out = append(out, c)
		}
	}
	return out, nil
}

// Competition returns a competition the actor may see; one they may not is
// not found, so a draft's existence does not leak.
func (a *App) Competition(ctx context.Context, actor Actor, code string) (store.Competition, error) {
	c, err := a.Store.Competition(ctx, code)
	if err != nil {
		return c, err
	}
	if !CanReadCompetition(actor.User, c) {
		return store.Competition{}, km.ErrNotFound
	}
	return c, nil
}

// KPIImportOptions tune ImportCompetition.
type KPIImportOptions struct {
	DefaultOrg string // organiser when the file names none; else the actor's organisation
	Filename   string // recorded with the measurements
	Source     string // "import" (command line), "api", "form"
	Demo       bool
}

// ImportCompetition creates a competition with its participants and
// measurements from f, in one transaction. The whole file is checked first
// and every problem reported in a *KPIInputError; nothing is stored then.
func (a *App) ImportCompetition(ctx context.Context, actor Actor, f KPIFile, opt KPIImportOptions) (store.Competition, error) {
	if actor.User == nil {
		return store.Competition{}, km.ErrUnauthorized
	}
	if opt.Source == "" {
		opt.Source = "import"
	}
	var c store.Competition
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		var bad KPIInputError
		c = competitionFromFile(f, &bad)
		c.Demo, c.CreatedBy = opt.Demo, actor.id()
		orgCode := f.Competition.Org
		if orgCode == "" {
			orgCode = opt.DefaultOrg
		}
		if orgCode == "" {
			orgCode = actor.User.OrgCode
		}
		org, err := tx.OrgByCode(orgCode)
		switch {
		case errors.Is(err, km.ErrNotFound):
			bad.field("org", "unknown_org")
		case err != nil:
			return err
		default:
			c.OrgID, c.OrgCode, c.OrgName, c.OrgPath = org.ID, org.Code, org.Name, org.Path
		}
		for i, p := range c.Participants {
			if p.Org == "" {
				continue
			}
			if _, err := tx.OrgByCode(p.Org); errors.Is(err, km.ErrNotFound) {
				bad.field(fmt.Sprintf("participants.%d.org", i), "unknown_org")
			} else if err != nil {
				return err
			}
		}
		if c.Code != "" {
			if _, err := tx.Competition(c.Code); err == nil {
				bad.field("code", "code_taken")
			} else if !errors.Is(err, km.ErrNotFound) {
				return err
			}
		}
		ms := measurementsFromFile(f.Measurements, &bad)
		bad.Lines = append(bad.Lines, c.ValidateMeasurements(ms, nil)...)
		slices.SortStableFunc(bad.Lines, func(x, y kpi.LineError) int { return x.Line - y.Line })
		if c.OrgPath != "" && !CanManageCompetition(actor.User, c.OrgPath) {
			return km.ErrForbidden
		}
		if err := bad.err(); err != nil {
			return err
		}
		if err := tx.CreateCompetition(&c); err != nil {
			if errors.Is(err, km.ErrConflict) {
				return &KPIInputError{Fields: map[string]string{"code": "code_taken"}}
			}
			return err
		}
		detail := map[string]any{"code": c.Code, "name": c.Name, "participants": len(c.Participants), "status": c.Status}
		if len(ms) > 0 {
			u := store.Upload{CompetitionID: c.ID, Source: opt.Source, Filename: opt.Filename, UploadedBy: actor.id(), Uploader: actor.label()}
			if err := tx.AddUpload(&u, ms); err != nil {
				return err
			}
			detail["measurements"] = len(ms)
			detail["upload"] = u.ID
		}
		return tx.Audit(actor.event("kpi.competition.create", "competition", c.ID, c.OrgID, detail))
	})
	if err != nil {
		return store.Competition{}, err
	}
	return a.Store.Competition(ctx, c.Code)
}

// competitionFromFile converts and checks the competition's own settings.
func competitionFromFile(f KPIFile, bad *KPIInputError) store.Competition {
	fc := f.Competition
	c := store.Competition{Description: strings.TrimSpace(fc.Description), Status: kpi.Status(fc.Status)}
	c.Code, c.Name, c.Noun = strings.TrimSpace(fc.Code), strings.TrimSpace(fc.Name), strings.TrimSpace(fc.Noun)
	c.Metric = kpi.Metric{Code: strings.TrimSpace(fc.Metric.Code), Name: strings.TrimSpace(fc.Metric.Name),
		Unit: strings.TrimSpace(fc.Metric.Unit), HigherIsBetter: true, AllowNegative: fc.Metric.AllowNegative}
	if fc.Metric.HigherIsBetter != nil {
		c.Metric.HigherIsBetter = *fc.Metric.HigherIsBetter
	}
	c.Method = kpi.Method(strings.TrimSpace(fc.Method))
	if c.Method == "" {
		c.Method = kpi.Percent
	}
	c.K = fc.K
	if c.Status == "" {
		c.Status = kpi.StatusDraft
	}
	if !c.Status.Valid() {
		bad.field("status", "invalid")
	}
	if c.Code != "" && !competitionCodeRE.MatchString(c.Code) {
		bad.field("code", "invalid_code")
	}
	if c.Name == "" {
		bad.field("name", "required")
	}
	for _, t := range []struct {
		field, s string
		max      int
	}{{"name", c.Name, maxCompetitionName}, {"description", c.Description, maxDescription}, {"noun", c.Noun, 60},
		{"metric.name", c.Metric.Name, 200}, {"metric.code", c.Metric.Code, 60}, {"metric.unit", c.Metric.Unit, 60}} {
		if len(t.s) > t.max {
			bad.field(t.field, "too_long")
		} else if !utf8.ValidString(t.s) || strings.ContainsRune(t.s, 0) {
			bad.field(t.field, "invalid")
		}
	}
	for _, w := range []struct {
		field string
		in    KPIFileWindow
		out   *kpi.Window
	}{{"baseline", fc.Baseline, &c.Baseline}, {"period", fc.Period, &c.Period}} {
		from, okF := parseDay(w.in.From)
		to, okT := parseDay(w.in.To)
		if (w.in.From != "" && !okF) || (w.in.To != "" && !okT) {
			bad.field(w.field, "invalid_date")
		}
		*w.out = kpi.Window{From: from, To: to}
	}
	if len(f.Participants) > maxParticipants {
		bad.field("participants", "too_many")
	}
	for i, p := range f.Participants {
		kp := kpi.Participant{Code: strings.TrimSpace(p.Code), Name: strings.TrimSpace(p.Name), Org: strings.TrimSpace(p.Org),
			Group: strings.TrimSpace(p.Group), Control: p.Control}
		if kp.Code != "" && !participantCodeRE.MatchString(kp.Code) {
			bad.field(fmt.Sprintf("participants.%d.code", i), "kpi.invalid_participant_code")
		}
		if len(kp.Name) > 200 || len(kp.Group) > 100 || !utf8.ValidString(kp.Name+kp.Group) {
			bad.field(fmt.Sprintf("participants.%d.name", i), "too_long")
		}
		c.Participants = append(c.Participants, kp)
	}
	var ve *km.ValidationError
	if errors.As(c.Validate(), &ve) {
		for k, v := range ve.Fields {
			bad.field(k, "kpi."+v)
		}
	}
	return c
}

// measurementsFromFile converts JSON measurements, reporting bad dates and
// missing values by their 1-based position.
func measurementsFromFile(in []KPIFileMeasurement, bad *KPIInputError) []kpi.Measurement {
	ms := make([]kpi.Measurement, 0, len(in))
	for i, m := range in {
		line := i + 1
		out := kpi.Measurement{Participant: strings.TrimSpace(m.Participant), Line: line}
		ok := true
		if d := strings.TrimSpace(m.Date); d == "" {
			bad.Lines = append(bad.Lines, kpi.LineError{Line: line, Code: kpi.CodeBadDate, Message: "tanggal kosong"})
			ok = false
		} else if t, good := parseDay(d); !good {
			bad.Lines = append(bad.Lines, kpi.LineError{Line: line, Code: kpi.CodeBadDate,
				Message: fmt.Sprintf("tanggal %q tidak valid; gunakan format TTTT-BB-HH, misalnya 2024-03-01", d)})
			ok = false
		} else {
			out.Date = t
		}
		if m.Value == nil {
			bad.Lines = append(bad.Lines, kpi.LineError{Line: line, Code: kpi.CodeMissingValue, Message: "nilai kosong"})
			ok = false
		} else {
			out.Value = *m.Value
		}
		if ok {
			ms = append(ms, out)
		} else if out.Participant == "" {
			bad.Lines = append(bad.Lines, kpi.LineError{Line: line, Code: kpi.CodeMissingParticipant, Message: "kode peserta kosong"})
		}
	}
	return ms
}

// MeasurementsFromJSON converts an API upload; problems are line errors
// by 1-based position.
func MeasurementsFromJSON(in []KPIFileMeasurement) ([]kpi.Measurement, []kpi.LineError) {
	var bad KPIInputError
	ms := measurementsFromFile(in, &bad)
	return ms, bad.Lines
}

func parseDay(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	return t, err == nil
}

// MeasurementBatch is a set of measurements to add, as read from a form,
// a file or an API body.
type MeasurementBatch struct {
	Source   string // form, csv, xlsx, api
	Filename string
	Rows     []kpi.Measurement
	Errors   []kpi.LineError // problems found while reading the file
}

// KPIPreview is what an upload would do, shown before it is committed.
type KPIPreview struct {
	Competition    store.Competition
	Rows           []kpi.Measurement
	Errors         []kpi.LineError // every problem; the batch is refused if any
	PerParticipant map[string]int
	From, To       time.Time // the earliest and latest day in the batch
	InBaseline     int
	InPeriod       int
	Outside        int         // days in neither window: stored, but not counted
	After          *kpi.Result // the leaderboard with the batch added; nil with errors
}

// checkBatch validates a batch against the competition and stored data.
func checkBatch(c store.Competition, b MeasurementBatch, existing []kpi.Measurement) []kpi.LineError {
	errs := append(slices.Clone(b.Errors), c.ValidateMeasurements(b.Rows, existing)...)
	if len(errs) == 0 && len(b.Rows) == 0 {
		errs = append(errs, kpi.LineError{Code: kpi.CodeEmpty, Message: "tidak ada data untuk disimpan"})
	}
	slices.SortStableFunc(errs, func(x, y kpi.LineError) int { return x.Line - y.Line })
	return errs
}

// manageable loads a competition the actor may change.
func manageable(c store.Competition, err error, actor Actor) (store.Competition, error) {
	if err != nil {
		return c, err
	}
	if actor.User == nil {
		return c, km.ErrUnauthorized
	}
	if !CanReadCompetition(actor.User, c) {
		return c, km.ErrNotFound
	}
	if !CanManageCompetition(actor.User, c.OrgPath) {
		return c, km.ErrForbidden
	}
	return c, nil
}

// PreviewMeasurements checks a batch as AddMeasurements would, and says
// what it holds and how the leaderboard would look with it, storing
// nothing.
func (a *App) PreviewMeasurements(ctx context.Context, actor Actor, code string, b MeasurementBatch) (KPIPreview, error) {
	c, err := a.Store.Competition(ctx, code)
	if c, err = manageable(c, err, actor); err != nil {
		return KPIPreview{}, err
	}
	existing, err := a.Store.Measurements(ctx, c.ID)
	if err != nil {
		return KPIPreview{}, err
	}
	p := KPIPreview{Competition: c, Rows: b.Rows, PerParticipant: map[string]int{}}
	if !c.Status.AcceptsData() {
		return p, &km.ValidationError{Fields: map[string]string{"status": "kpi.published_locked"}}
	}
	p.Errors = checkBatch(c, b, existing)
	for i, m := range b.Rows {
		p.PerParticipant[m.Participant]++
		if i == 0 || m.Date.Before(p.From) {
			p.From = m.Date
		}
		if i == 0 || m.Date.After(p.To) {
			p.To = m.Date
		}
		switch {
		case c.Baseline.Contains(m.Date):
			p.InBaseline++
		case c.Period.Contains(m.Date):
			p.InPeriod++
		default:
			p.Outside++
		}
	}
	if len(p.Errors) == 0 {
		res, err := kpi.Compute(c.Competition, append(existing, b.Rows...))
		if err != nil {
			return p, err
		}
		p.After = &res
	}
	return p, nil
}

// AddMeasurements stores a batch of measurements all or nothing: it is
// checked whole against the competition and the stored data inside the
// transaction, every problem is reported in a *KPIInputError, and an
// accepted batch is recorded with who sent it and from what.
func (a *App) AddMeasurements(ctx context.Context, actor Actor, code string, b MeasurementBatch) (store.Upload, error) {
	var u store.Upload
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		c, err := tx.Competition(code)
		if c, err = manageable(c, err, actor); err != nil {
			return err
		}
		if !c.Status.AcceptsData() {
			return &km.ValidationError{Fields: map[string]string{"status": "kpi.published_locked"}}
		}
		existing, err := tx.Measurements(c.ID)
		if err != nil {
			return err
		}
		if errs := checkBatch(c, b, existing); len(errs) > 0 {
			return &KPIInputError{Lines: errs}
		}
		u = store.Upload{CompetitionID: c.ID, Source: b.Source, Filename: b.Filename, UploadedBy: actor.id(), Uploader: actor.label()}
		if err := tx.AddUpload(&u, b.Rows); err != nil {
			return err
		}
		return tx.Audit(actor.event("kpi.measurements.add", "competition", c.ID, c.OrgID, map[string]any{
			"code": c.Code, "upload": u.ID, "source": b.Source, "filename": b.Filename, "rows": len(b.Rows)}))
	})
	return u, err
}

// LeaderboardOptions choose another view of a competition than its own
// settings: a method, an offset k, one size group.
type LeaderboardOptions struct {
	Method kpi.Method // empty: the competition's
	K      *float64   // nil: the competition's, else the median
	Group  string
}

// Standings is a competition's computed result.
type Standings struct {
	Competition  store.Competition // Method and K as used
	Result       kpi.Result
	Board        kpi.Leaderboard // overall, or the group asked for
	Measurements []kpi.Measurement
}

// Leaderboard computes a competition's standings for the actor. A method,
// k or group that does not exist is a *km.ValidationError.
func (a *App) Leaderboard(ctx context.Context, actor Actor, code string, opt LeaderboardOptions) (Standings, error) {
	c, err := a.Competition(ctx, actor, code)
	if err != nil {
		return Standings{}, err
	}
	var v km.ValidationError
	if opt.Method != "" {
		if !opt.Method.Valid() {
			v.Add("method", "invalid")
		}
		if opt.Method != c.Method && opt.K == nil {
			c.K = nil // the stored k belongs to the stored method's view
		}
		c.Method = opt.Method
	}
	if opt.K != nil {
		if math.IsNaN(*opt.K) || math.IsInf(*opt.K, 0) || *opt.K < 0 {
			v.Add("k", "invalid")
		}
		c.K = opt.K
	}
	if err := v.Err(); err != nil {
		return Standings{}, err
	}
	ms, err := a.Store.Measurements(ctx, c.ID)
	if err != nil {
		return Standings{}, err
	}
	res, err := kpi.Compute(c.Competition, ms)
	if err != nil {
		return Standings{}, fmt.Errorf("competition %s: %w", c.Code, err)
	}
	board, ok := res.Board(opt.Group)
	if !ok {
		return Standings{}, &km.ValidationError{Fields: map[string]string{"group": "kpi.unknown_group"}}
	}
	return Standings{Competition: c, Result: res, Board: board, Measurements: ms}, nil
}

// CompetitionUpdate is what a manager may change on a competition.
type CompetitionUpdate struct {
	Name, Description, Noun string
	Method                  kpi.Method
	K                       *float64
	Status                  kpi.Status // empty: unchanged
	Version                 int        // the version being edited; 0 skips the check
}

// UpdateCompetition changes a competition's texts, method, offset or
// status. A status may only move along kpi.Status.Next.
func (a *App) UpdateCompetition(ctx context.Context, actor Actor, code string, in CompetitionUpdate) (store.Competition, error) {
	var c store.Competition
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		cur, err := tx.Competition(code)
		if cur, err = manageable(cur, err, actor); err != nil {
			return err
		}
		if in.Version != 0 && in.Version != cur.Version {
			return &km.ConflictError{Current: cur.Version}
		}
		c = cur
		c.Name, c.Description, c.Noun = strings.TrimSpace(in.Name), strings.TrimSpace(in.Description), strings.TrimSpace(in.Noun)
		c.Method, c.K = in.Method, in.K
		var v km.ValidationError
		if in.Status != "" && in.Status != cur.Status {
			if !in.Status.Valid() || !cur.Status.CanMoveTo(in.Status) {
				v.Add("status", "kpi.invalid_status_change")
			}
			c.Status = in.Status
		}
		if c.Name == "" {
			v.Add("name", "required")
		} else if len(c.Name) > maxCompetitionName {
			v.Add("name", "too_long")
		}
		if len(c.Description) > maxDescription {
			v.Add("description", "too_long")
		}
		if len(c.Noun) > 60 {
			v.Add("noun", "too_long")
		}
		var ve *km.ValidationError
		if errors.As(c.Validate(), &ve) {
			for k, m := range ve.Fields {
				v.Add(k, "kpi."+m)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.UpdateCompetition(&c); err != nil {
			return err
		}
		detail := map[string]any{"code": c.Code, "version": c.Version}
		action := "kpi.competition.update"
		if c.Status != cur.Status {
			action = "kpi.competition.status"
			detail["from"], detail["to"] = cur.Status, c.Status
		}
		changed := []string{}
		if c.Name != cur.Name {
			changed = append(changed, "name")
		}
		if c.Description != cur.Description {
			changed = append(changed, "description")
		}
		if c.Noun != cur.Noun {
			changed = append(changed, "noun")
		}
		if c.Method != cur.Method {
			changed = append(changed, "method")
		}
		if fmt.Sprint(kOrNil(c.K)) != fmt.Sprint(kOrNil(cur.K)) {
			changed = append(changed, "k")
		}
		detail["changed"] = changed
		return tx.Audit(actor.event(action, "competition", c.ID, c.OrgID, detail))
	})
	if err != nil {
		return store.Competition{}, err
	}
	return a.Store.Competition(ctx, code)
}

func kOrNil(k *float64) any {
	if k == nil {
		return nil
	}
	return *k
}

// SetCompetitionStatus moves a competition to another status.
func (a *App) SetCompetitionStatus(ctx context.Context, actor Actor, code string, to kpi.Status) (store.Competition, error) {
	c, err := a.Competition(ctx, actor, code)
	if err != nil {
		if errors.Is(err, km.ErrNotFound) && actor.User == nil {
			return c, km.ErrUnauthorized
		}
		return c, err
	}
	return a.UpdateCompetition(ctx, actor, code, CompetitionUpdate{Name: c.Name, Description: c.Description, Noun: c.Noun,
		Method: c.Method, K: c.K, Status: to, Version: c.Version})
}

// Uploads lists a competition's accepted batches for its managers.
func (a *App) Uploads(ctx context.Context, actor Actor, c store.Competition) ([]store.Upload, error) {
	if !CanManageCompetition(actor.User, c.OrgPath) {
		return nil, km.ErrForbidden
	}
	return a.Store.Uploads(ctx, c.ID)
}

// CompetitionPractices lists the practices linked to c that the actor may read.
func (a *App) CompetitionPractices(ctx context.Context, actor Actor, c store.Competition) ([]store.PracticeLink, error) {
	links, err := a.Store.PracticeLinks(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	vis := actor.visibility()
	out := links[:0]
	for _, l := range links {
		if l.Practice.ID != 0 && vis.Allows(&l.Practice) {
			out = append(out, l)
		}
	}
	return out, nil
}

// documentOrg is the organisation a practice about participant (or the
// whole competition, for "") is filed under: the participant's own when
// the actor may write there, else the organiser's; ok is false when the
// actor may write in neither.
func documentOrg(actor Actor, c store.Competition, participant string) (code string, ok bool) {
	if participant != "" {
		for _, p := range c.Participants {
			if p.Code == participant && p.Org != "" && km.CanCreateIn(actor.User, c.ParticipantOrgs[p.Code]) {
				return p.Org, true
			}
		}
	}
	if km.CanCreateIn(actor.User, c.OrgPath) {
		return c.OrgCode, true
	}
	return "", false
}

// CanDocument reports whether the actor may create a practice draft about
// participant ("" for the whole competition) from c.
func CanDocument(actor Actor, c store.Competition, participant string) bool {
	_, ok := documentOrg(actor, c, participant)
	return ok
}

// CreatePracticeFromCompetition drafts a practice documenting a
// participant's result (or, for "", the competition's), with the title,
// summary and impact figures taken from the official leaderboard, and
// links it to the competition. The draft is the actor's to complete.
func (a *App) CreatePracticeFromCompetition(ctx context.Context, actor Actor, code, participant string) (km.Practice, error) {
	if actor.User == nil {
		return km.Practice{}, km.ErrUnauthorized
	}
	st, err := a.Leaderboard(ctx, actor, code, LeaderboardOptions{})
	if err != nil {
		return km.Practice{}, err
	}
	c := st.Competition
	orgCode, ok := documentOrg(actor, c, participant)
	if !ok {
		return km.Practice{}, km.ErrForbidden
	}
	p, err := practiceDraft(c, st.Result.Overall, participant)
	if err != nil {
		return km.Practice{}, err
	}
	created, err := a.CreatePractice(ctx, actor, PracticeInput{OrgCode: orgCode, Practice: p})
	if err != nil {
		return km.Practice{}, err
	}
	err = a.Store.Write(ctx, func(tx *store.Tx) error {
		if err := tx.LinkPractice(c.ID, participant, created.ID, actor.id()); err != nil {
			return err
		}
		return tx.Audit(actor.event("kpi.practice.link", "competition", c.ID, c.OrgID, map[string]any{
			"code": c.Code, "participant": participant, "practice": created.ID, "created": true}))
	})
	return created, err
}

// practiceDraft writes the draft's title, summary, results and metric
// from the leaderboard.
func practiceDraft(c store.Competition, lb kpi.Leaderboard, participant string) (km.Practice, error) {
	p := km.Practice{Kind: km.KindGood, Access: km.AccessPublic, Status: km.StatusDraft, Year: c.Period.To.Year(),
		Tags: []string{"kompetisi kpi", c.Code}}
	noun := c.Noun
	if noun == "" {
		noun = "peserta"
	}
	src := fmt.Sprintf("Kompetisi KPI %s (%s), metode %s", c.Name, c.Code, c.Method)
	windows := fmt.Sprintf("baseline %s s.d. %s, masa kompetisi %s s.d. %s", c.Baseline.From.Format(time.DateOnly),
		c.Baseline.To.Format(time.DateOnly), c.Period.From.Format(time.DateOnly), c.Period.To.Format(time.DateOnly))
	sentence := kpi.Sentence(c.Competition, lb.Summary)
	if participant == "" {
		p.Title = c.Name + ": " + sentence
		p.Summary = fmt.Sprintf("%s. Hasil %s (%s).", sentence, c.Name, windows)
		p.Results = fmt.Sprintf("Rata-rata %s per hari per %s dihitung dari hari yang memiliki data. %s.", lowerFirst(c.Metric.Name), noun, sentence)
		if lb.Summary.Participants > 0 {
			p.Metrics = []km.Metric{{Indicator: c.Metric.Name + " (jumlah rata-rata harian)", Unit: c.Metric.Unit,
				Baseline: lb.Summary.Baseline, BaselineDate: c.Baseline.To.Format(time.DateOnly), Value: lb.Summary.Period,
				ValueDate: c.Period.To.Format(time.DateOnly), Scope: fmt.Sprintf("%d %s", lb.Summary.Participants, noun), Source: src}}
		}
	} else {
		var e *kpi.Entry
		for i := range lb.Participants {
			if lb.Participants[i].Participant == participant {
				e = &lb.Participants[i]
			}
		}
		if e == nil {
			return p, &km.ValidationError{Fields: map[string]string{"participant": "kpi.not_ranked"}}
		}
		name := e.Name
		if name == "" {
			name = e.Participant
		}
		move := "berubah"
		if e.Percent != nil {
			move = movementText(*e.Percent)
		}
		p.Title = fmt.Sprintf("%s: %s %s (%s)", name, lowerFirst(c.Metric.Name), move, c.Name)
		p.Summary = fmt.Sprintf("%s meraih peringkat %d dari %d %s dalam %s. Rata-rata %s per hari %s dari %s menjadi %s %s (%s). Secara keseluruhan: %s.",
			name, e.Rank, len(lb.Participants), noun, c.Name, lowerFirst(c.Metric.Name), move,
			kpi.FormatNumber(e.Baseline, 2), kpi.FormatNumber(e.Period, 2), c.Metric.Unit, windows, sentence)
		p.Results = p.Summary
		p.Metrics = []km.Metric{{Indicator: c.Metric.Name + " (rata-rata harian)", Unit: c.Metric.Unit, Baseline: e.Baseline,
			BaselineDate: c.Baseline.To.Format(time.DateOnly), Value: e.Period, ValueDate: c.Period.To.Format(time.DateOnly),
			Scope: name, Source: src}}
	}
	p.Title = clipBytes(p.Title, 300)
	p.Summary = clipBytes(p.Summary, 2000)
	return p, nil
}

func movementText(pct float64) string {
	switch {
	case pct > 0:
		return "naik " + kpi.FormatNumber(pct, 1) + "%"
	case pct < 0:
		return "turun " + kpi.FormatNumber(-pct, 1) + "%"
	}
	return "tetap"
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || n == len(s) {
		return s
	}
	r2, _ := utf8.DecodeRuneInString(s[n:])
	if r >= 'A' && r <= 'Z' && !(r2 >= 'A' && r2 <= 'Z') {
		return string(r+'a'-'A') + s[n:]
	}
	return s
}

func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// LinkPractice ties an existing practice the actor may read to a
// participant of c ("" for the competition as a whole).
func (a *App) LinkPractice(ctx context.Context, actor Actor, code, participant string, practiceID int64) error {
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		c, err := tx.Competition(code)
		if c, err = manageable(c, err, actor); err != nil {
			return err
		}
		var v km.ValidationError
		if participant != "" && !slices.ContainsFunc(c.Participants, func(p kpi.Participant) bool { return p.Code == participant }) {
			v.Add("participant", "kpi.unknown_participant")
		}
		p, err := tx.Practice(practiceID)
		if errors.Is(err, km.ErrNotFound) || (err == nil && !actor.visibility().Allows(&p)) {
			v.Add("practice", "kpi.unknown_practice")
		} else if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.LinkPractice(c.ID, participant, practiceID, actor.id()); err != nil {
			return err
		}
		return tx.Audit(actor.event("kpi.practice.link", "competition", c.ID, c.OrgID, map[string]any{
			"code": c.Code, "participant": participant, "practice": practiceID}))
	})
}

// ParseK reads an optional log-ratio offset from a form or query value.
func ParseK(s string) (*float64, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	if s == "" {
		return nil, nil
	}
	k, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(k) || math.IsInf(k, 0) || k < 0 {
		return nil, &km.ValidationError{Fields: map[string]string{"k": "kpi.invalid_k"}}
	}
	return &k, nil
}

// The validation messages of this capability, shared by the pages, the API
// and the command line.
func init() {
	i18n.Add("id", map[string]string{
		"kpi.required":                 "wajib diisi",
		"kpi.invalid":                  "tidak valid",
		"kpi.duplicate_code":           "dua peserta memakai kode yang sama",
		"kpi.window_reversed":          "tanggal akhir sebelum tanggal awal",
		"kpi.window_overlap":           "masa kompetisi tumpang tindih dengan baseline",
		"kpi.invalid_participant_code": "kode peserta hanya boleh huruf, angka, titik, - dan _ (maks. 40)",
		"kpi.published_locked":         "hasil sudah terbit; tarik kembali (status ditutup) sebelum menambah data",
		"kpi.unknown_group":            "kelompok tidak dikenal",
		"kpi.invalid_status_change":    "perubahan status ini tidak diizinkan",
		"kpi.not_ranked":               "peserta ini tidak diperingkat",
		"kpi.unknown_participant":      "peserta tidak dikenal",
		"kpi.unknown_practice":         "praktik tidak ditemukan",
		"kpi.invalid_k":                "k harus angka 0 atau lebih",
		"kpi.err.lines":                "Data tidak disimpan: %d masalah ditemukan. Perbaiki semua baris yang disebut lalu unggah lagi.",
		"kpi.line.read_error":          "berkas tidak dapat dibaca",
		"kpi.line.empty":               "tidak ada data",
		"kpi.line.bad_csv":             "format CSV rusak",
		"kpi.line.bad_columns":         "jumlah kolom salah",
		"kpi.line.missing_participant": "kode peserta kosong",
		"kpi.line.unknown_participant": "peserta tidak dikenal",
		"kpi.line.bad_date":            "tanggal tidak valid",
		"kpi.line.missing_value":       "nilai kosong",
		"kpi.line.bad_value":           "nilai bukan angka",
		"kpi.line.not_finite":          "nilai bukan angka terhingga",
		"kpi.line.too_large":           "nilai terlalu besar",
		"kpi.line.negative_value":      "nilai negatif",
		"kpi.line.duplicate":           "data ganda",
	})
	i18n.Add("en", map[string]string{
		"kpi.required":                 "is required",
		"kpi.invalid":                  "is not valid",
		"kpi.duplicate_code":           "two participants share a code",
		"kpi.window_reversed":          "ends before it starts",
		"kpi.window_overlap":           "the competition window overlaps the baseline",
		"kpi.invalid_participant_code": "a participant code may hold only letters, digits, dots, - and _ (max. 40)",
		"kpi.published_locked":         "results are published; withdraw them (status closed) before adding data",
		"kpi.unknown_group":            "unknown group",
		"kpi.invalid_status_change":    "this status change is not allowed",
		"kpi.not_ranked":               "this participant is not ranked",
		"kpi.unknown_participant":      "unknown participant",
		"kpi.unknown_practice":         "practice not found",
		"kpi.invalid_k":                "k must be a number, 0 or more",
		"kpi.err.lines":                "Nothing was stored: %d problems found. Fix every line listed and upload again.",
		"kpi.line.read_error":          "the file cannot be read",
		"kpi.line.empty":               "no data",
		"kpi.line.bad_csv":             "broken CSV",
		"kpi.line.bad_columns":         "wrong number of columns",
		"kpi.line.missing_participant": "empty participant code",
		"kpi.line.unknown_participant": "unknown participant",
		"kpi.line.bad_date":            "invalid date",
		"kpi.line.missing_value":       "empty value",
		"kpi.line.bad_value":           "value is not a number",
		"kpi.line.not_finite":          "value is not a finite number",
		"kpi.line.too_large":           "value is too large",
		"kpi.line.negative_value":      "negative value",
		"kpi.line.duplicate":           "duplicate day",
	})
}
