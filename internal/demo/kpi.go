package demo

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"lumbung/internal/app"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// demoPracticeLinks ties demo competitions to the demo practices that tell
// their story ("" = the competition as a whole).
var demoPracticeLinks = []struct{ competition, participant, practice string }{
	{"qris-pasar-2025", "", "demo-001"},
}

// loadKPI imports the demo competitions (data/kpi_*.json, the format of
// `lumbung kpi import`), flagged as demonstration data, and links them to
// the practices documenting them. The QRIS market contest: 12 Pasar Jaya
// markets and 4 comparable control markets, 60 days of baseline and 60 of
// competition; transactions of the competitors rose 47% overall.
func loadKPI(ctx context.Context, a *app.App) error {
	files, err := fs.Glob(data, "data/kpi_*.json")
	if err != nil {
		return err
	}
	for _, name := range files {
		raw, err := data.ReadFile(name)
		if err != nil {
			return err
		}
		f, err := app.DecodeKPIFile(raw)
		if err != nil {
			return fmt.Errorf("demo: %s: %w", name, err)
		}
		_, err = a.ImportCompetition(ctx, app.System, f, app.KPIImportOptions{Demo: true, Source: "demo",
			Filename: strings.TrimPrefix(name, "data/")})
		if err != nil {
			return fmt.Errorf("demo: %s: %w", name, err)
		}
	}
	for _, l := range demoPracticeLinks {
		var id int64
		err := a.Store.Write(ctx, func(tx *store.Tx) error {
			p, err := tx.PracticeByExternalID(l.practice)
			id = p.ID
			return err
		})
		if errors.Is(err, km.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if err := a.LinkPractice(ctx, app.System, l.competition, l.participant, id); err != nil {
			return fmt.Errorf("demo: link %s to %s: %w", l.practice, l.competition, err)
		}
	}
	return nil
}
