package indonesian

import (
	"bufio"
	"bytes"
	"io"
)

// Cache memoises a stemmer for a stream with repeated words. It holds at
// most max entries and is emptied when full, which keeps memory bounded
// without bookkeeping per hit. A Cache is not safe for concurrent use:
// give each goroutine its own.
type Cache struct {
	s   *Stemmer
	max int
	m   map[string]string
}

// NewCache returns a cache of at most max words (at least 1) over s.
func NewCache(s *Stemmer, max int) *Cache {
	if max < 1 {
		max = 1
	}
	return &Cache{s: s, max: max, m: make(map[string]string, min(max, 4096))}
}

// Stem returns s.Stem(word), from the cache when it can.
func (c *Cache) Stem(word string) string {
	if r, ok := c.m[word]; ok {
		return r
	}
	r := c.s.Stem(word)
	c.put(word, r)
	return r
}

// stemBytes is Stem for a word in a reused buffer: a hit costs no
// allocation.
func (c *Cache) stemBytes(word []byte) string {
	if r, ok := c.m[string(word)]; ok {
		return r
	}
	w := string(word)
	r := c.s.Stem(w)
	c.put(w, r)
	return r
}

func (c *Cache) put(w, r string) {
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[w] = r
}

// stemLinesCache is the number of distinct words StemLines remembers.
const stemLinesCache = 1 << 16

// StemLines reads one word per line from r and writes "word<TAB>root"
// lines to w in the same order: word is the line as read, trimmed; root
// is the stem of its lowercased, diacritic-folded form. Blank lines are
// skipped. It stops at the first read or write error.
func StemLines(r io.Reader, w io.Writer, s *Stemmer) error {
	br := bufio.NewReaderSize(r, 64<<10)
	bw := bufio.NewWriterSize(w, 64<<10)
	cache := NewCache(s, stemLinesCache)
	var norm []byte
	for {
		line, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			// A line longer than the buffer is no word: gather it
			// and pass it through like any other.
			long := append([]byte(nil), line...)
			for err == bufio.ErrBufferFull {
				line, err = br.ReadSlice('\n')
				long = append(long, line...)
			}
			line = long
		}
		if word := bytes.TrimSpace(line); len(word) > 0 {
			norm = normalizeBytes(norm[:0], word)
			root := cache.stemBytes(norm)
			bw.Write(word)
			bw.WriteByte('\t')
			bw.WriteString(root)
			if werr := bw.WriteByte('\n'); werr != nil {
				return werr
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	return bw.Flush()
}

// normalizeBytes appends the lowercased, folded word to dst, without going
// through a string for plain ASCII.
func normalizeBytes(dst, word []byte) []byte {
	for _, c := range word {
		if c >= 0x80 {
			return append(dst, fold(string(word))...)
		}
	}
	for _, c := range word {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}
