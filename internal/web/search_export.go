package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"lumbung/internal/app"
	"lumbung/internal/i18n"
	"lumbung/internal/store"
)

// exportRows is how many queries of each list the spreadsheet holds.
const exportRows = 500

// searchAnalyticsExport serves a period's search analytics as a
// spreadsheet (the reader's scope, as on the page): the top searches and
// those that found nothing, 500 of each at most, so that the secretariat
// can take the knowledge people looked for and did not find to the
// agencies that hold it.
func (w *Web) searchAnalyticsExport(rw http.ResponseWriter, r *http.Request) {
	actor, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	from, to, msg := analyticsPeriod(r)
	if msg != "" {
		w.errorPage(rw, r, http.StatusBadRequest, msg)
		return
	}
	top, missing, scope, err := w.App.SearchAnalytics(r.Context(), actor, from, to, exportRows)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	lang := i18n.FromRequest(r)
	scopeText := i18n.T(lang, "web.analytics.scope_all")
	if !scope.All {
		names, err := w.scopeNames(r, scope)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		scopeText = i18n.T(lang, "web.analytics.scope_orgs", names)
	}
	last := to.AddDate(0, 0, -1)
	period := from.Format(time.DateOnly) + " – " + last.Format(time.DateOnly)
	var buf bytes.Buffer
	if err := analyticsXLSX(&buf, lang, period, scopeText, top, missing); err != nil {
		w.fail(rw, r, err)
		return
	}
	name := "analitik-pencarian-" + from.Format(time.DateOnly) + "-" + last.Format(time.DateOnly) + ".xlsx"
	downloadHeaders(rw.Header(), name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "private, no-store")
	rw.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	rw.Write(buf.Bytes())
}

// analyticsXLSX writes the two lists as two sheets, each headed by the
// period and the scope, in the reader's language.
func analyticsXLSX(buf *bytes.Buffer, lang, period, scope string, top, missing []store.QueryStat) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	sheets := []struct {
		title string
		head  []any
		rows  []store.QueryStat
		row   func(store.QueryStat) []any
	}{
		{i18n.T(lang, "web.analytics.top"),
			[]any{i18n.T(lang, "web.analytics.query"), i18n.T(lang, "web.analytics.count"), i18n.T(lang, "web.analytics.zero"), i18n.T(lang, "web.analytics.last")},
			top, func(q store.QueryStat) []any {
				return []any{q.Query, q.Count, q.Zero, q.LastSeen.In(wib).Format(time.DateOnly)}
			}},
		{i18n.T(lang, "web.analytics.missing"),
			[]any{i18n.T(lang, "web.analytics.query"), i18n.T(lang, "web.analytics.count"), i18n.T(lang, "web.analytics.last")},
			missing, func(q store.QueryStat) []any {
				return []any{q.Query, q.Count, q.LastSeen.In(wib).Format(time.DateOnly)}
			}},
	}
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.title); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(s.title); err != nil {
			return err
		}
		rows := [][]any{{i18n.T(lang, "web.analytics.heading"), period}, {scope}, {}, s.head}
		for _, q := range s.rows {
			rows = append(rows, s.row(q))
		}
		for n, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, n+1)
			if err := f.SetSheetRow(s.title, cell, &row); err != nil {
				return err
			}
		}
		if err := f.SetRowStyle(s.title, 4, 4, bold); err != nil {
			return err
		}
		if err := f.SetColWidth(s.title, "A", "A", 48); err != nil {
			return err
		}
	}
	return f.Write(buf)
}

// scopeNames names the organisations of a partial analytics scope.
func (w *Web) scopeNames(r *http.Request, scope app.AnalyticsScope) (string, error) {
	labels, err := w.orgLabels(r)
	if err != nil {
		return "", err
	}
	names := make([]string, 0, len(scope.Orgs))
	for _, g := range scope.Orgs {
		names = append(names, labels[g.OrgCode])
	}
	return strings.Join(names, ", "), nil
}
