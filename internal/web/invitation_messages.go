package web

import (
	"lumbung/internal/i18n"
)

// The strings of one-time links: invitations, password resets, the
// "forgot your password?" page and the user list. Both maps hold the same
// keys (TestLinkMessagesComplete); the refusals' keys (link.err.*) serve
// the API too.
func init() {
	i18n.Add("id", linkMessagesID)
	i18n.Add("en", linkMessagesEN)
}

var linkMessagesID = map[string]string{
	"link.invite.title":       "Atur kata sandi Anda",
	"link.invite.intro":       "Selamat datang, %s. Anda diundang ke Lumbung Pengetahuan. Buat kata sandi untuk akun Anda; setelah itu masuk dengan surel dan kata sandi ini.",
	"link.reset.title":        "Atur ulang kata sandi",
	"link.reset.intro":        "%s, buat kata sandi baru untuk akun Anda. Kata sandi lama tidak berlaku lagi setelah ini.",
	"link.expires":            "Tautan ini berlaku sampai",
	"link.password":           "Kata sandi baru",
	"link.password2":          "Ulangi kata sandi baru",
	"link.password_hint":      "8 sampai 72 karakter. Gunakan kalimat yang mudah Anda ingat dan sulit ditebak orang lain.",
	"link.password_mismatch":  "kedua kata sandi tidak sama",
	"link.submit":             "Simpan kata sandi",
	"link.flash.password_set": "Kata sandi tersimpan. Silakan masuk.",

	"link.refused.title": "Tautan tidak dapat dipakai",
	"link.refused.help":  "Tidak ada yang berubah pada akun mana pun. Mintalah tautan baru: juri kepada sekretariat Penghargaan KM, pegawai kepada koordinator KM OPD-nya.",
	"link.err.unknown":   "Tautan ini tidak dikenal. Periksa apakah tautan tersalin utuh.",
	"link.err.used":      "Tautan ini sudah dipakai. Setiap tautan hanya berlaku sekali.",
	"link.err.revoked":   "Tautan ini sudah diganti dengan tautan yang lebih baru.",
	"link.err.expired":   "Tautan ini sudah kedaluwarsa.",
	"link.err.disabled":  "Akun ini dinonaktifkan.",

	"link.signed_in.title":   "Anda sedang masuk",
	"link.signed_in.text":    "Anda sedang masuk sebagai %s. Tautan ini mengatur kata sandi sebuah akun, mungkin bukan akun Anda; keluar dulu, lalu buka tautan ini lagi.",
	"link.signed_in.signout": "Keluar dan lanjutkan",

	"link.forgot.link":  "Lupa kata sandi?",
	"link.forgot.title": "Lupa kata sandi",
	"link.forgot.text":  "Hubungi koordinator KM di OPD Anda. Koordinator atau admin dapat membuat tautan sekali pakai untuk mengatur ulang kata sandi Anda; tautan itu berlaku 24 jam.",
	"link.forgot.juror": "Juri dari luar instansi: hubungi sekretariat Penghargaan KM untuk tautan undangan baru.",

	"link.made.title":   "Tautan untuk %s",
	"link.made.once":    "Salin tautan ini sekarang dan kirimkan kepada orangnya melalui saluran yang aman. Tautan ini hanya ditampilkan sekali dan hanya berlaku sekali; tautan lama yang belum dipakai tidak berlaku lagi.",
	"link.made.label":   "Tautan sekali pakai",
	"link.invite.made":  "Akun juri dibuat tanpa kata sandi. Salin tautan undangan ini sekarang dan kirimkan kepada juri: tautan hanya ditampilkan sekali dan berlaku 7 hari.",
	"link.invite.again": "Buat tautan undangan baru",

	"link.users.nav":         "Pengguna",
	"link.users.title":       "Pengguna",
	"link.users.intro":       "Orang yang kata sandinya dapat Anda atur ulang. Tautan atur ulang berlaku 24 jam dan sekali pakai.",
	"link.users.name":        "Nama",
	"link.users.status":      "Status",
	"link.users.action":      "Tindakan",
	"link.users.no_password": "Belum mengatur kata sandi",
	"link.users.active":      "Aktif",
	"link.users.disabled":    "Nonaktif",
	"link.users.make":        "Buat tautan atur ulang",
	"link.users.none":        "Tidak ada pengguna dalam cakupan Anda.",

	"award.err.password_set": "Orang ini sudah mengatur kata sandinya; ia dapat masuk, atau meminta tautan atur ulang kepada koordinator KM-nya.",
}

var linkMessagesEN = map[string]string{
	"link.invite.title":       "Set your password",
	"link.invite.intro":       "Welcome, %s. You are invited to Lumbung Pengetahuan. Choose a password for your account; then sign in with your e-mail and this password.",
	"link.reset.title":        "Reset your password",
	"link.reset.intro":        "%s, choose a new password for your account. The old one stops working.",
	"link.expires":            "This link is valid until",
	"link.password":           "New password",
	"link.password2":          "New password again",
	"link.password_hint":      "8 to 72 characters. A sentence you remember easily and others cannot guess is best.",
	"link.password_mismatch":  "the two passwords differ",
	"link.submit":             "Save password",
	"link.flash.password_set": "Password saved. Please sign in.",

	"link.refused.title": "This link cannot be used",
	"link.refused.help":  "Nothing has changed on any account. Ask for a new link: jurors from the KM Award secretariat, staff from their agency's KM coordinator.",
	"link.err.unknown":   "This link is not known. Check that it was copied whole.",
	"link.err.used":      "This link has been used. Each link works once.",
	"link.err.revoked":   "This link has been replaced by a newer one.",
	"link.err.expired":   "This link has expired.",
	"link.err.disabled":  "This account is disabled.",

	"link.signed_in.title":   "You are signed in",
	"link.signed_in.text":    "You are signed in as %s. This link sets an account's password, perhaps not yours: sign out first, then open the link again.",
	"link.signed_in.signout": "Sign out and continue",

	"link.forgot.link":  "Forgot your password?",
	"link.forgot.title": "Forgot your password",
	"link.forgot.text":  "Contact the KM coordinator of your agency. A coordinator or an admin can make a one-time link to reset your password; it is valid for 24 hours.",
	"link.forgot.juror": "Jurors from outside government: ask the KM Award secretariat for a new invitation link.",

	"link.made.title":   "Link for %s",
	"link.made.once":    "Copy this link now and pass it to the person through a safe channel. It is shown only once and works once; older unused links stop working.",
	"link.made.label":   "One-time link",
	"link.invite.made":  "The juror's account was created without a password. Copy this invitation link now and send it to the juror: it is shown only once and is valid for 7 days.",
	"link.invite.again": "Make a new invitation link",

	"link.users.nav":         "Users",
	"link.users.title":       "Users",
	"link.users.intro":       "People whose password you can reset. A reset link is valid for 24 hours and works once.",
	"link.users.name":        "Name",
	"link.users.status":      "Status",
	"link.users.action":      "Action",
	"link.users.no_password": "No password set yet",
	"link.users.active":      "Active",
	"link.users.disabled":    "Disabled",
	"link.users.make":        "Make a reset link",
	"link.users.none":        "No users in your scope.",

	"award.err.password_set": "This person has already set a password; they can sign in, or ask their KM coordinator for a reset link.",
}
