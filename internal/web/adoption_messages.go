package web

import "lumbung/internal/i18n"

// The adoption lineage pages' strings; validation messages shared with
// the API are added by package app.
func init() {
	i18n.Add("id", adoptionMessagesID)
	i18n.Add("en", adoptionMessagesEN)
}

var adoptionMessagesID = map[string]string{
	"adoption.status.planned":           "Direncanakan",
	"adoption.status.running":           "Berjalan",
	"adoption.status.stopped":           "Dihentikan",
	"adoption.status.institutionalised": "Melembaga",

	"adoption.heading":         "Replikasi oleh instansi lain",
	"adoption.none":            "Belum ada instansi yang mencatat adopsi praktik ini.",
	"adoption.only_published":  "Hanya praktik yang sudah terbit yang dapat diadopsi.",
	"adoption.since":           "sejak %s",
	"adoption.derived_version": "versi turunannya",
	"adoption.form.heading":    "Catat adopsi oleh instansi Anda",
	"adoption.form.hint":       "Koordinator instansi pengadopsi mencatat replikasi praktik ini: kapan dimulai, apa yang disesuaikan, dan dampaknya sendiri.",
	"adoption.form.submit":     "Catat adopsi",
	"adoption.update.heading":  "Perbarui adopsi",
	"adoption.update.submit":   "Simpan perubahan",
	"adoption.page.title":      "Adopsi oleh %s",
	"adoption.flash.created":   "Adopsi dicatat.",
	"adoption.flash.updated":   "Adopsi diperbarui.",

	"adoption.field.org":        "Organisasi pengadopsi",
	"adoption.field.source":     "Praktik sumber",
	"adoption.field.status":     "Status",
	"adoption.field.started":    "Tanggal mulai",
	"adoption.field.adapted":    "Yang disesuaikan",
	"adoption.field.reason":     "Alasan dihentikan",
	"adoption.field.regulation": "Regulasi pelembagaan",
	"adoption.field.derived":    "Praktik turunan (nomor praktik)",
	"adoption.field.metrics":    "Dampak di instansi pengadopsi",
	"adoption.hint.status":      "Direncanakan → berjalan → melembaga; adopsi dapat dihentikan kapan saja dengan alasan.",
	"adoption.hint.adapted":     "Apa yang diubah agar cocok dengan instansi Anda.",
	"adoption.hint.reason":      "Wajib bila status Dihentikan.",
	"adoption.hint.regulation":  "Wajib bila status Melembaga: nomor Pergub, Perbup, Perwali atau SK.",
	"adoption.hint.derived":     "Bila instansi Anda mendokumentasikan versinya sendiri sebagai praktik, tulis nomornya (angka di alamat halamannya).",

	"adoption.col.practice": "Praktik",
	"adoption.col.adopter":  "Diadopsi oleh",
	"adoption.col.source":   "Instansi sumber",
	"adoption.col.status":   "Status",
	"adoption.col.since":    "Sejak",
	"adoption.col.org":      "Organisasi",
	"adoption.col.from":     "Mengadopsi dari",

	"adoption.org.given":         "Praktik yang direplikasi instansi lain",
	"adoption.org.given_none":    "Belum ada praktik organisasi ini yang diadopsi instansi lain.",
	"adoption.org.received":      "Praktik instansi lain yang diadopsi",
	"adoption.org.received_none": "Organisasi ini belum mencatat adopsi praktik instansi lain.",

	"adoption.lineage.link":       "Lihat silsilah replikasi",
	"adoption.lineage.title":      "Silsilah replikasi: %s",
	"adoption.lineage.intro":      "Siapa mengadopsi dari siapa: setiap cabang adalah instansi yang mengadopsi praktik di atasnya; bila instansi itu mendokumentasikan versinya sendiri dan versi itu diadopsi lagi, rantainya berlanjut.",
	"adoption.lineage.caption":    "Pohon replikasi, %d simpul. Data yang sama ada di tabel di bawah.",
	"adoption.lineage.table":      "Silsilah replikasi sebagai tabel",
	"adoption.lineage.level":      "tingkat %d:",
	"adoption.lineage.origin":     "asal",
	"adoption.lineage.cycle":      "sudah tampil di atas",
	"adoption.lineage.hidden":     "versi turunan tidak dapat Anda baca",
	"adoption.lineage.no_version": "tanpa dokumentasi versi sendiri",
	"adoption.lineage.back":       "Kembali ke praktik",
}

var adoptionMessagesEN = map[string]string{
	"adoption.status.planned":           "Planned",
	"adoption.status.running":           "Running",
	"adoption.status.stopped":           "Stopped",
	"adoption.status.institutionalised": "Institutionalised",

	"adoption.heading":         "Replication by other agencies",
	"adoption.none":            "No agency has recorded adopting this practice yet.",
	"adoption.only_published":  "Only a published practice can be adopted.",
	"adoption.since":           "since %s",
	"adoption.derived_version": "its derived version",
	"adoption.form.heading":    "Record an adoption by your agency",
	"adoption.form.hint":       "The adopting agency's coordinator records the replication of this practice: when it started, what was adapted, and its own impact.",
	"adoption.form.submit":     "Record adoption",
	"adoption.update.heading":  "Update the adoption",
	"adoption.update.submit":   "Save changes",
	"adoption.page.title":      "Adoption by %s",
	"adoption.flash.created":   "Adoption recorded.",
	"adoption.flash.updated":   "Adoption updated.",

	"adoption.field.org":        "Adopting organisation",
	"adoption.field.source":     "Source practice",
	"adoption.field.status":     "Status",
	"adoption.field.started":    "Start date",
	"adoption.field.adapted":    "What was adapted",
	"adoption.field.reason":     "Why it stopped",
	"adoption.field.regulation": "Institutionalising regulation",
	"adoption.field.derived":    "Derived practice (practice number)",
	"adoption.field.metrics":    "Impact at the adopting agency",
	"adoption.hint.status":      "Planned → running → institutionalised; an adoption can be stopped at any time, with a reason.",
	"adoption.hint.adapted":     "What was changed to fit your agency.",
	"adoption.hint.reason":      "Required when the status is Stopped.",
	"adoption.hint.regulation":  "Required when the status is Institutionalised: the Pergub, Perbup, Perwali or SK number.",
	"adoption.hint.derived":     "If your agency documented its own version as a practice, give its number (the digits in its page's address).",

	"adoption.col.practice": "Practice",
	"adoption.col.adopter":  "Adopted by",
	"adoption.col.source":   "Source agency",
	"adoption.col.status":   "Status",
	"adoption.col.since":    "Since",
	"adoption.col.org":      "Organisation",
	"adoption.col.from":     "Adopted from",

	"adoption.org.given":         "Practices replicated by other agencies",
	"adoption.org.given_none":    "No practice of this organisation has been adopted by another agency yet.",
	"adoption.org.received":      "Other agencies' practices adopted",
	"adoption.org.received_none": "This organisation has not recorded adopting another agency's practice yet.",

	"adoption.lineage.link":       "See the replication lineage",
	"adoption.lineage.title":      "Replication lineage: %s",
	"adoption.lineage.intro":      "Who adopted from whom: each branch is an agency that adopted the practice above it; when that agency documented its own version and the version was adopted in turn, the chain goes on.",
	"adoption.lineage.caption":    "Replication tree, %d nodes. The table below holds the same data.",
	"adoption.lineage.table":      "Replication lineage as a table",
	"adoption.lineage.level":      "level %d:",
	"adoption.lineage.origin":     "origin",
	"adoption.lineage.cycle":      "already shown above",
	"adoption.lineage.hidden":     "a derived version you cannot read",
	"adoption.lineage.no_version": "no own version documented",
	"adoption.lineage.back":       "Back to the practice",
}
