package store

import (
	"context"
	"testing"
	"time"
)

func TestCoverageFindsWhatDecisionsDoNotExplain(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.db.SaveSystem(ctx, AISystem{BrandID: f.brand.ID, Slug: "credit", Name: "Credit limit decisions", Deployment: DeployInHouse,
		AutomatedDecision: true, Registered: true, OwnerTeam: "Credit",
		Texts: map[string]SystemText{
			"en": {What: "Decides.", How: "Rules.", HumanReview: "Call us.", Decides: "We add points."},
			"fr": {What: "Décide.", How: "Des règles.", HumanReview: "Appelez-nous."},
		},
		Factors: []DecisionFactor{{Key: "income", Labels: map[string]string{"en": "Income", "fr": "Revenus"}}}}); err != nil {
		t.Fatal(err)
	}
	at := f.db.Now().Add(-time.Hour)
	explained := ev("d-1", "C-1", "credit", ActionDecision, at)
	explained.System = "credit"
	explained.Explanation = &Explanation{Factors: []Factor{{Key: "income", Direction: DirectionRaised}, {Key: "late_payments", Direction: DirectionLowered}}}
	bare := []EventInput{ev("d-2", "C-1", "credit", ActionDecision, at), ev("d-3", "C-2", "credit", ActionDecision, at)}
	bare[0].System, bare[1].System = "credit", "credit"
	if _, err := f.db.InsertEvents(ctx, f.brand.ID, append([]EventInput{explained}, bare...)); err != nil {
		t.Fatal(err)
	}
	gaps, err := f.db.Coverage(ctx, f.brand.ID, []string{"en", "fr"})
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ kind, slug, locale, factor string }
	got := map[key]Gap{}
	for _, g := range gaps {
		got[key{g.Kind, g.Slug, g.Locale, g.Factor}] = g
	}
	for _, tc := range []struct {
		name string
		want key
		uses int
		gone bool
	}{
		{"decisions without factors, counted", key{GapDecisionUnexplained, "credit", "", ""}, 2, false},
		{"no decides text in French", key{GapNoDecides, "credit", "fr", ""}, 0, false},
		{"a decides text in English is no gap", key{GapNoDecides, "credit", "en", ""}, 0, true},
		{"a factor only events named", key{GapUnregisteredFactor, "credit", "", "late_payments"}, 0, false},
		{"a described factor is no gap", key{GapUnregisteredFactor, "credit", "", "income"}, 0, true},
		{"a system that does not decide has no decides gap", key{GapNoDecides, "recommender", "fr", ""}, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, ok := got[tc.want]
			if ok == tc.gone {
				t.Fatalf("gap %+v present = %v, want %v (gaps %+v)", tc.want, ok, !tc.gone, gaps)
			}
			if ok && tc.want.kind == GapDecisionUnexplained && g.Uses != tc.uses {
				t.Errorf("uses = %d, want %d", g.Uses, tc.uses)
			}
		})
	}
}
