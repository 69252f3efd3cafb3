package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"lumbung/internal/app"
)

// TestAwardConsoleWarnsOfSplitJury: manual assignments that leave a round's
// jurors in two groups sharing no entries bring a warning, in the reader's
// language and naming each group's jurors, to the secretariat's console
// only; an assignment that joins the groups takes it away.
func TestAwardConsoleWarnsOfSplitJury(t *testing.T) {
	f := newAwardFixture(t, false, false)
	const (
		warnID = "Juri terbagi menjadi 2 kelompok yang tidak saling berbagi entri"
		warnEN = "The jury is split into 2 groups that share no entries"
	)
	sec := f.site.client(t)
	sec.login("sekretariat@root.go.id", "rahasia-sekali")
	// The imported desk round is connected.
	res := sec.get("/award/kma/console/jury?round=desk")
	wantStatus(t, res, http.StatusOK)
	notBody(t, res, warnID)

	if _, err := f.site.App.SaveRound(context.Background(), f.secretariat, "kma", "",
		app.RoundInput{Code: "field", Name: "Verifikasi lapangan", Kind: "field", Order: 2, Advance: 1, Weight: 1}); err != nil {
		t.Fatal(err)
	}
	// J1 on E1 and J3 on E2 only; J2 has nothing in the round and splits
	// nothing.
	for _, p := range [][2]string{{"j1@univ.ac.id", "E1"}, {"j3@lan.go.id", "E2"}} {
		res := sec.post("/award/kma/console/assign", url.Values{"round": {"field"}, "juror": {p[0]}, "entry": {p[1]}})
		wantStatus(t, res, http.StatusSeeOther)
	}
	res = sec.get("/award/kma/console/jury?round=field")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `role="alert"`, "Juri tidak dapat dibandingkan", warnID, "Tambahkan penugasan yang menghubungkan kelompok",
		"<li>j1@univ.ac.id · entri: E1</li>", "<li>J3 <span class=\"code\">j3@lan.go.id</span> · entri: E2</li>")
	notBody(t, res, "j2@c.go.id · entri")
	req, _ := http.NewRequest(http.MethodGet, f.site.URL+"/award/kma/console/jury?round=field", nil)
	req.Header.Set("Accept-Language", "en")
	res = sec.do(req)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `role="alert"`, "Jurors cannot be compared", warnEN, "Add assignments that connect the groups", "j1@univ.ac.id", "j3@lan.go.id")
	// The other round's view does not carry it.
	notBody(t, sec.get("/award/kma/console/jury?round=desk"), warnID)
	// Nobody else sees the console, let alone the warning.
	for _, c := range []*client{f.entrant, f.juror1, f.outsider} {
		res := c.get("/award/kma/console/jury?round=field")
		wantStatus(t, res, http.StatusForbidden)
		notBody(t, res, warnID)
	}

	// J1 on E2 too joins the groups.
	res = sec.post("/award/kma/console/assign", url.Values{"round": {"field"}, "juror": {"j1@univ.ac.id"}, "entry": {"E2"}})
	wantStatus(t, res, http.StatusSeeOther)
	res = sec.get("/award/kma/console/jury?round=field")
	wantStatus(t, res, http.StatusOK)
	notBody(t, res, warnID, `role="alert"`)
}
