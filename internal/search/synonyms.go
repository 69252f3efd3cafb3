package search

import (
	"strings"
	"sync"

	"lumbung/internal/indonesian"
)

// builtinSynonyms are government acronyms and the words they stand for, and
// terms that mean the same thing in Indonesian public administration. Each
// group is symmetric: any member finds the others.
var builtinSynonyms = [][]string{
	{"opd", "skpd", "perangkat daerah", "satuan kerja perangkat daerah", "organisasi perangkat daerah"},
	{"asn", "pns", "aparatur sipil negara", "pegawai negeri sipil", "pegawai"},
	{"pemprov", "pemerintah provinsi"},
	{"pemda", "pemerintah daerah"},
	{"pemkot", "pemerintah kota"},
	{"pemkab", "pemerintah kabupaten"},
	{"dinkes", "dinas kesehatan"},
	{"disdik", "dinas pendidikan"},
	{"dishub", "dinas perhubungan"},
	{"bapenda", "badan pendapatan daerah", "pajak daerah"},
	{"bappeda", "badan perencanaan pembangunan daerah", "perencanaan"},
	{"bkd", "badan kepegawaian daerah"},
	{"bpsdm", "badan pengembangan sumber daya manusia"},
	{"bpbd", "badan penanggulangan bencana daerah"},
	{"satpol", "satpol pp", "satuan polisi pamong praja"},
	{"umkm", "usaha mikro kecil menengah", "ukm"},
	{"qris", "pembayaran digital", "transaksi digital", "nontunai"},
	{"ptsp", "pelayanan terpadu satu pintu", "perizinan"},
	{"dukcapil", "kependudukan dan pencatatan sipil", "kependudukan"},
	{"puskesmas", "pusat kesehatan masyarakat"},
	{"rsud", "rumah sakit umum daerah", "rumah sakit"},
	{"rptra", "ruang publik terpadu ramah anak"},
	{"kjp", "kartu jakarta pintar"},
	{"apbd", "anggaran pendapatan dan belanja daerah", "anggaran"},
	{"manajemen pengetahuan", "knowledge management"},
	{"cop", "komunitas praktik", "community of practice"},
	{"sop", "standar operasional prosedur", "prosedur"},
	{"ikm", "indeks kepuasan masyarakat", "kepuasan masyarakat"},
	{"inovasi", "terobosan"},
}

// Synonyms expands query words to equivalent terms: the built-in groups
// plus what admins added.
type Synonyms struct {
	mu sync.RWMutex
	m  map[string][]string
}

// NewSynonyms builds the dictionary from the built-in groups and extra
// admin entries (term → expansions, one-way).
func NewSynonyms(extra map[string][]string) *Synonyms {
	s := &Synonyms{m: map[string][]string{}}
	for _, g := range builtinSynonyms {
		for _, a := range g {
			key := norm(a)
			for _, b := range g {
				if b != a {
					s.m[key] = append(s.m[key], b)
				}
			}
		}
	}
	for k, v := range extra {
		s.m[norm(k)] = append(s.m[norm(k)], v...)
	}
	return s
}

// Set replaces an admin entry.
func (s *Synonyms) Set(term string, expands []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[norm(term)] = expands
}

// Expand returns the alternatives of one (folded) word; nil when none.
func (s *Synonyms) Expand(word string) []string {
	if s == nil {
		return nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.m[word]
}

// Entries lists the dictionary, for the admin page.
func (s *Synonyms) Entries() map[string][]string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make(map[string][]string, len(s.m))
	for k, v := range s.m {
		out[k] = append([]string(nil), v...)
	}
	return out
}

func norm(s string) string { return strings.Join(indonesian.Tokenize(s), " ") }
