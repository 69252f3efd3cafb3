package app_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// announce moves the test edition's announcement into the past and sets
// how many win.
func announce(t *testing.T, e *awardEnv, winners int, participants bool) {
	t.Helper()
	err := e.a.Store.Write(context.Background(), func(tx *store.Tx) error {
		ed, err := tx.EditionByCode("kma")
		if err != nil {
			return err
		}
		ed.AnnouncementAt, ed.ObjectionUntil, ed.Winners = time.Now().Add(-time.Minute), time.Now().Add(time.Hour), winners
		if err := tx.UpdateEditionSchedule(&ed); err != nil {
			return err
		}
		return tx.SetEditionSettings(ed.ID, store.EditionSettings{ParticipantCertificates: participants})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAwardCertificates(t *testing.T) {
	e := newAwardEnv(t)
	ctx := context.Background()
	// Before the announcement: nothing to issue, nothing to verify.
	if err := e.a.PublishResults(ctx, e.secretariat, "kma"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.IssueCertificates(ctx, e.secretariat, "kma"); !errors.Is(err, app.ErrResultsNotVisible) || !errors.Is(err, km.ErrConflict) {
		t.Errorf("issue before the announcement: %v, want ErrResultsNotVisible (409)", err)
	}
	announce(t, e, 2, false)
	if _, err := e.a.IssueCertificates(ctx, e.admin, "kma"); !errors.Is(err, km.ErrForbidden) {
		t.Errorf("admin issues: %v, want ErrForbidden", err)
	}
	// Finalising issues the winners' certificates.
	if err := e.a.FinaliseResults(ctx, e.secretariat, "kma"); err != nil {
		t.Fatal(err)
	}
	all, err := e.a.AwardCertificates(ctx, e.secretariat, "kma")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 {
		t.Fatalf("got %d certificates after finalising, want 2 winners", len(all))
	}
	res, err := e.a.AwardResults(ctx, e.secretariat, "kma", "", "")
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range all {
		if c.Kind != store.CertificateWinner || c.Rank != i+1 || c.EntryCode != res.Entries[i].Entry {
			t.Errorf("certificate %d: %s %s rank %d, want winner %s rank %d", i, c.Kind, c.EntryCode, c.Rank, res.Entries[i].Entry, i+1)
		}
	}
	// Issuing again adds only what is missing: participants, once configured.
	if got, err := e.a.IssueCertificates(ctx, e.secretariat, "kma"); err != nil || len(got) != 0 {
		t.Errorf("second issue: %d new, %v; want 0", len(got), err)
	}
	announce(t, e, 2, true)
	if got, err := e.a.IssueCertificates(ctx, e.secretariat, "kma"); err != nil || len(got) != 4 {
		t.Errorf("participants: %d new, %v; want 4", len(got), err)
	}
	events, err := e.a.Store.AuditEvents(ctx, km.AuditFilter{Action: "award.certificate.issue", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 6 {
		t.Errorf("got %d award.certificate.issue events, want 6", len(events))
	}
	// Verification: public, case-insensitive; unknown codes are not found.
	c, err := e.a.VerifyCertificate(ctx, " "+strings.ToLower(all[0].Code)+" ")
	if err != nil || c.EntryCode != all[0].EntryCode || c.EditionName != "KM Award" {
		t.Errorf("verify: %+v, %v", c, err)
	}
	if _, err := e.a.VerifyCertificate(ctx, "KMA-00000-00000"); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("verify unknown: %v", err)
	}
	// Downloads: the entrant its own; after the results are final, anyone
	// a winner's certificate, nobody else's participation certificate.
	mine, err := e.a.AwardCertificates(ctx, e.entrantA, "kma")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range mine {
		if c.OrgCode != "dinas-a" {
			t.Errorf("entrant of dinas-a lists %s's certificate", c.OrgCode)
		}
		pdf, _, err := e.a.CertificatePDF(ctx, e.entrantA, c.Code)
		if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
			t.Errorf("entrant's certificate %s: %v", c.Code, err)
		}
	}
	if len(mine) != 3 {
		t.Errorf("entrant of dinas-a has %d certificates, want 3 (E1, E3, E6)", len(mine))
	}
	all, _ = e.a.AwardCertificates(ctx, e.secretariat, "kma")
	for _, c := range all {
		if c.OrgCode == "dinas-a" {
			continue
		}
		for who, actor := range map[string]app.Actor{"entrant of dinas-a": e.entrantA, "juror": e.juror1, "anonymous": {}} {
			_, _, err := e.a.CertificatePDF(ctx, actor, c.Code)
			switch {
			case c.Kind == store.CertificateWinner && err != nil:
				t.Errorf("%s downloads %s's final winner certificate: %v", who, c.OrgCode, err)
			case c.Kind != store.CertificateWinner && who == "anonymous" && !errors.Is(err, km.ErrUnauthorized):
				t.Errorf("%s downloads %s's participation certificate: %v, want ErrUnauthorized", who, c.OrgCode, err)
			case c.Kind != store.CertificateWinner && who != "anonymous" && !errors.Is(err, km.ErrNotFound):
				t.Errorf("%s downloads %s's participation certificate: %v, want ErrNotFound", who, c.OrgCode, err)
			}
		}
	}
}
