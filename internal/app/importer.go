package app

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"lumbung/internal/km"
	"lumbung/internal/store"
)

// ImportRecord is one line of a practices JSONL file.
type ImportRecord struct {
	ID          string      `json:"id"`
	Title       string      `json:"title"`
	Body        string      `json:"body"`
	Summary     string      `json:"summary,omitempty"`
	Kind        string      `json:"kind,omitempty"`
	Org         string      `json:"org,omitempty"`
	Affair      string      `json:"affair,omitempty"`
	Tags        []string    `json:"tags,omitempty"`
	Year        int         `json:"year,omitempty"`
	Access      string      `json:"access,omitempty"`
	Status      string      `json:"status,omitempty"`
	Authors     []string    `json:"authors,omitempty"`
	Problem     string      `json:"problem,omitempty"`
	Actions     string      `json:"actions,omitempty"`
	Results     string      `json:"results,omitempty"`
	Lessons     string      `json:"lessons,omitempty"`
	Replication string      `json:"replication,omitempty"`
	Verifier    string      `json:"verifier,omitempty"`
	ReviewBy    string      `json:"review_by,omitempty"`
	Metrics     []km.Metric `json:"metrics,omitempty"`
}

// RecordFromPractice turns a practice into an export record (the same shape
// import reads, so an export imports again).
func RecordFromPractice(p km.Practice) ImportRecord {
	ext := p.ExternalID
	if ext == "" {
		ext = fmt.Sprintf("lumbung-%d", p.ID)
	}
	return ImportRecord{ID: ext, Title: p.Title, Body: p.Body, Summary: p.Summary, Kind: string(p.Kind), Org: p.OrgCode,
		Affair: p.Affair, Tags: p.Tags, Year: p.Year, Access: string(p.Access), Status: string(p.Status), Authors: p.Authors,
		Problem: p.Problem, Actions: p.Actions, Results: p.Results, Lessons: p.Lessons, Replication: p.Replication,
		Verifier: p.Verifier, ReviewBy: p.ReviewBy, Metrics: p.Metrics}
}

// LineError is a problem with one line of an import file.
type LineError struct {
	Line    int
	Field   string
	Message string // a message key, or a parser's own words
}

func (e LineError) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Message)
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Message)
}

// ImportOptions tune an import.
type ImportOptions struct {
	DefaultOrg  string // organisation code for records without "org"
	SkipInvalid bool   // import the good lines even when some are bad
	Demo        bool   // mark the practices as demonstration data
	Progress    func(done, total int)
	BatchSize   int
}

// ImportResult says what an import did.
type ImportResult struct {
	Created, Updated, Skipped int
	Errors                    []LineError
}

// ErrInvalidImport means some lines were bad and nothing was imported.
var ErrInvalidImport = errors.New("import: invalid lines, nothing imported")

// ImportPractices reads JSONL practices. Every line is checked first; if any
// is bad nothing is written (unless SkipInvalid), and the result lists each
// bad line. A record whose id was imported before updates that practice.
//
// The file is read twice, so that a million-line import holds only the
// ids in memory, not the records: once to check every line, then again to
// write the good ones in batches. A reader that cannot seek (standard
// input) is copied to a temporary file on the first pass.
func (a *App) ImportPractices(ctx context.Context, actor Actor, r io.Reader, opt ImportOptions) (ImportResult, error) {
	var res ImportResult
	orgs, err := a.Store.Orgs(ctx)
	if err != nil {
		return res, err
	}
	byCode := map[string]km.Org{}
	for _, o := range orgs {
		byCode[o.Code] = o
	}
	if opt.DefaultOrg == "" {
		opt.DefaultOrg = orgs[0].Code // the root: the tree is ordered by path
	}
	if _, ok := byCode[opt.DefaultOrg]; !ok {
		return res, &km.ValidationError{Fields: map[string]string{"org": "unknown_org"}}
	}
	src, err := rewindable(r)
	if err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	defer src.close()

	// First pass: check every line, keep only which ones are bad.
	bad := map[int]bool{}
	seen := map[string]int{}
	good := 0
	lines, err := eachRecord(src, func(line int, rec ImportRecord, jsonErr string) error {
		var errs []LineError
		if jsonErr != "" {
			errs = []LineError{{Line: line, Message: jsonErr}}
		} else {
			_, errs = a.checkRecord(actor, rec, line, byCode, opt)
			if prev, dup := seen[rec.ID]; dup && rec.ID != "" {
				errs = append(errs, LineError{Line: line, Field: "id", Message: fmt.Sprintf("duplicate of line %d", prev)})
			}
			seen[rec.ID] = line
		}
		if len(errs) > 0 {
			res.Errors = append(res.Errors, errs...)
			bad[line] = true
			return nil
		}
		good++
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	if len(res.Errors) > 0 && !opt.SkipInvalid {
		return res, ErrInvalidImport
	}
	res.Skipped = lines - good
	seen = nil

	// Second pass: write the good lines, a batch per transaction.
	if err := src.rewind(); err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	size := opt.BatchSize
	if size <= 0 {
		size = 500
	}
	batch := make([]parsed, 0, size)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		var created, updated int
		err := a.Store.Write(ctx, func(tx *store.Tx) error {
			created, updated = 0, 0
			for _, pr := range batch {
				isNew, err := a.importOne(tx, actor, pr.in)
				if err != nil {
					return fmt.Errorf("line %d: %w", pr.line, err)
				}
				if isNew {
					created++
				} else {
					updated++
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("import: %w (%d practices imported before it)", err, res.Created+res.Updated)
		}
		res.Created += created
		res.Updated += updated
		batch = batch[:0]
		if opt.Progress != nil {
			opt.Progress(res.Created+res.Updated, good)
		}
		return nil
	}
	_, err = eachRecord(src, func(line int, rec ImportRecord, jsonErr string) error {
		if jsonErr != "" || bad[line] {
			return nil
		}
		in, errs := a.checkRecord(actor, rec, line, byCode, opt)
		if len(errs) > 0 {
			// The file changed between the passes (it is someone's file
			// on disk): stop rather than write what was not checked.
			return fmt.Errorf("import: line %d changed while importing (%d practices imported before it)", line, res.Created+res.Updated)
		}
		batch = append(batch, parsed{line: line, in: in})
		if len(batch) == size {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	return res, err
}

type parsed struct {
	line int
	in   PracticeInput
}

// eachRecord calls fn with every non-blank line of r decoded, or with the
// reason it is not one JSON record; it returns the number of lines read.
func eachRecord(r io.Reader, fn func(line int, rec ImportRecord, jsonErr string) error) (int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		var rec ImportRecord
		dec := json.NewDecoder(bytes.NewReader(raw))
		msg := ""
		if err := dec.Decode(&rec); err != nil {
			msg = "invalid JSON: " + err.Error()
		} else if dec.More() {
			msg = "invalid JSON: more than one value on the line"
		}
		if err := fn(line, rec, msg); err != nil {
			return line, err
		}
	}
	if err := sc.Err(); err != nil {
		return line, fmt.Errorf("read line %d: %w", line+1, err)
	}
	return line, nil
}

// source is an import file that can be read twice.
type source struct {
	io.Reader
	rewind func() error
	close  func()
}

// rewindable returns r as a source: a seekable reader is read again from
// where it stood; anything else is copied to a temporary file as it is
// read the first time.
func rewindable(r io.Reader) (*source, error) {
	if rs, ok := r.(io.ReadSeeker); ok {
		if at, err := rs.Seek(0, io.SeekCurrent); err == nil {
			return &source{Reader: rs, rewind: func() error {
				_, err := rs.Seek(at, io.SeekStart)
				return err
			}, close: func() {}}, nil
		}
	}
	tmp, err := os.CreateTemp("", "lumbung-import-*.jsonl")
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriterSize(tmp, 1<<20)
	s := &source{Reader: io.TeeReader(r, w)}
	s.close = func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}
	s.rewind = func() error {
		if err := w.Flush(); err != nil {
			return err
		}
		if _, err := tmp.Seek(0, io.SeekStart); err != nil {
			return err
		}
		s.Reader = bufio.NewReaderSize(tmp, 1<<20)
		return nil
	}
	return s, nil
}

func (a *App) checkRecord(actor Actor, rec ImportRecord, line int, byCode map[string]km.Org, opt ImportOptions) (PracticeInput, []LineError) {
	var errs []LineError
	add := func(f, m string) { errs = append(errs, LineError{Line: line, Field: f, Message: m}) }
	rec.ID = strings.TrimSpace(rec.ID)
	if rec.ID == "" {
		add("id", "required")
	}
	code := rec.Org
	if code == "" {
		code = opt.DefaultOrg
	}
	org, ok := byCode[code]
	if !ok {
		add("org", "unknown_org")
	}
	if strings.TrimSpace(rec.Title) == "" {
		rec.Title = titleFromBody(rec.Body)
	}
	p := km.Practice{ExternalID: rec.ID, OrgID: org.ID, OrgPath: org.Path, Kind: km.Kind(rec.Kind), Title: rec.Title, Summary: rec.Summary,
		Problem: rec.Problem, Actions: rec.Actions, Results: rec.Results, Lessons: rec.Lessons, Replication: rec.Replication,
		Body: rec.Body, Affair: rec.Affair, Tags: rec.Tags, Year: rec.Year, Authors: rec.Authors, Access: km.Access(rec.Access),
		Status: km.Status(rec.Status), Metrics: rec.Metrics, Verifier: rec.Verifier, ReviewBy: rec.ReviewBy, Demo: opt.Demo}
	if p.Status == "" && ok && km.CanPublishDirectly(actor.User, org.Path) {
		p.Status = km.StatusPublished
	}
	p.Normalize()
	if err := p.Validate(); err != nil {
		for f, m := range err.(*km.ValidationError).Fields {
			add(f, m)
		}
	}
	if ok {
		if !km.CanCreateIn(actor.User, org.Path) {
			add("org", "forbidden")
		} else if err := checkInitialStatus(actor, &p); err != nil {
			add("status", "forbidden")
		}
	}
	return PracticeInput{Practice: p}, errs
}

// titleFromBody makes a title for a record that has none (collections of
// passages often have no titles): the first dozen words of the body.
func titleFromBody(body string) string {
	words := strings.FieldsFunc(body, unicode.IsSpace)
	if len(words) > 12 {
		return strings.Join(words[:12], " ") + "…"
	}
	return strings.Join(words, " ")
}

func (a *App) importOne(tx *store.Tx, actor Actor, in PracticeInput) (created bool, err error) {
	p := in.Practice
	cur, err := tx.PracticeByExternalID(p.ExternalID)
	if errors.Is(err, km.ErrNotFound) {
		if err := tx.CreatePractice(&p, *actor.User, "imported"); err != nil {
			return false, err
		}
		return true, tx.Audit(actor.event("practice.import", "practice", p.ID, p.OrgID, map[string]any{"external_id": p.ExternalID, "status": p.Status}))
	}
	if err != nil {
		return false, err
	}
	p.ID, p.Version, p.CreatedBy = cur.ID, cur.Version, cur.CreatedBy
	if err := tx.UpdatePractice(&p, *actor.User, "re-imported"); err != nil {
		return false, err
	}
	return false, tx.Audit(actor.event("practice.reimport", "practice", p.ID, p.OrgID, map[string]any{"external_id": p.ExternalID, "version": p.Version}))
}
