package brief

import "lumbung/internal/km"

// labels are the words a brief prints around a practice's own text.
type labels struct {
	Heading, Summary, Impact, Indicator, Baseline, Achieved, Change              string
	Lessons, Replication, Adopters, NoAdopters, More, MoreMetrics, Scan, Printed string
	Demo                                                                         string
	Kinds                                                                        map[km.Kind]string
	Statuses                                                                     map[km.Status]string
}

var labelsByLang = map[string]labels{
	"id": {
		Heading: "LUMBUNG · PROFIL SINGKAT PRAKTIK", Summary: "Ringkasan", Impact: "Dampak",
		Indicator: "Indikator", Baseline: "Baseline", Achieved: "Capaian", Change: "Perubahan",
		Lessons: "Pelajaran", Replication: "Cara mereplikasi", Adopters: "Diadopsi oleh %d instansi", NoAdopters: "Belum diadopsi instansi lain",
		More: "Selengkapnya di %s", MoreMetrics: "… dan %d indikator lainnya",
		Scan: "Pindai kode QR untuk membuka halaman praktik ini:", Printed: "Dicetak dari Lumbung, %s",
		Demo:  "Data demonstrasi, bukan praktik sebenarnya.",
		Kinds: map[km.Kind]string{km.KindGood: "Praktik baik", km.KindBad: "Praktik tidak baik", km.KindOrdinary: "Praktik biasa"},
		Statuses: map[km.Status]string{km.StatusDraft: "Draf: belum terbit", km.StatusInReview: "Dalam telaah: belum terbit",
			km.StatusReturned: "Dikembalikan: belum terbit", km.StatusArchived: "Diarsipkan"},
	},
	"en": {
		Heading: "LUMBUNG · PRACTICE BRIEF", Summary: "Summary", Impact: "Impact",
		Indicator: "Indicator", Baseline: "Baseline", Achieved: "Achieved", Change: "Change",
		Lessons: "Lessons", Replication: "How to replicate", Adopters: "Adopted by %d agencies", NoAdopters: "Not adopted by another agency yet",
		More: "Read more at %s", MoreMetrics: "… and %d more indicators",
		Scan: "Scan the QR code to open this practice's page:", Printed: "Printed from Lumbung, %s",
		Demo:  "Demo data, not a real practice.",
		Kinds: map[km.Kind]string{km.KindGood: "Good practice", km.KindBad: "Bad practice", km.KindOrdinary: "Ordinary practice"},
		Statuses: map[km.Status]string{km.StatusDraft: "Draft: not published", km.StatusInReview: "In review: not published",
			km.StatusReturned: "Returned: not published", km.StatusArchived: "Archived"},
	},
}

func labelsFor(lang string) labels {
	if l, ok := labelsByLang[lang]; ok {
		return l
	}
	return labelsByLang["id"]
}
