package upload

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"

	"lumbung/internal/km"
)

// Field is the name of the multipart field that carries the file.
const Field = "file"

// framing is the room left above the file's own limit for the multipart
// boundaries, headers and any small fields before the file.
const framing = 1 << 20

// The ways a request may carry no usable file. Both are the client's
// mistake (400); a body over the limit is km.ErrTooLarge (413).
var (
	// ErrNoFile: the body is not multipart, has no part named "file", or
	// that part names no file (a form sent with no file chosen).
	ErrNoFile = errors.New("upload: no file in the field \"file\"")
	// ErrMalformed: the multipart body cannot be read, before the file or
	// while it is read; it is a km.ErrUnreadable.
	ErrMalformed = fmt.Errorf("upload: malformed multipart body: %w", km.ErrUnreadable)
)

// Part is the uploaded file: its name as the client gave it and its
// bytes. Reading past the body's bound is km.ErrTooLarge; a body that
// breaks off is ErrMalformed.
type Part struct {
	Name string
	part *multipart.Part
}

func (p *Part) Read(b []byte) (int, error) {
	n, err := p.part.Read(b)
	if err == nil || err == io.EOF {
		return n, err
	}
	if err = tooLarge(err); errors.Is(err, km.ErrTooLarge) {
		return n, err
	}
	return n, ErrMalformed // the body broke off inside the file
}

// Close discards what is left of the part.
func (p *Part) Close() error { return p.part.Close() }

// File bounds r's body to limit bytes plus the multipart framing and reads
// it up to the field "file", skipping other fields. The caller reads the
// returned part and closes it. Errors: ErrNoFile, ErrMalformed,
// km.ErrTooLarge.
func File(w http.ResponseWriter, r *http.Request, limit int64) (*Part, error) {
	r.Body = http.MaxBytesReader(w, r.Body, limit+framing)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, ErrNoFile
	}
	for {
		part, err := mr.NextPart()
		switch {
		case err == io.EOF:
			return nil, ErrNoFile
		case err != nil:
			if err = tooLarge(err); errors.Is(err, km.ErrTooLarge) {
				return nil, err
			}
			return nil, ErrMalformed
		}
		if part.FormName() != Field {
			part.Close()
			continue
		}
		if part.FileName() == "" {
			part.Close()
			return nil, ErrNoFile
		}
		return &Part{Name: part.FileName(), part: part}, nil
	}
}

// tooLarge names a body over its bound as km.ErrTooLarge.
func tooLarge(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return km.ErrTooLarge
	}
	return err
}
