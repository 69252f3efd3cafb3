package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"lumbung/internal/app"
	"lumbung/internal/award"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// awardFile is the demo edition (data/award_2025.json): the import format
// of `lumbung award import` for what it covers, plus what an import does
// not carry (rubric anchors, linked practices, the number of jurors per
// round), and each entry's quality, from which the jurors' scores are drawn.
type awardFile struct {
	Edition struct {
		app.ImportEdition
		RegistrationOpens string `json:"registration_opens"`
		Description       string `json:"description"`
	} `json:"edition"`
	Categories []app.ImportCategory `json:"categories"`
	Criteria   []struct {
		app.ImportCriterion
		Description string            `json:"description"`
		Anchors     map[string]string `json:"anchors"`
	} `json:"criteria"`
	Rounds []struct {
		app.ImportRound
		Jurors int `json:"jurors"` // jurors per entry
	} `json:"rounds"`
	Jurors    []app.ImportJuror `json:"jurors"`
	Conflicts []struct {
		Juror, Org, Reason string
	} `json:"declared_conflicts"`
	Entries []awardEntry `json:"entries"`
}

// awardEntry is an entry of the demo edition.
type awardEntry struct {
	Org       string   `json:"org"`
	Category  string   `json:"category"`
	Title     string   `json:"title"`
	Practices []string `json:"practices"` // the practices' ids in practices.jsonl
	Quality   float64  `json:"quality"`   // 1–10: what the jurors' scores centre on
}

// wib is Jakarta time, in which the demo's calendar is written.
var wib = time.FixedZone("WIB", 7*60*60)

// on is a time in the demo's calendar.
func on(month time.Month, day, hour, minute int) time.Time {
	return time.Date(2025, month, day, hour, minute, 0, 0, wib)
}

// awardSeed fixes the jurors' scores: the demo edition is the same on every load.
var awardSeed = [2]uint64{2025, 1110}

// loadAward tells the story of Jakarta's first KM Award (2025), the one
// the demo practice "KM Award 2025: 51 OPD …" reports: 51 OPD enter with
// their published practices and an evidence file, all pass screening, three
// jurors score each entry on the documents, the best 30 present to five
// jurors, and three winners in each of five categories are announced on
// 10 November 2025. Twelve jurors come from LAN, KemenPANRB, two
// universities, BPSDM and four OPD; none scores an entry of their own
// agency, and one declares a conflict besides. An objection is filed and
// answered, and the results are final, with certificates for everyone.
//
// Every step goes through the application, as the secretariat, the jurors
// and the entrants would take it, on the dates it happened (store.WithClock),
// so nothing carries the day the demo was loaded.
func loadAward(ctx context.Context, a *app.App) error {
	raw, err := data.ReadFile("data/award_2025.json")
	if err != nil {
		return err
	}
	var f awardFile
	if err := json.Unmarshal(raw, &f); err != nil {
		return fmt.Errorf("demo: award_2025.json: %w", err)
	}
	if err := (&awardStory{a: a, f: &f}).tell(ctx); err != nil {
		return fmt.Errorf("demo: award %s: %w", f.Edition.Code, err)
	}
	return nil
}

// awardStory loads one edition; now is the demo clock.
type awardStory struct {
	a      *app.App
	f      *awardFile
	now    time.Time
	sec    app.Actor            // the demo secretariat account
	jurors map[string]app.Actor // by e-mail
	codes  []string             // entry codes, in f.Entries order
}

func (s *awardStory) at(t time.Time) { s.now = t }

func (s *awardStory) tell(ctx context.Context) error {
	ctx = store.WithClock(ctx, func() time.Time { return s.now })
	a, f := s.a, s.f
	code := f.Edition.Code
	opens, err := time.Parse(time.RFC3339, f.Edition.RegistrationOpens)
	if err != nil {
		return err
	}

	// The jurors' accounts, flagged as demo data; the demo juror's exists.
	s.at(opens.Add(-7 * 24 * time.Hour))
	s.jurors = map[string]app.Actor{}
	for _, j := range f.Jurors {
		u, err := a.Store.UserByEmail(ctx, j.Email)
		if err != nil && !errors.Is(err, km.ErrNotFound) {
			return err
		}
		if err != nil {
			org := km.RootOrgCode
			if j.Org != nil {
				org = *j.Org
			}
			if _, err := a.CreateUser(ctx, app.System, app.NewUser{Email: j.Email, Name: j.Name, OrgCode: org,
				Roles: []km.Role{km.RoleJuror}, Demo: true}); err != nil {
				return fmt.Errorf("juror %s: %w", j.Email, err)
			}
			if u, err = a.Store.UserByEmail(ctx, j.Email); err != nil {
				return err
			}
		}
		s.jurors[j.Email] = app.Actor{User: &u}
	}
	secretariat, err := a.Store.UserByEmail(ctx, "sekretariat@demo.lumbung.id")
	if err != nil {
		return err
	}
	s.sec = app.Actor{User: &secretariat}

	// The call: the edition, its categories, rubric, rounds and jury, as
	// an import (which publishes the call at once), then what an import
	// does not carry.
	s.at(opens)
	in := app.AwardImport{Edition: f.Edition.ImportEdition, Categories: f.Categories, Jurors: f.Jurors}
	for _, c := range f.Criteria {
		in.Criteria = append(in.Criteria, c.ImportCriterion)
	}
	for _, r := range f.Rounds {
		in.Rounds = append(in.Rounds, r.ImportRound)
	}
	// The import creates the entries with the day each was submitted
	// (they are listed in that order, so their codes KMA25-01, -02, …
	// follow it); registration below fills each in on that day.
	prefix := app.EntryCodePrefix(code, f.Edition.Year)
	first, last := on(time.June, 16, 9, 0), on(time.August, 29, 15, 0)
	step := last.Sub(first) / time.Duration(len(f.Entries)-1)
	for i, e := range f.Entries {
		c := fmt.Sprintf("%s-%02d", prefix, i+1)
		s.codes = append(s.codes, c)
		in.Entries = append(in.Entries, app.ImportEntry{Code: c, Org: e.Org, Category: e.Category, Title: e.Title,
			SubmittedAt: first.Add(time.Duration(i) * step).Truncate(time.Minute).Format(time.RFC3339)})
	}
	if _, err := a.ImportAward(ctx, app.System, in); err != nil {
		return err
	}
	organiser, err := a.Store.OrgByCode(ctx, "bpsdm")
	if err != nil {
		return err
	}
	err = a.Store.Write(ctx, func(tx *store.Tx) error {
		ed, err := tx.EditionByCode(code)
		if err != nil {
			return err
		}
		ed.RegistrationOpens, ed.Method = opens, award.MethodZScore
		if err := tx.UpdateEditionSchedule(&ed); err != nil {
			return err
		}
		if err := tx.SetEditionOrganiser(ed.ID, organiser.ID); err != nil {
			return err
		}
		return tx.SetEditionSettings(ed.ID, store.EditionSettings{Description: f.Edition.Description, ParticipantCertificates: true,
			Place: "Jakarta", SignatoryName: "Ratna Kusumawati (contoh)", SignatoryTitle: "Kepala Biro Organisasi (data demonstrasi)"})
	})
	if err != nil {
		return err
	}
	for _, c := range f.Criteria {
		_, err := a.SaveCriterion(ctx, s.sec, code, c.Code, app.CriterionInput{Code: c.Code, Name: c.Name, Description: c.Description,
			Anchors: c.Anchors, Weight: c.Weight, Min: c.Min, Max: c.Max})
		if err != nil {
			return fmt.Errorf("criterion %s: %w", c.Code, err)
		}
	}

	// Registration: each entry links its published practices and the
	// agency's report as evidence, on the day it was submitted.
	d, err := a.Store.AwardData(ctx, code)
	if err != nil {
		return err
	}
	for i, e := range f.Entries {
		s.at(first.Add(time.Duration(i) * step).Truncate(time.Minute))
		var ids []int64
		var summaries []string
		err := a.Store.Write(ctx, func(tx *store.Tx) error {
			for _, ext := range e.Practices {
				p, err := tx.PracticeByExternalID(ext)
				if err != nil {
					return fmt.Errorf("practice %s: %w", ext, err)
				}
				ids = append(ids, p.ID)
				summaries = append(summaries, p.Summary)
			}
			return nil
		})
		if err != nil {
			return err
		}
		x, _ := entryByCode(d, s.codes[i])
		_, err = a.UpdateEntry(ctx, app.System, code, x.Code, app.EntryInput{Category: e.Category, Title: e.Title,
			Summary: summaries[0], Practices: ids, Version: x.Version})
		if err != nil {
			return fmt.Errorf("entry %s: %w", x.Code, err)
		}
		s.at(s.now.Add(20 * time.Minute))
		org, err := a.Store.OrgByCode(ctx, e.Org)
		if err != nil {
			return err
		}
		report, err := evidencePDF(org, x.Code, e.Title, summaries, s.now)
		if err != nil {
			return err
		}
		if _, err := a.AddEvidence(ctx, s.sec, code, x.Code, "Laporan praktik baik "+x.Code+".pdf", bytes.NewReader(report)); err != nil {
			return fmt.Errorf("entry %s: evidence: %w", x.Code, err)
		}
	}

	// The deadline passes: the entries are frozen, then screened.
	s.at(on(time.September, 1, 0, 5))
	if _, err := a.FreezeEdition(ctx, app.System, code); err != nil {
		return err
	}
	for i, c := range s.codes {
		s.at(on(time.September, 2+i/20, 9+i%20/3, i%3*20))
		if err := a.Screen(ctx, s.sec, code, c, award.ScreeningPass, ""); err != nil {
			return fmt.Errorf("screen %s: %w", c, err)
		}
	}
	s.at(on(time.September, 5, 10, 0))
	for _, c := range f.Conflicts {
		i := slices.IndexFunc(f.Entries, func(e awardEntry) bool { return e.Org == c.Org })
		if i < 0 {
			return fmt.Errorf("declared conflict: no entry of %s", c.Org)
		}
		if err := a.DeclareConflict(ctx, s.jurors[c.Juror], code, s.codes[i], c.Reason); err != nil {
			return fmt.Errorf("declared conflict: %w", err)
		}
	}

	// The rounds: assigned by the secretariat, scored by the jurors over
	// the following days, the shortlist confirmed.
	rng := rand.New(rand.NewPCG(awardSeed[0], awardSeed[1]))
	quality := map[string]float64{}
	for i, e := range f.Entries {
		quality[s.codes[i]] = e.Quality
	}
	harshness, seat := map[string]float64{}, map[string]int{}
	for i, j := range f.Jurors {
		harshness[j.Email], seat[j.Email] = rng.NormFloat64()*0.7, i
	}
	schedule := []struct{ assign, from, shortlist time.Time }{
		{on(time.September, 8, 9, 0), on(time.September, 9, 8, 0), on(time.September, 29, 10, 0)},
		{on(time.October, 6, 9, 0), on(time.October, 14, 8, 0), time.Time{}},
	}
	for ri, r := range f.Rounds {
		s.at(schedule[ri].assign)
		pairs, err := a.AutoAssign(ctx, s.sec, code, r.Code, r.Jurors)
		if err != nil {
			return fmt.Errorf("round %s: assign: %w", r.Code, err)
		}
		n := map[string]int{} // sheets each juror has sent in this round
		for _, p := range pairs {
			k := n[p.Juror]
			n[p.Juror]++
			if ri == 0 { // the documents: two every day and a half, each juror at their own hour
				s.at(schedule[ri].from.Add(time.Duration(k/2)*36*time.Hour + time.Duration(k%2)*3*time.Hour + time.Duration(seat[p.Juror])*10*time.Minute))
			} else { // the presentations: eight a day, 45 minutes each
				s.at(schedule[ri].from.Add(time.Duration(k/8)*24*time.Hour + time.Duration(k%8)*45*time.Minute))
			}
			sheet := s.sheet(rng, quality[p.Entry]+harshness[p.Juror], ri)
			if err := a.SaveSheet(ctx, s.jurors[p.Juror], code, r.Code, p.Entry, sheet); err != nil {
				return fmt.Errorf("round %s: %s scores %s: %w", r.Code, p.Juror, p.Entry, err)
			}
		}
		if !schedule[ri].shortlist.IsZero() {
			s.at(schedule[ri].shortlist)
			if _, err := a.ConfirmShortlist(ctx, s.sec, code, r.Code); err != nil {
				return fmt.Errorf("round %s: shortlist: %w", r.Code, err)
			}
		}
	}

	// The results: published ahead of the announcement, an objection
	// answered in the week after it, then final (certificates are issued).
	s.at(on(time.November, 6, 15, 0))
	if err := a.PublishResults(ctx, s.sec, code); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := s.objection(ctx); err != nil {
		return err
	}
	s.at(on(time.November, 18, 9, 0))
	if err := a.FinaliseResults(ctx, s.sec, code); err != nil {
		return fmt.Errorf("finalise: %w", err)
	}
	return nil
}

// sheet draws a juror's scores for an entry around centre (its quality
// seen through the juror's harshness), with a comment for the entrant.
func (s *awardStory) sheet(rng *rand.Rand, centre float64, round int) app.SheetInput {
	in := app.SheetInput{Values: map[string]float64{}, Submit: true}
	sum := 0.0
	for _, c := range s.f.Criteria {
		x := math.Round(centre + rng.NormFloat64()*0.8)
		x = min(max(x, c.Min), c.Max)
		in.Values[c.Code] = x
		sum += x
	}
	mean := sum / float64(len(s.f.Criteria))
	comments := sheetComments[round]
	switch {
	case mean >= 8:
		in.Comment = comments[0][rng.IntN(len(comments[0]))]
	case mean >= 6.5:
		in.Comment = comments[1][rng.IntN(len(comments[1]))]
	default:
		in.Comment = comments[2][rng.IntN(len(comments[2]))]
	}
	if rng.IntN(8) == 0 {
		in.PrivateNote = "Perlu dicek ulang saat rapat pleno juri."
	}
	return in
}

// sheetComments are the jurors' comments to entrants, per round, for a
// strong, a fair and a weak entry.
var sheetComments = [2][3][]string{
	{
		{"Dampak terukur dengan data sebelum dan sesudah yang jelas; dokumentasi siap direplikasi.",
			"Praktik yang matang dan sudah dilembagakan. Pertahankan pencatatan datanya.",
			"Sangat baik: masalah, langkah dan hasil runtut, pelajaran ditulis jujur."},
		{"Praktik baik, tetapi data dampak baru dari satu periode. Lengkapi pembanding sebelum pelaksanaan.",
			"Langkah jelas; tunjukkan bagaimana praktik bertahan bila pelaksananya berganti.",
			"Layak direplikasi bila formulir dan SOP dilampirkan."},
		{"Dokumentasi belum menunjukkan hasil; tambahkan data dan sumbernya.",
			"Praktik masih bergantung pada satu orang. Tuliskan SOP dan pelajarannya.",
			"Pelajaran dari kegagalan ini berharga; lengkapi dengan rencana perbaikan yang terukur."},
	},
	{
		{"Paparan meyakinkan dan tanya jawab menunjukkan penguasaan data.",
			"Tim menjelaskan replikasi ke unit lain dengan contoh nyata.",
			"Sangat baik: klaim dampak terbukti dari data yang ditunjukkan."},
		{"Paparan baik; jawaban tentang keberlanjutan anggaran belum meyakinkan.",
			"Hasil jelas, tetapi rencana replikasi masih umum.",
			"Perlu menunjukkan bagaimana warga merasakan perubahannya."},
		{"Paparan belum menjawab pertanyaan juri tentang data dampak.",
			"Praktik menarik tetapi belum cukup bukti bahwa ia bertahan.",
			"Perlu dokumentasi yang lebih lengkap sebelum direplikasi."},
	},
}

// objection files an objection for the best entry that did not win and
// answers it, within the objection week.
func (s *awardStory) objection(ctx context.Context) error {
	a, code := s.a, s.f.Edition.Code
	res, err := a.AwardResults(ctx, s.sec, code, "", "")
	if err != nil {
		return err
	}
	won := map[string]bool{}
	for _, codes := range res.Winners {
		for _, c := range codes {
			won[c] = true
		}
	}
	var entry string
	for _, l := range res.Entries {
		if !won[l.Entry] {
			entry = l.Entry
			break
		}
	}
	d, err := a.Store.AwardData(ctx, code)
	if err != nil {
		return err
	}
	e, _ := entryByCode(d, entry)
	// The objection comes from the agency's KM coordinator, an account made
	// for it (the demo's coordinators are at Pasar Jaya and Dinkes).
	org, err := a.Store.OrgByCode(ctx, e.OrgCode)
	if err != nil {
		return err
	}
	email := "koordinator." + e.OrgCode + "@demo.lumbung.id"
	s.at(on(time.November, 11, 14, 0))
	if _, err := a.CreateUser(ctx, app.System, app.NewUser{Email: email, Name: "Koordinator KM " + org.Short + " (Demo)", OrgCode: e.OrgCode,
		Roles: []km.Role{km.RoleCoordinator}, Demo: true}); err != nil {
		return err
	}
	u, err := a.Store.UserByEmail(ctx, email)
	if err != nil {
		return err
	}
	s.at(on(time.November, 12, 10, 30))
	o, err := a.FileObjection(ctx, app.Actor{User: &u}, code, entry,
		"Kami mohon juri meninjau kembali nilai dampak: data penurunan waktu layanan triwulan III sudah kami lampirkan di laporan, halaman 1.")
	if err != nil {
		return fmt.Errorf("objection: %w", err)
	}
	s.at(on(time.November, 14, 16, 0))
	return a.AnswerObjection(ctx, s.sec, code, o.ID,
		"Juri telah membaca ulang laporan. Data triwulan III sudah dinilai pada penilaian dokumen; nilai tidak berubah. Terima kasih atas keterlibatan tim.")
}

func entryByCode(d *award.Data, code string) (award.Entry, bool) {
	for _, e := range d.Entries {
		if e.Code == code {
			return e, true
		}
	}
	return award.Entry{}, false
}

// evidencePDF is an entry's evidence file: a one-page report on the
// agency's letterhead, dated at.
func evidencePDF(org km.Org, entry, title string, summaries []string, at time.Time) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(at)
	pdf.SetModificationDate(at)
	pdf.SetTitle("Laporan praktik baik "+entry, true)
	pdf.SetCreator("Lumbung (data demonstrasi)", true)
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 13)
	pdf.MultiCell(0, 7, tr(org.Name), "", "C", false)
	pdf.SetFont("Helvetica", "", 10)
	pdf.MultiCell(0, 6, tr("Laporan praktik baik untuk KM Award 2025 — entri "+entry), "", "C", false)
	pdf.Ln(6)
	pdf.SetFont("Helvetica", "B", 12)
	pdf.MultiCell(0, 7, tr(title), "", "L", false)
	pdf.Ln(2)
	pdf.SetFont("Helvetica", "", 10)
	for _, s := range summaries {
		pdf.MultiCell(0, 5.5, tr(s), "", "L", false)
		pdf.Ln(2)
	}
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "I", 9)
	pdf.MultiCell(0, 5, tr(fmt.Sprintf("Jakarta, %d %s 2025. Data demonstrasi, bukan dokumen sebenarnya.", at.In(wib).Day(), bulan[at.In(wib).Month()-1])), "", "L", false)
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

var bulan = [12]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}
