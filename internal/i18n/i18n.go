// Package i18n holds the user-facing messages in Bahasa Indonesia (the
// default) and English, and picks the language for a request.
package i18n

import (
	"fmt"
	"net/http"
	"strings"
)

// Languages offered, the default first.
var Languages = []string{"id", "en"}

// Default is the interface language when nothing else is asked for.
const Default = "id"

// T returns the message for key in lang, formatted with args; an unknown key
// comes back as itself so a missing translation is visible, not fatal.
func T(lang, key string, args ...any) string {
	m, ok := catalog[lang][key]
	if !ok {
		m, ok = catalog[Default][key]
	}
	if !ok {
		m = key
	}
	if len(args) > 0 {
		return fmt.Sprintf(m, args...)
	}
	return m
}

// Has reports whether key is in the catalogue.
func Has(key string) bool { _, ok := catalog[Default][key]; return ok }

// Valid reports whether lang is offered.
func Valid(lang string) bool { return lang == "id" || lang == "en" }

// FromRequest picks the language: a "lang" cookie set by the switch, else
// the first offered language in Accept-Language, else Indonesian.
func FromRequest(r *http.Request) string {
	if c, err := r.Cookie("lang"); err == nil && Valid(c.Value) {
		return c.Value
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		base := strings.SplitN(tag, "-", 2)[0]
		if base == "in" {
			base = "id"
		}
		if Valid(base) {
			return base
		}
	}
	return Default
}

// Add merges messages into the catalogue; packages with their own pages call
// it from init so that their strings live beside their templates.
func Add(lang string, msgs map[string]string) {
	if catalog[lang] == nil {
		catalog[lang] = map[string]string{}
	}
	for k, v := range msgs {
		catalog[lang][k] = v
	}
}

var catalog = map[string]map[string]string{
	"id": {
		// validation
		"required":               "wajib diisi",
		"post_empty":             "Tulis dulu isinya; pertanyaan atau jawaban tidak boleh kosong.",
		"post_too_long":          "terlalu panjang (maksimum 10.000 karakter)",
		"too_long":               "terlalu panjang",
		"too_many":               "terlalu banyak",
		"invalid":                "tidak valid",
		"invalid_code":           "kode hanya boleh huruf kecil, angka, - dan _ (maks. 40)",
		"invalid_email":          "alamat surel tidak valid",
		"email_taken":            "alamat surel sudah terdaftar",
		"code_taken":             "kode sudah dipakai",
		"invalid_number":         "bukan angka yang valid",
		"number_too_large":       "angka terlalu besar (paling besar ±1.000.000.000.000.000)",
		"invalid_date":           "tanggal harus berformat TTTT-BB-HH",
		"invalid_year":           "tahun tidak valid",
		"date_order":             "tanggal capaian tidak boleh sebelum tanggal baseline",
		"unknown_org":            "organisasi tidak dikenal",
		"unknown_affair":         "urusan pemerintahan tidak dikenal",
		"content_required":       "isi minimal salah satu: ringkasan, masalah, tindakan, hasil atau isi",
		"password_short":         "kata sandi minimal 8 karakter",
		"invalid_transition":     "langkah alur kerja ini tidak berlaku untuk status saat ini",
		"invalid_initial_status": "status awal harus draf, ditinjau, atau (koordinator) terbit",
		"forbidden":              "Anda tidak berwenang untuk tindakan ini",
		// errors
		"err.bad_request":          "Permintaan tidak dapat dibaca.",
		"err.invalid_json":         "Isi permintaan bukan JSON yang valid: %s",
		"err.validation":           "Periksa kembali isian yang ditandai.",
		"err.unauthorized":         "Silakan masuk terlebih dahulu.",
		"err.login_failed":         "Surel atau kata sandi salah.",
		"err.forbidden":            "Anda tidak berwenang melakukan tindakan ini.",
		"err.not_found":            "Halaman atau data tidak ditemukan.",
		"err.method_not_allowed":   "Metode HTTP ini tidak tersedia untuk alamat ini.",
		"err.conflict":             "Data ini telah diubah orang lain sejak Anda membukanya (versi sekarang: %d). Teks Anda belum disimpan; salin lalu muat ulang.",
		"err.conflict_plain":       "Data bentrok dengan data yang sudah ada.",
		"err.conflict_of_interest": "Ditolak karena konflik kepentingan: juri tidak boleh menilai entri dari organisasinya sendiri, induknya, unit di bawahnya, atau yang ia nyatakan berkonflik. Tidak ada yang disimpan.",
		"err.frozen":               "Batas waktu pengumpulan telah lewat; entri sudah dibekukan dan tidak dapat diubah.",
		"err.too_large":            "Berkas terlalu besar (maksimum %s).",
		"err.unsupported_type":     "Jenis berkas tidak diizinkan. Gunakan PDF, DOCX, XLSX, PPTX, PNG atau JPEG.",
		"err.rate_limited":         "Terlalu banyak percobaan. Coba lagi sebentar lagi.",
		"err.internal":             "Terjadi kesalahan pada server. Coba lagi; jika berulang, hubungi admin.",
		"err.method":               "Metode tidak diizinkan.",
		"err.missing_file":         "Pilih berkas yang akan diunggah (kolom \"file\").",
		"err.invalid_id":           "Nomor data tidak valid.",
		"err.invalid_parameter":    "Parameter %s tidak valid.",
	},
	"en": {
		"required":                 "is required",
		"post_empty":               "Write something first; a question or an answer cannot be empty.",
		"post_too_long":            "is too long (at most 10,000 characters)",
		"too_long":                 "is too long",
		"too_many":                 "has too many entries",
		"invalid":                  "is not valid",
		"invalid_code":             "code may hold only lowercase letters, digits, - and _ (max. 40)",
		"invalid_email":            "is not a valid e-mail address",
		"email_taken":              "is already registered",
		"code_taken":               "code already in use",
		"invalid_number":           "is not a valid number",
		"number_too_large":         "is too large (at most ±1,000,000,000,000,000)",
		"invalid_date":             "must be a date as YYYY-MM-DD",
		"invalid_year":             "is not a valid year",
		"date_order":               "the achieved date cannot precede the baseline date",
		"unknown_org":              "unknown organisation",
		"unknown_affair":           "unknown government affair",
		"content_required":         "fill in at least one of: summary, problem, actions, results or body",
		"password_short":           "password must have at least 8 characters",
		"invalid_transition":       "this workflow step does not apply to the current status",
		"invalid_initial_status":   "initial status must be draft, in review or (coordinators) published",
		"forbidden":                "you may not do this",
		"err.bad_request":          "The request could not be read.",
		"err.invalid_json":         "The request body is not valid JSON: %s",
		"err.validation":           "Please check the marked fields.",
		"err.unauthorized":         "Please sign in first.",
		"err.login_failed":         "Wrong e-mail or password.",
		"err.forbidden":            "You are not allowed to do this.",
		"err.not_found":            "Page or record not found.",
		"err.method_not_allowed":   "This HTTP method is not available at this address.",
		"err.conflict":             "Someone changed this record since you opened it (current version: %d). Your text has not been saved; copy it and reload.",
		"err.conflict_plain":       "This conflicts with existing data.",
		"err.conflict_of_interest": "Refused: conflict of interest. A juror may not score entries of their own organisation, its parent, its units, or ones they declared. Nothing was stored.",
		"err.frozen":               "The submission deadline has passed; entries are frozen and cannot change.",
		"err.too_large":            "File too large (maximum %s).",
		"err.unsupported_type":     "File type not allowed. Use PDF, DOCX, XLSX, PPTX, PNG or JPEG.",
		"err.rate_limited":         "Too many attempts. Try again shortly.",
		"err.internal":             "Something went wrong on the server. Try again; if it persists, contact an admin.",
		"err.method":               "Method not allowed.",
		"err.missing_file":         "Choose a file to upload (field \"file\").",
		"err.invalid_id":           "Invalid record number.",
		"err.invalid_parameter":    "Invalid parameter %s.",
	},
}
