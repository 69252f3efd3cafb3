// Package files stores attachment bytes content-addressed under the data
// directory: a file lives at files/ab/cd/<sha256>, so the same upload twice
// is stored once and a stored file never changes. It checks each upload's
// size and sniffs its type from the content, never from the name.
package files

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"

	"github.com/gabriel-vasile/mimetype"

	"lumbung/internal/km"
)

// Allowed lists the accepted content types and the extension served with each.
var Allowed = map[string]string{
	"application/pdf": ".pdf",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   ".docx",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         ".xlsx",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
	"image/png":  ".png",
	"image/jpeg": ".jpg",
}

// Store keeps files under Dir.
type Store struct {
	Dir string
}

// Stored describes a file after Put.
type Stored struct {
	SHA256 string
	Size   int64
	MIME   string
}

// Put copies r into the store, refusing more than max bytes
// (km.ErrTooLarge) or a type not in Allowed (km.ErrUnsupportedType); in
// both cases nothing is kept.
func (s *Store) Put(r io.Reader, max int64) (Stored, error) {
	tmpDir := filepath.Join(s.Dir, "tmp")
	if err := os.MkdirAll(tmpDir, 0o750); err != nil {
		return Stored{}, fmt.Errorf("files: %w", err)
	}
	tmp, err := os.CreateTemp(tmpDir, "upload-*")
	if err != nil {
		return Stored{}, fmt.Errorf("files: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(r, max+1))
	if err != nil {
		return Stored{}, fmt.Errorf("files: receive upload: %w", err)
	}
	if n > max {
		return Stored{}, km.ErrTooLarge
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return Stored{}, err
	}
	mt, err := mimetype.DetectReader(tmp)
	if err != nil {
		return Stored{}, fmt.Errorf("files: sniff: %w", err)
	}
	typ := mt.String()
	for ; mt != nil; mt = mt.Parent() {
		if _, ok := Allowed[mt.String()]; ok {
			typ = mt.String()
			break
		}
	}
	if _, ok := Allowed[typ]; !ok {
		return Stored{}, fmt.Errorf("%w: %s", km.ErrUnsupportedType, typ)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	dst := s.path(sum)
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return Stored{}, fmt.Errorf("files: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return Stored{}, err
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return Stored{}, fmt.Errorf("files: store: %w", err)
	}
	return Stored{SHA256: sum, Size: n, MIME: typ}, nil
}

var shaRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (s *Store) path(sum string) string {
	return filepath.Join(s.Dir, "files", sum[0:2], sum[2:4], sum)
}

// Path is where a stored file lives, for tools that read files by name.
func (s *Store) Path(sum string) (string, error) {
	if !shaRE.MatchString(sum) {
		return "", km.ErrNotFound
	}
	return s.path(sum), nil
}

// Open opens a stored file by its SHA-256.
func (s *Store) Open(sum string) (*os.File, error) {
	if !shaRE.MatchString(sum) {
		return nil, km.ErrNotFound
	}
	f, err := os.Open(s.path(sum))
	if os.IsNotExist(err) {
		return nil, km.ErrNotFound
	}
	return f, err
}
