package web

import "lumbung/internal/i18n"

// The Atom feeds' titles and the private feed page. Both maps hold the
// same keys (TestFeedMessagesComplete).
func init() {
	i18n.Add("id", feedMessagesID)
	i18n.Add("en", feedMessagesEN)
}

var feedMessagesID = map[string]string{
	"feed.title.all":       "Lumbung: praktik terbaru",
	"feed.title.org":       "Lumbung: praktik %s",
	"feed.title.affair":    "Lumbung: urusan %s",
	"feed.title.tag":       "Lumbung: praktik bertag #%s",
	"feed.title.search":    "Lumbung: pencarian “%s”",
	"feed.title.private":   "Lumbung: praktik untuk %s",
	"feed.filtered":        "dengan saringan",
	"feed.aside":           "Umpan Atom",
	"feed.subscribe":       "Umpan Atom: %s",
	"feed.private_link":    "Umpan pribadi yang memuat juga praktik internal yang boleh Anda baca",
	"feed.heading":         "Umpan pribadi",
	"feed.intro":           "Umpan Atom di halaman publik hanya memuat praktik publik. Alamat pribadi ini memuat praktik terbit yang boleh Anda baca, termasuk praktik internal dan praktik instansi Anda, agar dapat dibaca di aplikasi pembaca umpan tanpa masuk.",
	"feed.secret":          "Rahasiakan alamat ini: siapa pun yang memegangnya dapat membaca isi umpan. Jika tersebar, cabut atau buat alamat baru.",
	"feed.new_url":         "Alamat umpan pribadi Anda (hanya ditampilkan sekali)",
	"feed.active":          "Anda memiliki alamat umpan pribadi yang aktif sejak %s.",
	"feed.inactive":        "Anda belum memiliki alamat umpan pribadi yang aktif.",
	"feed.create":          "Buat alamat baru",
	"feed.create_hint":     "Membuat alamat baru mencabut alamat lama.",
	"feed.revoke":          "Cabut alamat",
	"feed.revoked":         "Alamat umpan pribadi dicabut.",
	"feed.none":            "Tidak ada alamat umpan pribadi yang aktif.",
	"web.list.tag_heading": "Praktik bertag #%s",
}

var feedMessagesEN = map[string]string{
	"feed.title.all":       "Lumbung: newest practices",
	"feed.title.org":       "Lumbung: practices of %s",
	"feed.title.affair":    "Lumbung: affair %s",
	"feed.title.tag":       "Lumbung: practices tagged #%s",
	"feed.title.search":    "Lumbung: search “%s”",
	"feed.title.private":   "Lumbung: practices for %s",
	"feed.filtered":        "with filters",
	"feed.aside":           "Atom feeds",
	"feed.subscribe":       "Atom feed: %s",
	"feed.private_link":    "A private feed that also carries the internal practices you may read",
	"feed.heading":         "Private feed",
	"feed.intro":           "The Atom feeds on public pages carry public practices only. This private address carries the published practices you may read, internal ones and your agency's included, for a feed reader that cannot sign in.",
	"feed.secret":          "Keep this address secret: whoever holds it can read the feed. If it leaks, revoke it or make a new one.",
	"feed.new_url":         "Your private feed address (shown only once)",
	"feed.active":          "You have had an active private feed address since %s.",
	"feed.inactive":        "You have no active private feed address.",
	"feed.create":          "Make a new address",
	"feed.create_hint":     "Making a new address revokes the old one.",
	"feed.revoke":          "Revoke the address",
	"feed.revoked":         "Private feed address revoked.",
	"feed.none":            "There is no active private feed address.",
	"web.list.tag_heading": "Practices tagged #%s",
}
