package web

import "lumbung/internal/i18n"

// The strings of the admins' job list. Both maps hold the same keys
// (TestJobsMessagesComplete), with a name for every state and every kind
// of job.
func init() {
	i18n.Add("id", jobsMessagesID)
	i18n.Add("en", jobsMessagesEN)
}

var jobsMessagesID = map[string]string{
	"jobs.nav":        "Pekerjaan latar",
	"jobs.title":      "Pekerjaan latar",
	"jobs.intro":      "Pekerjaan yang berjalan di luar permintaan: pembekuan entri Penghargaan KM saat tenggat, pengiriman tautan sekali pakai lewat surel. Pekerjaan yang gagal dicoba lagi dengan jeda yang makin panjang.",
	"jobs.state":      "Status",
	"jobs.any":        "Semua",
	"jobs.id":         "ID",
	"jobs.kind":       "Jenis",
	"jobs.attempts":   "Percobaan",
	"jobs.last_error": "Galat terakhir",
	"jobs.scheduled":  "Dijadwalkan",
	"jobs.finalized":  "Selesai",
	"jobs.none":       "Tidak ada pekerjaan yang cocok.",
	"jobs.latest":     "Menampilkan paling banyak %d pekerjaan terbaru.",

	"jobs.state.available": "menunggu",
	"jobs.state.scheduled": "terjadwal",
	"jobs.state.running":   "berjalan",
	"jobs.state.retryable": "akan dicoba lagi",
	"jobs.state.completed": "selesai",
	"jobs.state.discarded": "dibuang",
	"jobs.state.cancelled": "dibatalkan",

	"jobs.kind.award_freeze_due": "Pembekuan entri saat tenggat",
	"jobs.kind.link_mail":        "Surel tautan sekali pakai",
}

var jobsMessagesEN = map[string]string{
	"jobs.nav":        "Background jobs",
	"jobs.title":      "Background jobs",
	"jobs.intro":      "Work done outside a request: freezing KM Award entries at the deadline, e-mailing one-time links. A failed job is tried again after ever longer pauses.",
	"jobs.state":      "State",
	"jobs.any":        "All",
	"jobs.id":         "ID",
	"jobs.kind":       "Kind",
	"jobs.attempts":   "Attempts",
	"jobs.last_error": "Last error",
	"jobs.scheduled":  "Scheduled",
	"jobs.finalized":  "Finished",
	"jobs.none":       "No matching jobs.",
	"jobs.latest":     "Showing at most the %d latest jobs.",

	"jobs.state.available": "waiting",
	"jobs.state.scheduled": "scheduled",
	"jobs.state.running":   "running",
	"jobs.state.retryable": "to be retried",
	"jobs.state.completed": "completed",
	"jobs.state.discarded": "discarded",
	"jobs.state.cancelled": "cancelled",

	"jobs.kind.award_freeze_due": "Freeze entries at the deadline",
	"jobs.kind.link_mail":        "One-time link e-mail",
}
