package seed

import (
	"testing"

	"vitrine/vocab"
)

// TestDemoCodesExist checks every standard code of the demo registries against the published vocabularies, so
// the demo shows a privacy team codes its own tools know.
func TestDemoCodesExist(t *testing.T) {
	for _, spec := range []*brandSpec{maisonSpec(), northwindSpec()} {
		b := spec.brand.Slug
		for _, p := range spec.purposes {
			if p.DPV != "" && !vocab.DPVPurpose(p.DPV) {
				t.Errorf("%s purpose %s: %s is not a %s purpose", b, p.Slug, p.DPV, vocab.DPVPurposes.Version)
			}
			if p.TCFPurpose != 0 && !vocab.TCFPurpose(p.TCFPurpose) {
				t.Errorf("%s purpose %s: %d is not a %s purpose", b, p.Slug, p.TCFPurpose, vocab.TCFPurposes.Version)
			}
			if p.FidesUse != "" && !vocab.FidesDataUse(p.FidesUse) {
				t.Errorf("%s purpose %s: %s is not a data use of %s", b, p.Slug, p.FidesUse, vocab.FidesDataUses.Version)
			}
		}
		for _, c := range spec.categories {
			if c.FidesKey != "" && !vocab.FidesDataCategory(c.FidesKey) {
				t.Errorf("%s category %s: %s is not a data category of %s", b, c.Slug, c.FidesKey, vocab.FidesDataCategories.Version)
			}
			if pd := vocab.PersonalData(c.FidesKey); !vocab.DPVPersonalData.Has(pd) {
				t.Errorf("%s category %s: %s maps to %s, not a term of %s", b, c.Slug, c.FidesKey, pd, vocab.DPVPersonalData.Version)
			}
		}
		if len(spec.purposes) == 0 || len(spec.categories) == 0 {
			t.Errorf("%s: no purposes or categories to check", b)
		}
	}
}
