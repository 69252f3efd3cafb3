package app

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"time"

	"lumbung/internal/brief"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
)

// PracticeURL is the absolute address of a practice's page, built from
// the configured BaseURL, never from an address a request named.
func (a *App) PracticeURL(id int64) string {
	return a.BaseURL + "/practices/" + strconv.FormatInt(id, 10)
}

// PracticeBrief draws the one-page PDF brief of practice id in lang ("id"
// or "en") for an actor who may read the practice (Practice decides, as
// for its page), with the practice's address as text and QR code.
func (a *App) PracticeBrief(ctx context.Context, actor Actor, id int64, lang string) ([]byte, km.Practice, error) {
	p, err := a.Practice(ctx, actor, id)
	if err != nil {
		return nil, p, err
	}
	d := briefDoc(p, lang, a.PracticeURL(p.ID), time.Now())
	if a.AdopterCount != nil {
		n, err := a.AdopterCount(ctx, p.ID)
		if err != nil {
			return nil, p, fmt.Errorf("adopters of practice %d: %w", p.ID, err)
		}
		d.Adopters, d.HasAdopters = n, true
	}
	var buf bytes.Buffer
	if err := a.Briefs.Write(&buf, d); err != nil {
		return nil, p, fmt.Errorf("brief of practice %d: %w", p.ID, err)
	}
	return buf.Bytes(), p, nil
}

// briefDoc is what the brief of p shows, in lang, pointing at url and
// dated now: numbers written as the practice page writes them, the
// change and its percentage as km.Metric computes them.
func briefDoc(p km.Practice, lang, url string, now time.Time) brief.Doc {
	d := brief.Doc{
		Lang: lang, Title: p.Title, Kind: p.Kind, Status: p.Status, Demo: p.Demo, Agency: p.OrgName,
		Summary: p.Summary, Lessons: p.Lessons, Replication: p.Replication, URL: url,
	}
	now = now.In(wib)
	if lang == "en" {
		d.Printed = now.Format("2 January 2006")
	} else {
		d.Printed = IndonesianDate(now)
	}
	for _, m := range p.Metrics {
		bm := brief.Metric{Indicator: m.Indicator, Unit: m.Unit, Baseline: i18n.Number(lang, m.Baseline),
			Value: i18n.Number(lang, m.Value), Change: i18n.Signed(lang, m.Change())}
		if pct, ok := m.Percent(); ok {
			bm.Percent = i18n.Percent(lang, pct)
		}
		d.Metrics = append(d.Metrics, bm)
	}
	return d
}
