package app

import (
	"context"
	"fmt"
	"html"

	"lumbung/internal/km"
	"lumbung/internal/mail"
	"lumbung/internal/store"
)

// MailLinks is the Mailer that e-mails one-time links through s. People
// have no language setting yet, so the message is in Indonesian with an
// English paragraph below, the interface's two languages.
func MailLinks(s *mail.Sender) Mailer { return linkMailer{s} }

type linkMailer struct{ s *mail.Sender }

func (m linkMailer) SendLink(ctx context.Context, to km.User, l Link) error {
	until := l.ExpiresAt.In(wib).Format("2 January 2006 15.04 WIB")
	var subject, id, en string
	switch l.Purpose {
	case store.LinkInvite:
		subject = "Undangan Lumbung: atur kata sandi Anda"
		id = "Anda diundang ke Lumbung, misalnya sebagai juri KM Award. Buka tautan berikut untuk mengatur kata sandi Anda."
		en = "You are invited to Lumbung, for example as a KM Award juror. Open the link below to set your password."
	default:
		subject = "Lumbung: atur ulang kata sandi"
		id = "Seseorang yang berwenang meminta pengaturan ulang kata sandi Anda. Buka tautan berikut untuk mengatur kata sandi baru."
		en = "Someone authorised asked for your password to be reset. Open the link below to set a new password."
	}
	text := fmt.Sprintf("Yth. %s,\n\n%s\n\n%s\n\nTautan ini hanya dapat dipakai sekali dan berlaku sampai %s.\nAbaikan surel ini bila Anda tidak mengharapkannya.\n\n--\n%s\n%s\n",
		to.Name, id, l.URL, until, en, l.URL)
	body := fmt.Sprintf(`<p>Yth. %s,</p><p>%s</p><p><a href="%s">%s</a></p><p>Tautan ini hanya dapat dipakai sekali dan berlaku sampai %s. Abaikan surel ini bila Anda tidak mengharapkannya.</p><hr><p lang="en">%s</p>`,
		html.EscapeString(to.Name), id, html.EscapeString(l.URL), html.EscapeString(l.URL), until, en)
	return m.s.Send(ctx, mail.Message{To: to.Email, Subject: subject, Text: text, HTML: body})
}
