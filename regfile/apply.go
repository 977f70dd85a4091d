package regfile

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"vitrine/store"
)

// Step is one change an apply would make.
type Step struct {
	Entity string // system | purpose | category
	Slug   string
	Change string   // create | update
	Fields []string // the fields that differ, for an update
}

func (s Step) String() string {
	if s.Change == "create" {
		return fmt.Sprintf("+ %s %s (new)", s.Entity, s.Slug)
	}
	return fmt.Sprintf("~ %s %s: %s", s.Entity, s.Slug, strings.Join(s.Fields, ", "))
}

// Plan compares the file with the brand's registry and lists what applying it would change. Entries the file
// does not mention are left as they are: retiring is said explicitly with status: retired, never by omission.
func Plan(reg *store.Registry, f File) []Step {
	cur := Export("", reg)
	var steps []Step
	sysBy := map[string]System{}
	for _, s := range cur.Systems {
		sysBy[s.Slug] = s
	}
	for _, s := range f.Systems {
		old, ok := sysBy[s.Slug]
		if !ok {
			steps = append(steps, Step{"system", s.Slug, "create", nil})
			continue
		}
		if d := diffFields(old, s); len(d) > 0 {
			steps = append(steps, Step{"system", s.Slug, "update", d})
		}
	}
	purBy := map[string]Purpose{}
	for _, p := range cur.Purposes {
		purBy[p.Slug] = p
	}
	for _, p := range f.Purposes {
		old, ok := purBy[p.Slug]
		if !ok {
			steps = append(steps, Step{"purpose", p.Slug, "create", nil})
			continue
		}
		if d := diffFields(old, p); len(d) > 0 {
			steps = append(steps, Step{"purpose", p.Slug, "update", d})
		}
	}
	catBy := map[string]Category{}
	for _, c := range cur.DataCategories {
		catBy[c.Slug] = c
	}
	for _, c := range f.DataCategories {
		old, ok := catBy[c.Slug]
		if !ok {
			steps = append(steps, Step{"category", c.Slug, "create", nil})
			continue
		}
		if d := diffFields(old, c); len(d) > 0 {
			steps = append(steps, Step{"category", c.Slug, "update", d})
		}
	}
	return steps
}

// diffFields names the exported fields that differ; texts compare per locale given in the new entry, since an
// apply adds or replaces texts and never deletes a locale.
func diffFields(old, new any) []string {
	ov, nv := reflect.ValueOf(old), reflect.ValueOf(new)
	var out []string
	for i := 0; i < ov.NumField(); i++ {
		f := ov.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Name == "Texts" {
			keys := nv.Field(i).MapKeys()
			sort.Slice(keys, func(a, b int) bool { return keys[a].String() < keys[b].String() })
			for _, k := range keys {
				o := ov.Field(i).MapIndex(k)
				if !o.IsValid() || !reflect.DeepEqual(o.Interface(), nv.Field(i).MapIndex(k).Interface()) {
					out = append(out, "texts."+k.String())
				}
			}
			continue
		}
		if f.Name == "Factors" {
			if !slices.EqualFunc(byKey(ov.Field(i).Interface().([]Factor)), byKey(nv.Field(i).Interface().([]Factor)), sameFactor) {
				out = append(out, "factors")
			}
			continue
		}
		if !reflect.DeepEqual(ov.Field(i).Interface(), nv.Field(i).Interface()) {
			out = append(out, strings.ToLower(f.Name))
		}
	}
	return out
}

// sameFactor compares two factors by what they say, not by the line they were read from.
func sameFactor(a, b Factor) bool {
	return a.Key == b.Key && a.DataCategory == b.DataCategory && maps.Equal(a.Labels, b.Labels)
}

// byKey is a copy of factors in key order, since the order a file lists them in changes nothing.
func byKey(in []Factor) []Factor {
	out := slices.Clone(in)
	slices.SortFunc(out, func(a, b Factor) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// Apply makes the planned changes as actor, each recorded in the registry's change log.
func Apply(ctx context.Context, db *store.DB, brand store.Brand, reg *store.Registry, f File, actor string, now time.Time) ([]Step, error) {
	steps, changes, err := planned(brand, reg, f)
	if err != nil {
		return nil, err
	}
	for _, c := range changes {
		switch e := c.Entry; {
		case e.System != nil:
			_, err = db.SaveSystemAs(ctx, actor, *e.System, c.Create, now)
		case e.Purpose != nil:
			_, err = db.SavePurposeAs(ctx, actor, *e.Purpose, c.Create, now)
		case e.Category != nil:
			_, err = db.SaveCategoryAs(ctx, actor, *e.Category, c.Create, now)
		}
		if err != nil {
			return nil, fmt.Errorf("regfile: %s %s: %w", c.Entry.Entity(), c.Entry.Slug(), err)
		}
	}
	return steps, nil
}

// Propose records each planned change as a proposal by a staff member who may not publish (marketing), with
// their reason: a colleague approves each before customers read it. It returns the steps and the proposals' ids.
func Propose(ctx context.Context, db *store.DB, brand store.Brand, reg *store.Registry, f File, by store.StaffUser, note string) ([]Step, []int64, error) {
	steps, changes, err := planned(brand, reg, f)
	if err != nil {
		return nil, nil, err
	}
	who := by.Signature()
	var ids []int64
	for _, c := range changes {
		// An entry only seen in events is not described yet: proposing to describe it proposes a new entry.
		isNew := c.Create || reg.Entry(c.Entry.Entity(), c.Entry.Slug()) == nil
		id, err := db.ProposeChange(ctx, brand.ID, c.Entry, isNew, note, by.ID, who)
		if err != nil {
			return nil, ids, fmt.Errorf("regfile: propose %s %s: %w", c.Entry.Entity(), c.Entry.Slug(), err)
		}
		ids = append(ids, id)
	}
	return steps, ids, nil
}

// Change is one entry of the file that differs from the registry, as the store saves it.
type Change struct {
	Entry  store.RegistryEntry
	Create bool // the registry has no such entry yet
}

// planned checks the file against the registry and returns the steps and, for each, the entry to save.
func planned(brand store.Brand, reg *store.Registry, f File) ([]Step, []Change, error) {
	if errs := Check(reg, f); len(errs) > 0 {
		return nil, nil, fmt.Errorf("regfile: %w", errs[0])
	}
	steps := Plan(reg, f)
	want := map[string]bool{}
	for _, s := range steps {
		want[s.Entity+":"+s.Slug] = true
	}
	var out []Change
	for _, s := range f.Systems {
		if !want["system:"+s.Slug] {
			continue
		}
		x := store.AISystem{BrandID: brand.ID, Slug: s.Slug, Name: s.Name, Vendor: s.Vendor, Deployment: s.Deployment, Learns: s.Learns,
			RiskLevel: s.RiskLevel, AutomatedDecision: s.AutomatedDecision, Retention: s.Retention, OwnerTeam: s.OwnerTeam, Status: s.Status,
			DocURL: s.DocURL, Texts: map[string]store.SystemText{}, Counterfactuals: s.Counterfactuals,
			// Never nil: the file is the truth, so a factor taken out of it is taken out of the registry.
			Factors: []store.DecisionFactor{}}
		for l, t := range s.Texts {
			x.Texts[l] = store.SystemText{Name: t.Name, What: t.What, How: t.How, HumanReview: t.HumanReview, Decides: t.Decides}
		}
		for _, d := range s.Factors {
			x.Factors = append(x.Factors, store.DecisionFactor{Key: d.Key, DataCategory: d.DataCategory, Labels: d.Labels, Registered: true})
		}
		out = append(out, Change{Entry: store.RegistryEntry{System: &x}, Create: reg.SystemBySlug[s.Slug] == nil})
	}
	for _, p := range f.Purposes {
		if !want["purpose:"+p.Slug] {
			continue
		}
		x := store.Purpose{BrandID: brand.ID, Slug: p.Slug, LegalBasis: p.LegalBasis, Refusable: p.Refusable, IsTraining: p.IsTraining, DPV: p.DPV,
			TCFPurpose: p.TCFPurpose, FidesUse: p.FidesUse, Texts: map[string]store.PurposeText{}}
		for l, t := range p.Texts {
			x.Texts[l] = store.PurposeText{Name: t.Name, Aim: t.Aim, Explanation: t.Explanation}
		}
		out = append(out, Change{Entry: store.RegistryEntry{Purpose: &x}, Create: reg.PurposeBySlug[p.Slug] == nil})
	}
	for _, c := range f.DataCategories {
		if !want["category:"+c.Slug] {
			continue
		}
		x := store.DataCategory{BrandID: brand.ID, Slug: c.Slug, Sensitive: c.Sensitive, FidesKey: c.FidesKey, Texts: map[string]store.CategoryText{}}
		for l, t := range c.Texts {
			x.Texts[l] = store.CategoryText{Name: t.Name, Phrase: t.Phrase, Explanation: t.Explanation}
		}
		out = append(out, Change{Entry: store.RegistryEntry{Category: &x}, Create: reg.CategoryBySlug[c.Slug] == nil})
	}
	return steps, out, nil
}
