package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"

	"lumbung/internal/app"
	"lumbung/internal/award"
	"lumbung/internal/store"
)

// demoAwardWinners is how many winners each demo edition names.
const demoAwardWinners = 3

// loadAward imports the demo KM Award editions (data/award_*.json, the
// format of `lumbung award import`): twelve entries from demo agencies,
// five jurors (three external, one of them the demo juror account, and two
// from agencies, so conflicts of interest show), the desk round scored. The
// edition is handed to BPSDM's secretariat (the demo secretariat account),
// its results published and made final, so the public results page and the
// certificates have something to show: its announcement date is past.
func loadAward(ctx context.Context, a *app.App) error {
	files, err := fs.Glob(data, "data/award_*.json")
	if err != nil {
		return err
	}
	organiser, err := a.Store.OrgByCode(ctx, "bpsdm")
	if err != nil {
		return fmt.Errorf("demo: award organiser: %w", err)
	}
	for _, name := range files {
		raw, err := data.ReadFile(name)
		if err != nil {
			return err
		}
		var in app.AwardImport
		if err := json.Unmarshal(raw, &in); err != nil {
			return fmt.Errorf("demo: %s: %w", name, err)
		}
		if _, err := a.ImportAward(ctx, app.System, in); err != nil {
			return fmt.Errorf("demo: %s: %w", name, err)
		}
		code := in.Edition.Code
		err = a.Store.Write(ctx, func(tx *store.Tx) error {
			ed, err := tx.EditionByCode(code)
			if err != nil {
				return err
			}
			ed.Winners, ed.Method = demoAwardWinners, award.MethodZScore
			if err := tx.UpdateEditionSchedule(&ed); err != nil {
				return err
			}
			if err := tx.SetEditionOrganiser(ed.ID, organiser.ID); err != nil {
				return err
			}
			return tx.SetEditionSettings(ed.ID, store.EditionSettings{
				Description: "Data demonstrasi. Penghargaan manajemen pengetahuan bagi perangkat daerah yang mendokumentasikan praktik baiknya " +
					"sehingga dapat direplikasi: dinilai oleh juri eksternal dan internal, dengan nilai yang dinormalisasi per juri.",
				ParticipantCertificates: true,
				Place:                   "Jakarta",
				SignatoryName:           "Ratna Kusumawati (contoh)",
				SignatoryTitle:          "Kepala Biro Organisasi (data demonstrasi)",
			})
		})
		if err != nil {
			return fmt.Errorf("demo: %s: %w", name, err)
		}
		if err := a.PublishResults(ctx, app.System, code); err != nil {
			return fmt.Errorf("demo: %s: publish: %w", name, err)
		}
		if err := a.FinaliseResults(ctx, app.System, code); err != nil {
			return fmt.Errorf("demo: %s: finalise: %w", name, err)
		}
	}
	return nil
}
