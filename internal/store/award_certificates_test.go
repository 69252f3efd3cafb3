package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"lumbung/internal/award"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

func TestAwardCertificatesStore(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Second)
	var ed award.Edition
	var entry award.Entry
	err := f.s.Write(ctx, func(tx *store.Tx) error {
		ed = award.Edition{Code: "kma", Name: "KM Award", Year: 2025, OrganiserID: f.root.ID, SubmissionDeadline: now,
			AnnouncementAt: now.Add(time.Hour), Method: award.MethodZScore}
		if err := tx.CreateEdition(&ed); err != nil {
			return err
		}
		entry = award.Entry{EditionID: ed.ID, Code: "E1", OrgID: f.a.ID, Title: "Entri satu"}
		return tx.CreateEntry(&entry)
	})
	if err != nil {
		t.Fatal(err)
	}
	// Settings start empty and round-trip.
	if es, err := f.s.EditionSettings(ctx, ed.ID); err != nil || es != (store.EditionSettings{}) {
		t.Fatalf("new edition settings: %+v, %v", es, err)
	}
	want := store.EditionSettings{Description: "Deskripsi", ParticipantCertificates: true, Place: "Jakarta",
		SignatoryName: "Dra. Siti Aminah, M.Si.", SignatoryTitle: "Kepala Biro Organisasi", SignatoryNIP: "197001011995032001"}
	err = f.s.Write(ctx, func(tx *store.Tx) error {
		if err := tx.SetEditionLogo(ed.ID, strings.Repeat("ab", 32), "image/png"); err != nil {
			return err
		}
		// The settings leave the logo alone.
		if err := tx.SetEditionSettings(ed.ID, want); err != nil {
			return err
		}
		return tx.CreateCertificate(&store.Certificate{Code: "KMA-AAAAA-BBBBB", EntryID: entry.ID, Kind: store.CertificateWinner, Rank: 1, IssuedAt: now})
	})
	if err != nil {
		t.Fatal(err)
	}
	want.LogoSHA256, want.LogoMIME = strings.Repeat("ab", 32), "image/png"
	if es, err := f.s.EditionSettings(ctx, ed.ID); err != nil || es != want {
		t.Errorf("settings: got %+v, %v; want %+v", es, err, want)
	}
	c, err := f.s.CertificateByCode(ctx, "KMA-AAAAA-BBBBB")
	if err != nil {
		t.Fatal(err)
	}
	if c.EntryCode != "E1" || c.OrgName != "Dinas A" || c.EditionName != "KM Award" || c.EditionYear != 2025 || c.Rank != 1 || !c.IssuedAt.Equal(now) {
		t.Errorf("certificate: %+v", c)
	}
	// One certificate per entry and kind; unknown codes are not found.
	err = f.s.Write(ctx, func(tx *store.Tx) error {
		return tx.CreateCertificate(&store.Certificate{Code: "KMA-CCCCC-DDDDD", EntryID: entry.ID, Kind: store.CertificateWinner, IssuedAt: now})
	})
	if !errors.Is(err, km.ErrConflict) {
		t.Errorf("second winner certificate for the entry: %v, want ErrConflict", err)
	}
	if _, err := f.s.CertificateByCode(ctx, "KMA-NOPE"); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("unknown code: %v, want ErrNotFound", err)
	}
	if cs, err := f.s.Certificates(ctx, ed.ID); err != nil || len(cs) != 1 {
		t.Errorf("certificates: %d, %v", len(cs), err)
	}
}
