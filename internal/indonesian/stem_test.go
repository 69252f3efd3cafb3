package indonesian

import (
	"strings"
	"testing"
)

type stemCase struct{ word, want string }

func checkStems(t *testing.T, s *Stemmer, cases []stemCase) {
	t.Helper()
	for _, c := range cases {
		if got := s.Stem(c.word); got != c.want {
			t.Errorf("Stem(%q): got %q, want %q", c.word, got, c.want)
		}
	}
}

func TestStemPrefixRecoding(t *testing.T) {
	checkStems(t, Default(), []stemCase{
		// meny- → s, mem- → p/m, men- → t/n, meng- → k/g/h/vowel
		{"menyapu", "sapu"}, {"menyanyi", "nyanyi"},
		{"memukul", "pukul"}, {"memakan", "makan"}, {"membaca", "baca"},
		{"memproduksi", "produksi"}, {"mempunyai", "punya"},
		{"menulis", "tulis"}, {"menanam", "tanam"}, {"menanti", "nanti"},
		{"menduga", "duga"}, {"mencari", "cari"}, {"menjaga", "jaga"},
		{"mengukur", "ukur"}, {"mengirim", "kirim"}, {"menggali", "gali"},
		{"menghadapi", "hadap"}, {"mengambil", "ambil"}, {"mengebom", "bom"},
		{"mengkritik", "kritik"}, {"melihat", "lihat"}, {"merokok", "rokok"},
		{"memesan", "pesan"}, {"memerlukan", "perlu"},
		// peny-, pem-, pen-, peng-, pe-, pel-
		{"penyapu", "sapu"}, {"pemukul", "pukul"}, {"pembaca", "baca"},
		{"penulis", "tulis"}, {"penari", "tari"}, {"pendaki", "daki"},
		{"pengukur", "ukur"}, {"pengirim", "kirim"}, {"penggali", "gali"},
		{"pengebom", "bom"}, {"pemakan", "makan"},
		{"pekerja", "kerja"}, {"petani", "tani"}, {"pelaut", "laut"},
		{"pelajar", "ajar"}, {"pesepak", "sepak"}, {"perokok", "rokok"},
		// ber-, be-, bel-, ter-, per-, di-, ke-, se-
		{"berlari", "lari"}, {"bekerja", "kerja"}, {"belajar", "ajar"},
		{"berekor", "ekor"}, {"berjalan", "jalan"}, {"bersekolah", "sekolah"},
		{"terbaca", "baca"}, {"terendah", "rendah"}, {"tercipta", "cipta"},
		{"perjelas", "jelas"}, {"diukur", "ukur"}, {"tersapu", "sapu"},
		{"kekasih", "kasih"}, {"sejalan", "jalan"}, {"seharga", "harga"},
		// stacked prefixes
		{"memperlihatkan", "lihat"}, {"diperkuat", "kuat"}, {"memperkukuh", "kukuh"},
		{"diperdagangkan", "dagang"}, {"pemberdayaan", "daya"},
		{"berpengalaman", "alam"}, {"keberhasilan", "hasil"},
		{"kepemimpinan", "pimpin"}, {"berkelanjutan", "lanjut"},
		{"mempekerjakan", "kerja"}, {"dipertahankan", "tahan"},
	})
}

func TestStemParticlesPossessives(t *testing.T) {
	checkStems(t, Default(), []stemCase{
		{"bukukah", "buku"}, {"bukupun", "buku"}, {"bukulah", "buku"},
		{"bukuku", "buku"}, {"bukumu", "buku"}, {"bukunya", "buku"},
		{"bukunyalah", "buku"}, {"bukunyakah", "buku"},
		{"adalah", "ada"}, {"amanlah", "aman"}, {"apakah", "apa"},
		{"rumahnya", "rumah"}, {"pilihlah", "pilih"},
		// roots that end like a clitic stay whole
		{"sekolah", "sekolah"}, {"masalah", "masalah"}, {"bantah", "bantah"},
		{"dibantah", "bantah"}, {"perintah", "perintah"}, {"bangku", "bangku"},
		{"bertamu", "tamu"}, {"dipaku", "paku"},
	})
}

func TestStemConfixes(t *testing.T) {
	checkStems(t, Default(), []stemCase{
		// pe-an, per-an, ke-an, ber-an, me-kan, di-i, me-i, di-kan, ter-i
		{"pembangunan", "bangun"}, {"pemasaran", "pasar"}, {"penanganan", "tangan"},
		{"pelaksanaan", "laksana"}, {"penyelewengan", "seleweng"},
		{"perjanjian", "janji"}, {"perubahan", "ubah"}, {"perusahaan", "usaha"},
		{"kedatangan", "datang"}, {"kenaikan", "naik"}, {"kecelakaan", "celaka"},
		{"kepolisian", "polisi"}, {"keuangan", "uang"},
		{"berdatangan", "datang"}, {"bermunculan", "muncul"},
		{"melaksanakan", "laksana"}, {"mendengarkan", "dengar"}, {"membayarkan", "bayar"},
		{"dihadiri", "hadir"}, {"dinikmati", "nikmat"}, {"mencintai", "cinta"},
		{"menyukai", "suka"}, {"mendapati", "dapat"}, {"dilaksanakan", "laksana"},
		{"diberikan", "beri"}, {"diselesaikannya", "selesai"}, {"terpenuhi", "penuh"},
		// -kan against k + -an, and the disallowed confixes
		{"makanan", "makan"}, {"masakan", "masak"}, {"gerakan", "gerak"},
		{"peledakan", "ledak"}, {"kerusakan", "rusak"}, {"kebanyakan", "banyak"},
		{"tarikkan", "tarik"}, {"ambilkan", "ambil"}, {"mengambilkan", "ambil"},
		{"dimakan", "makan"}, {"tertahan", "tahan"},
		{"tandai", "tanda"}, {"dapati", "dapat"},
	})
}

func TestStemReduplication(t *testing.T) {
	checkStems(t, Default(), []stemCase{
		{"anak-anak", "anak"}, {"anak-anaknya", "anak"}, {"buku-buku", "buku"},
		{"bantuan-bantuan", "bantu"}, {"persoalan-persoalan", "soal"},
		{"sayur-mayur", "sayur"}, {"serta-merta", "serta"}, {"bolak-balik", "bolak"},
		{"berlari-lari", "lari"}, {"bersiap-siap", "siap"}, {"semata-mata", "mata"},
		{"mudah-mudahan", "mudah"}, {"menggeleng-gelengkan", "geleng"},
		{"tolong-menolong", "tolong"}, {"sayur-sayuran", "sayur"},
		// compounds are kept, less the clitics of the last part
		{"besar-kecilnya", "besar-kecil"}, {"non-migas", "non-migas"},
		{"jakarta-bandung", "jakarta-bandung"}, {"2020-2021", "2020-2021"},
		// stray hyphens
		{"-anak", "anak"}, {"-", "-"}, {"--", "--"},
	})
}

func TestStemRootsUnchanged(t *testing.T) {
	checkStems(t, Default(), []stemCase{
		{"makan", "makan"}, {"minum", "minum"}, {"pasar", "pasar"}, {"ikan", "ikan"},
		{"dekan", "dekan"}, {"bangun", "bangun"}, {"kantor", "kantor"},
		{"pantai", "pantai"}, {"gigi", "gigi"}, {"beruang", "beruang"},
		{"peringkat", "peringkat"}, {"pengaruh", "pengaruh"}, {"keluarga", "keluarga"},
		{"sesuai", "sesuai"}, {"selesai", "selesai"}, {"merdeka", "merdeka"},
		{"pesawat", "pesawat"}, {"kemas", "kemas"}, {"akan", "akan"},
		// unknown words come back whole, or less -nya
		{"qris", "qris"}, {"2025", "2025"}, {"stakeholdernya", "stakeholder"},
		{"abdullah", "abdullah"}, {"a", "a"},
	})
}

func TestStemInformal(t *testing.T) {
	informal := New(Default().Lexicon(), WithInformal())
	cases := []struct{ word, formal, informal string }{
		{"ngadepin", "ngadepin", "hadap"},
		{"nyapu", "nyapu", "sapu"},
		{"ngambil", "ngambil", "ambil"},
		{"ngecek", "ngecek", "cek"},
		{"bacain", "bacain", "baca"},
		{"mukul", "mukul", "pukul"},
		{"nulis", "nulis", "tulis"},
		{"ngerjain", "ngerjain", "kerja"},
		// formal words are unaffected by the option
		{"menyapu", "sapu", "sapu"},
		{"makan", "makan", "makan"},
		{"nanti", "nanti", "nanti"},
	}
	for _, c := range cases {
		if got := Default().Stem(c.word); got != c.formal {
			t.Errorf("Stem(%q) (default): got %q, want %q", c.word, got, c.formal)
		}
		if got := informal.Stem(c.word); got != c.informal {
			t.Errorf("Stem(%q) (informal): got %q, want %q", c.word, got, c.informal)
		}
	}
}

func TestLexiconAdd(t *testing.T) {
	lex := NewLexicon("ajar", "kerja")
	s := New(lex)
	if got, want := s.Stem("mengunggah"), "mengunggah"; got != want {
		t.Fatalf("before Add: got %q, want %q", got, want)
	}
	lex.Add(" Unggah ", "")
	if got, want := s.Stem("mengunggah"), "unggah"; got != want {
		t.Errorf("after Add: got %q, want %q", got, want)
	}
	if !lex.Contains("unggah") || lex.Contains("") {
		t.Errorf("Contains: got unggah=%v empty=%v, want true false", lex.Contains("unggah"), lex.Contains(""))
	}
	if got, want := lex.Len(), 3; got != want {
		t.Errorf("Len: got %d, want %d", got, want)
	}
	// The default stemmer's lexicon is not touched by copies.
	cp := EmbeddedLexicon()
	cp.Add("zzqx")
	if Default().Lexicon().Contains("zzqx") {
		t.Error("EmbeddedLexicon copy shares storage with Default")
	}
}

func TestEmbeddedLexicon(t *testing.T) {
	lex := Default().Lexicon()
	if n := lex.Len(); n < 25000 {
		t.Fatalf("embedded lexicon has %d roots, want ≥ 25000", n)
	}
	// Derived forms that would stop the stemmer early are not roots.
	for _, w := range []string{"pelayanan", "pelajar", "belajar", "kepulauan", "anak-anak"} {
		if lex.Contains(w) {
			t.Errorf("lexicon contains derived form %q", w)
		}
	}
	for _, w := range []string{"layan", "ajar", "pulau", "anak", "makan", "dekan"} {
		if !lex.Contains(w) {
			t.Errorf("lexicon lacks root %q", w)
		}
	}
}

// TestLexiconRootsUnchanged checks that lexicon roots stem to themselves
// (Stem returns a lexicon word as is; this guards that contract).
func TestLexiconRootsUnchanged(t *testing.T) {
	s := Default()
	words := s.Lexicon().Words()
	same := 0
	for _, w := range words {
		if s.Stem(w) == w {
			same++
		}
	}
	pct := 100 * float64(same) / float64(len(words))
	t.Logf("lexicon roots unchanged: %.2f%% of %d", pct, len(words))
	if pct < 98 {
		t.Errorf("roots unchanged: got %.2f%%, want ≥ 98%%", pct)
	}
}

func TestStemConcurrent(t *testing.T) {
	s := Default()
	words := strings.Fields("mempertanggungjawabkan pelaksanaan menyapu anak-anak bukunya")
	want := make([]string, len(words))
	for i, w := range words {
		want[i] = s.Stem(w)
	}
	done := make(chan struct{})
	for g := 0; g < 4; g++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := 0; i < 200; i++ {
				for j, w := range words {
					if got := s.Stem(w); got != want[j] {
						t.Errorf("concurrent Stem(%q): got %q, want %q", w, got, want[j])
						return
					}
				}
			}
		}()
	}
	for g := 0; g < 4; g++ {
		<-done
	}
}

func TestStemPrefixFirstOnePrefix(t *testing.T) {
	checkStems(t, Default(), []stemCase{
		// ECS precedence for roots ending like the suffix, one prefix
		{"mencapai", "capai"}, {"petani", "tani"}, {"diselesaikan", "selesai"},
		// a root's first syllable is not a second prefix
		{"diketuai", "ketua"}, {"dikepalai", "kepala"}, {"memberkati", "berkat"},
		{"menerjuni", "terjun"},
		// stacked prefixes still come off once the suffix reading fails
		{"diperbaiki", "baik"}, {"mempelajari", "ajar"},
	})
}

func TestStemSharedK(t *testing.T) {
	checkStems(t, Default(), []stemCase{
		// -kkan written -kan after a k-final root, with di-, me-, ter-
		{"menembakan", "tembak"}, {"dimasukan", "masuk"}, {"ditunjukan", "tunjuk"},
		{"mengelompokan", "kelompok"}, {"menaklukannya", "takluk"},
		// the regular readings are unchanged
		{"menembakkan", "tembak"}, {"dimakan", "makan"}, {"menarikan", "tari"},
		{"peledakan", "ledak"},
		// not for three-letter roots
		{"mendikan", "mendikan"},
	})
}

func TestStemPrefixTags(t *testing.T) {
	checkStems(t, Default(), []stemCase{
		// the recoding whose root the dictionary gives that prefix wins
		{"mengawal", "kawal"}, {"mengurung", "kurung"}, {"memadu", "padu"},
		{"memanah", "panah"}, {"pengemas", "kemas"}, {"pengunjung", "kunjung"},
		{"perawat", "rawat"}, {"perusak", "rusak"}, {"peramal", "ramal"},
		{"terasa", "rasa"}, {"terawat", "rawat"}, {"berasa", "rasa"},
		// only between readings of one prefix: no deeper split instead
		{"bersedia", "sedia"}, {"berteriak", "teriak"}, {"mengemudi", "kemudi"},
		{"pengeluar", "keluar"}, {"beradu", "adu"}, {"berambut", "rambut"},
		// and not when a suffix is present (the tags are for bare roots)
		{"mengawali", "awal"},
	})
}

func TestStemHyphenatedClitics(t *testing.T) {
	checkStems(t, Default(), []stemCase{
		{"kuasa-mu", "kuasa"}, {"nikmat-ku", "nikmat"}, {"allah-lah", "allah"},
		{"rumah-nya", "rumah"},
		// the nasal second part of a verb reduplication is no root
		{"menyebut-nyebut", "sebut"}, {"memanggil-manggil", "panggil"},
		{"meniru-niru", "tiru"},
	})
}

func TestReadLexiconTags(t *testing.T) {
	lex, err := ReadLexicon(strings.NewReader("kawal/aBMP\nawal/aiBP\nfigur\n"))
	if err != nil {
		t.Fatal(err)
	}
	m := lex.snapshot()
	if got, want := m["kawal"], tagged|takesAn|takesBer|takesMe|takesPe; got != want {
		t.Errorf("kawal tags: got %b, want %b", got, want)
	}
	if got, want := m["awal"]&takesMe, uint16(0); got != want {
		t.Errorf("awal takes meN-: got %b, want %b", got, want)
	}
	if got := m["figur"]; got != 0 {
		t.Errorf("figur tags: got %b, want 0", got)
	}
	if _, err := ReadLexicon(strings.NewReader("x/Q\n")); err == nil {
		t.Error("unknown tag Q: got no error")
	}
}

func TestStemShortUntaggedRoots(t *testing.T) {
	checkStems(t, Default(), []stemCase{
		// names, loans and typos do not end in a derivation of a
		// three-letter untagged entry (bal, ase, nah, dal)
		{"bali", "bali"}, {"asean", "asean"}, {"penah", "penah"},
		{"kaudal", "kaudal"},
		// clitics alone may still leave one, and tagged short roots
		// take their affixes
		{"busnya", "bus"}, {"ujian", "uji"}, {"diisi", "isi"},
		{"beradu", "adu"}, {"aduan", "adu"},
	})
	// The rule is about the lexicon's tags: a word an admin adds is
	// untagged, so a three-letter addition is reached only by clitics.
	lex, err := ReadLexicon(strings.NewReader("dal\nlihat/M\n"))
	if err != nil {
		t.Fatal(err)
	}
	checkStems(t, New(lex), []stemCase{{"kaudal", "kaudal"}, {"dalnya", "dal"}, {"kaulihat", "lihat"}})
}

func TestStemDoubledNSlip(t *testing.T) {
	checkStems(t, Default(), []stemCase{
		// -anya written for -annya
		{"kemampuanya", "mampu"}, {"kepercayaanya", "percaya"},
		{"tanganya", "tangan"}, {"perempuanya", "perempuan"},
		// but a root less -nya wins: buka-nya, not bukan-nya
		{"bukanya", "buka"}, {"kepalanya", "kepala"},
	})
}

func TestStemVerbFormsAreNotRoots(t *testing.T) {
	// hunspell-id lists a few -kan verbs without flags; the generator
	// drops those whose root takes -kan
	checkStems(t, Default(), []stemCase{{"belikan", "beli"}, {"sahkan", "sah"}})
}

func TestStemKnowledge(t *testing.T) {
	// hunspell-id's bound stem ketahu is not a root: the platform's own
	// word, pengetahuan, must meet tahu and mengetahui
	checkStems(t, Default(), []stemCase{
		{"pengetahuan", "tahu"}, {"mengetahui", "tahu"}, {"diketahui", "tahu"},
		{"ketahui", "tahu"}, {"ketahuilah", "tahu"}, {"sepengetahuan", "tahu"},
		{"mengetengahkan", "tengah"}, {"ketiduran", "tidur"},
		{"kehendaki", "kehendak"},
	})
}

func TestStemLoansInAsi(t *testing.T) {
	// -asi loans the lexicon lacks still lose a verbal prefix and suffix,
	// so that the verb meets its noun
	checkStems(t, Default(), []stemCase{
		{"mereplikasi", "replikasi"}, {"direplikasi", "replikasi"},
		{"memitigasi", "mitigasi"}, {"dimitigasi", "mitigasi"},
		{"memvalidasi", "validasi"}, {"tervalidasi", "validasi"},
		{"mendiseminasikan", "diseminasi"}, {"mereplikasinya", "replikasi"},
		// the nouns stay as they are, and loans that only look prefixed:
		// a root with -isasi, or one of loans.txt
		{"replikasi", "replikasi"}, {"mitigasi", "mitigasi"}, {"validasi", "validasi"},
		{"dinamisasi", "dinamisasi"}, {"tertibisasi", "tertibisasi"}, {"diseminasi", "diseminasi"},
	})
	for _, c := range []struct {
		s    string
		want bool
	}{
		{"replikasi", true}, {"aktivasi", true}, {"standarisasi", true}, {"prakarsasi", true},
		{"rtifikasi", false}, // se-rtifikasi: no Indonesian onset
		{"ngasi", false}, {"validasi2", false}, {"strategi", false},
	} {
		if got := loanShaped(c.s); got != c.want {
			t.Errorf("loanShaped(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}

// TestPlaceNames: every listed place (and loan, loans.txt, and acronym,
// acronyms.txt) stays whole
// and sheds clitics, and each is on the list for a reason: without it the
// stemmer reads the word as an affixed one.
func TestPlaceNames(t *testing.T) {
	roots, err := ReadLexicon(strings.NewReader(embeddedLexicon))
	if err != nil {
		t.Fatal(err)
	}
	bare := New(roots)
	places, err := ReadLexicon(strings.NewReader(embeddedExtra))
	if err != nil {
		t.Fatal(err)
	}
	if places.Len() < 40 {
		t.Fatalf("%d places and loans read", places.Len())
	}
	for _, p := range places.Words() {
		if got := Default().Stem(p); got != p {
			t.Errorf("%s: got %s", p, got)
		}
		if got := Default().Stem(p + "nya"); got != p {
			t.Errorf("%snya: got %s", p, got)
		}
		if got := bare.Stem(p); got == p {
			t.Errorf("%s needs no entry: the stemmer keeps it whole without one", p)
		}
	}
}

func TestLexiconRemove(t *testing.T) {
	lex := NewLexicon("jakpreneur", "lihat")
	lex.Remove(" Jakpreneur ")
	if lex.Contains("jakpreneur") || !lex.Contains("lihat") {
		t.Errorf("after Remove: jakpreneur %v, lihat %v", lex.Contains("jakpreneur"), lex.Contains("lihat"))
	}
}
