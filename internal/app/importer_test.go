package app_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"lumbung/internal/app"
	"lumbung/internal/files"
	"lumbung/internal/store"
	"lumbung/internal/store/storetest"
)

// pipe hides every method but Read, as standard input does: the import
// cannot seek back and must keep its own copy for the second pass.
type pipe struct{ r io.Reader }

func (p pipe) Read(b []byte) (int, error) { return p.r.Read(b) }

func newImportApp(t *testing.T) (*app.App, *store.Store) {
	t.Helper()
	s, dir := storetest.Open(t)
	return app.New(s, &files.Store{Dir: dir}, 1<<20, nil), s
}

const importLines = `{"id":"p1","title":"Pasar digital","body":"Transaksi QRIS naik."}

{"id":"p2","title":"Layanan keliling","body":"Puskesmas keliling."}
{"id":"p3","title":"Bank sampah","body":"Sampah jadi tabungan."}
`

func TestImportReadsTwiceFromAnyReader(t *testing.T) {
	ctx := context.Background()
	for name, reader := range map[string]func(string) io.Reader{
		"seekable": func(s string) io.Reader { return strings.NewReader(s) },
		"pipe":     func(s string) io.Reader { return pipe{strings.NewReader(s)} },
	} {
		t.Run(name, func(t *testing.T) {
			a, s := newImportApp(t)
			var progress []int
			res, err := a.ImportPractices(ctx, app.System, reader(importLines), app.ImportOptions{BatchSize: 2,
				Progress: func(done, total int) {
					if total != 3 {
						t.Errorf("progress total %d, want 3", total)
					}
					progress = append(progress, done)
				}})
			if err != nil || res.Created != 3 || res.Skipped != 1 {
				t.Fatalf("import: %+v, %v (want 3 created, the blank line skipped)", res, err)
			}
			if len(progress) != 2 || progress[1] != 3 {
				t.Errorf("progress %v, want two batches ending at 3", progress)
			}
			if n, _ := s.CountPractices(ctx); n != 3 {
				t.Errorf("%d practices stored, want 3", n)
			}
			// The same file again updates; nothing is created twice.
			res, err = a.ImportPractices(ctx, app.System, reader(importLines), app.ImportOptions{})
			if err != nil || res.Created != 0 || res.Updated != 3 {
				t.Errorf("re-import: %+v, %v (want 3 updated)", res, err)
			}
		})
	}
}

func TestImportCheckedWholeBeforeWriting(t *testing.T) {
	ctx := context.Background()
	bad := importLines + `{"id":"p4","title":"","body":""}
not json
{"id":"p1","title":"Duplikat","body":"x"}
`
	for name, reader := range map[string]func(string) io.Reader{
		"seekable": func(s string) io.Reader { return strings.NewReader(s) },
		"pipe":     func(s string) io.Reader { return pipe{strings.NewReader(s)} },
	} {
		t.Run(name, func(t *testing.T) {
			a, s := newImportApp(t)
			res, err := a.ImportPractices(ctx, app.System, reader(bad), app.ImportOptions{})
			if !errors.Is(err, app.ErrInvalidImport) {
				t.Fatalf("err = %v, want ErrInvalidImport", err)
			}
			lines := map[int]bool{}
			for _, e := range res.Errors {
				lines[e.Line] = true
			}
			if !lines[5] || !lines[6] || !lines[7] || len(lines) != 3 {
				t.Errorf("problems on lines %v, want 5 (empty), 6 (not JSON) and 7 (duplicate id)", lines)
			}
			if n, _ := s.CountPractices(ctx); n != 0 {
				t.Errorf("%d practices stored after a refused import, want none", n)
			}
			res, err = a.ImportPractices(ctx, app.System, reader(bad), app.ImportOptions{SkipInvalid: true})
			if err != nil || res.Created != 3 || res.Skipped != 4 {
				t.Errorf("skip invalid: %+v, %v (want 3 created, 4 lines skipped)", res, err)
			}
		})
	}
}

// A reader already advanced (a header consumed by the caller) is read
// again from where it stood, not from the start of the file.
func TestImportRewindsToWhereTheReaderStood(t *testing.T) {
	a, s := newImportApp(t)
	r := strings.NewReader("HEADER\n" + importLines)
	if _, err := r.Seek(int64(len("HEADER\n")), io.SeekStart); err != nil {
		t.Fatal(err)
	}
	if res, err := a.ImportPractices(context.Background(), app.System, r, app.ImportOptions{}); err != nil || res.Created != 3 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	if n, _ := s.CountPractices(context.Background()); n != 3 {
		t.Errorf("%d practices, want 3", n)
	}
}
