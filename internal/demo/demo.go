// Package demo loads demonstration data: Pemprov DKI Jakarta with its OPD
// and some units, one account for every role, and practices written as
// Indonesian agencies would write them. Everything it creates is flagged as
// demonstration data, and it loads only once per database.
package demo

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"

	"lumbung/internal/app"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

//go:embed data
var data embed.FS

// Password is the password of every demo account (shown on the login page
// when demo data is loaded).
const Password = "lumbung-demo"

// Account is a demo login.
type Account struct {
	Email, Name, Org string
	Role             km.Role
}

// Accounts are the demo users, one per role (coordinators and contributors
// in two agencies, so agency scoping can be tried).
var Accounts = []Account{
	{"admin@demo.lumbung.id", "Admin Lumbung (Demo)", km.RootOrgCode, km.RoleAdmin},
	{"pimpinan@demo.lumbung.id", "Sekretaris Daerah (Demo)", km.RootOrgCode, km.RoleLeader},
	{"sekretariat@demo.lumbung.id", "Sekretariat KM Award (Demo)", "bpsdm", km.RoleSecretariat},
	{"juri@demo.lumbung.id", "Juri Eksternal (Demo)", km.RootOrgCode, km.RoleJuror},
	{"koordinator.pasar@demo.lumbung.id", "Koordinator KM Pasar Jaya (Demo)", "pasarjaya", km.RoleCoordinator},
	{"kontributor.pasar@demo.lumbung.id", "Kontributor Pasar Jaya (Demo)", "pasarjaya", km.RoleContributor},
	{"koordinator.dinkes@demo.lumbung.id", "Koordinator KM Dinkes (Demo)", "dinkes", km.RoleCoordinator},
	{"kontributor.dinkes@demo.lumbung.id", "Kontributor Dinkes (Demo)", "dinkes", km.RoleContributor},
}

const loadedKey = "demo_loaded"

type orgRecord struct {
	Code      string  `json:"code"`
	Name      string  `json:"name"`
	Short     string  `json:"short"`
	Kind      string  `json:"kind"`
	Parent    *string `json:"parent"`
	Headcount int     `json:"headcount"`
}

// Load adds the demonstration data unless it was loaded before; loaded
// reports whether it did. It refuses a database that already holds real
// organisations besides the root, so demo data never mixes with real data.
func Load(ctx context.Context, a *app.App, progress func(done, total int)) (loaded bool, err error) {
	if _, ok, err := a.Store.Setting(ctx, loadedKey); err != nil || ok {
		return false, err
	}
	existing, err := a.Store.Orgs(ctx)
	if err != nil {
		return false, err
	}
	if len(existing) != 1 || existing[0].Code != km.RootOrgCode {
		return false, errors.New("demo: this database already holds real data; demo data is only loaded into an empty one")
	}
	raw, err := data.ReadFile("data/organisations.json")
	if err != nil {
		return false, err
	}
	var orgs []orgRecord
	if err := json.Unmarshal(raw, &orgs); err != nil {
		return false, fmt.Errorf("demo: organisations.json: %w", err)
	}
	err = a.Store.Write(ctx, func(tx *store.Tx) error {
		ids := map[string]int64{}
		for _, o := range orgs {
			if o.Parent == nil {
				// The root keeps its code, so scripts that name "root" work
				// with or without the demo data.
				if err := tx.RenameRoot(km.RootOrgCode, o.Name, o.Short, km.OrgKind(o.Kind), o.Headcount, true); err != nil {
					return err
				}
				root, err := tx.OrgByCode(km.RootOrgCode)
				if err != nil {
					return err
				}
				ids[o.Code] = root.ID
				continue
			}
			parent, ok := ids[*o.Parent]
			if !ok {
				return fmt.Errorf("demo: organisation %s: parent %s comes later or is missing", o.Code, *o.Parent)
			}
			org := km.Org{Code: o.Code, Name: o.Name, Short: o.Short, Kind: km.OrgKind(o.Kind), ParentID: parent, Headcount: o.Headcount, Demo: true}
			if err := tx.CreateOrg(&org); err != nil {
				return fmt.Errorf("demo: organisation %s: %w", o.Code, err)
			}
			ids[o.Code] = org.ID
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	for _, acc := range Accounts {
		_, err := a.CreateUser(ctx, app.System, app.NewUser{Email: acc.Email, Name: acc.Name, OrgCode: acc.Org, Password: Password, Roles: []km.Role{acc.Role}, Demo: true})
		if err != nil {
			return false, fmt.Errorf("demo: account %s: %w", acc.Email, err)
		}
	}
	practices, err := data.ReadFile("data/practices.jsonl")
	if err != nil {
		return false, err
	}
	practices, err = withVerifiers(practices, orgs)
	if err != nil {
		return false, err
	}
	res, err := a.ImportPractices(ctx, app.System, bytes.NewReader(practices), app.ImportOptions{Demo: true, Progress: progress})
	if err != nil {
		for _, e := range res.Errors {
			err = errors.Join(err, e)
		}
		return false, fmt.Errorf("demo: practices: %w", err)
	}
	if err := loadKPI(ctx, a); err != nil {
		return false, err
	}
	// The award links the practices, so it comes after them.
	if err := loadAward(ctx, a); err != nil {
		return false, err
	}
	return true, a.Store.Write(ctx, func(tx *store.Tx) error { return tx.SetSetting(loadedKey, "1") })
}

// withVerifiers names a verifier on each published demo practice that has
// none: the KM team of its agency, as a coordinator would sign it.
func withVerifiers(jsonl []byte, orgs []orgRecord) ([]byte, error) {
	short := map[string]string{}
	for _, o := range orgs {
		short[o.Code] = o.Short
		if short[o.Code] == "" {
			short[o.Code] = o.Name
		}
	}
	var out bytes.Buffer
	for i, line := range bytes.Split(bytes.TrimSpace(jsonl), []byte("\n")) {
		var rec map[string]any
		if err := json.Unmarshal(line, &rec); err != nil {
			return nil, fmt.Errorf("demo: practices line %d: %w", i+1, err)
		}
		if rec["verifier"] == nil && rec["status"] == "published" {
			org, _ := rec["org"].(string)
			rec["verifier"] = "Tim Verifikasi KM " + short[org]
		}
		b, err := json.Marshal(rec)
		if err != nil {
			return nil, err
		}
		out.Write(b)
		out.WriteByte('\n')
	}
	return out.Bytes(), nil
}
