package handlers

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"vitrine/seed"
	"vitrine/store"
)

// describeCreditLimit gives northwind's credit-limit system how it decides and one described factor, as the
// registry file would, and returns the brand.
func describeCreditLimit(t *testing.T, s *Server) store.Brand {
	t.Helper()
	ctx := context.Background()
	b, err := s.DB.BrandBySlug(ctx, seed.BrandNorthwind)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := s.DB.Registry(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	sys := *reg.SystemBySlug["credit-limit"]
	en, fr := sys.Texts["en"], sys.Texts["fr"]
	en.Decides, fr.Decides = "We add up points for your income and for payments made on time.", "Nous ajoutons des points pour vos revenus et vos paiements à temps."
	sys.Texts = map[string]store.SystemText{"en": en, "fr": fr}
	sys.Counterfactuals = true
	sys.Factors = []store.DecisionFactor{{Key: "income", DataCategory: "user.financial", Registered: true,
		Labels: map[string]string{"en": "Your regular income", "fr": "Vos revenus réguliers"}}}
	if _, err := s.DB.SaveSystem(ctx, sys); err != nil {
		t.Fatal(err)
	}
	return b
}

// decisions sends n decision events of system, the first `explained` of them with the factors that counted
// (one of which, late_payments, the registry does not describe).
func decisions(t *testing.T, s *Server, b store.Brand, system, prefix string, n, explained int) {
	t.Helper()
	var evs []store.EventInput
	for i := 0; i < n; i++ {
		e := store.EventInput{ID: prefix + string(rune('a'+i)), Customer: "C-explain", System: system, Purpose: "credit-decisions",
			Action: store.ActionDecision, DataCategories: []string{"user.financial"}, OccurredAt: s.now().Add(-1e9), Decision: "limit 1000"}
		if i < explained {
			e.Explanation = &store.Explanation{Factors: []store.Factor{{Key: "income", Direction: store.DirectionRaised},
				{Key: "late_payments", Direction: store.DirectionLowered}}}
		}
		evs = append(evs, e)
	}
	res, err := s.DB.InsertEvents(context.Background(), b.ID, evs)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Status != store.StatusAccepted {
			t.Fatalf("a decision was not accepted: %+v", r)
		}
	}
}

var decidesEnRe = regexp.MustCompile(`(?s)id="f-decides_en"[^>]*>([^<]*)</textarea>`)

func TestAdminSystemFormKeepsHowItDecidesAndLeavesFactorsToTheFile(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	b := describeCreditLimit(t, s)
	decisions(t, s, b, "credit-limit", "form-", 1, 1)
	c := staffSignIn(t, ts, privacyB)
	page := ts.URL + "/admin/systems/credit-limit"
	_, _, body := get(t, c, page, "Accept-Language", "en")
	m := decidesEnRe.FindStringSubmatch(body)
	if m == nil || !strings.Contains(html.UnescapeString(m[1]), "We add up points") {
		t.Fatalf("the form does not show how the system decides")
	}
	factors := body[strings.Index(body, `data-testid="factors"`):]
	for _, want := range []string{"income", "Your regular income", "Income and repayments", "late_payments", "not described yet", "registry file"} {
		if !strings.Contains(factors, want) {
			t.Errorf("the factors on the edit page miss %q", want)
		}
	}
	// Save the form as it shows, with the checkbox of counterfactuals now unticked.
	reg, _ := s.DB.Registry(context.Background(), b.ID)
	sys := reg.SystemBySlug["credit-limit"]
	form := url.Values{"name": {sys.Name}, "deployment": {sys.Deployment}, "risk_level": {sys.RiskLevel}, "status": {sys.Status},
		"automated_decision": {"1"}, "learns": {"1"}, "owner_team": {sys.OwnerTeam}, "do": {"save"}}
	for _, loc := range []string{"en", "fr"} {
		t := sys.Texts[loc]
		form.Set("name_"+loc, t.Name)
		form.Set("what_"+loc, t.What)
		form.Set("how_"+loc, t.How)
		form.Set("human_review_"+loc, t.HumanReview)
	}
	form.Set("decides_en", html.UnescapeString(m[1]))
	form.Set("decides_fr", sys.Texts["fr"].Decides)
	if status, loc, body := staffSubmit(t, c, page, page, form); status != http.StatusSeeOther {
		t.Fatalf("save: status %d to %q; %.300s", status, loc, body)
	}
	reg, _ = s.DB.Registry(context.Background(), b.ID)
	got := reg.SystemBySlug["credit-limit"]
	for _, tc := range []struct {
		what string
		ok   bool
	}{
		{"the English decides text is kept", got.Texts["en"].Decides == "We add up points for your income and for payments made on time."},
		{"the French decides text is kept", got.Texts["fr"].Decides == sys.Texts["fr"].Decides},
		{"the unticked box is saved", !got.Counterfactuals},
		{"the described factor stays described", got.Factor("income") != nil && got.Factor("income").Registered &&
			got.Factor("income").Labels["fr"] == "Vos revenus réguliers"},
		{"the factor seen in events stays undescribed", got.Factor("late_payments") != nil && !got.Factor("late_payments").Registered},
	} {
		if !tc.ok {
			t.Errorf("after a form save, %s is not true: %+v", tc.what, got)
		}
	}
}

func TestAdminOverviewShowsDecisionsSentWithWhatCounted(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	b := describeCreditLimit(t, s)
	// A deciding system new to the registry, so its figures are only the decisions sent here.
	if _, err := s.DB.SaveSystem(context.Background(), store.AISystem{BrandID: b.ID, Slug: "overdraft", Name: "Overdraft decisions",
		Deployment: store.DeployInHouse, RiskLevel: "high", AutomatedDecision: true, Status: "active", Registered: true,
		Texts: map[string]store.SystemText{"en": {What: "Decides your overdraft.", How: "It adds points."}}}); err != nil {
		t.Fatal(err)
	}
	decisions(t, s, b, "overdraft", "ov-", 2, 1)
	c := staffSignIn(t, ts, privacyB)
	for _, tc := range []struct{ lang, want string }{{"en", "1 of 2 (50%)"}, {"fr", "1 sur 2 (50\u00a0%)"}} {
		_, _, body := get(t, c, ts.URL+"/admin", "Accept-Language", tc.lang)
		i := strings.Index(body, `data-testid="decision-coverage"`)
		if i < 0 {
			t.Fatalf("%s: the overview has no decision coverage", tc.lang)
		}
		section := html.UnescapeString(body[i:])
		if !strings.Contains(section, tc.want) {
			t.Errorf("%s: the decision coverage does not say %q: %.600s", tc.lang, tc.want, section)
		}
		if !strings.Contains(section, "Overdraft decisions") || !strings.Contains(section, `href="/admin/systems/overdraft"`) {
			t.Errorf("%s: the figure does not name and link its system", tc.lang)
		}
	}
}

func TestAdminCoverageShowsDecisionGaps(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	b := describeCreditLimit(t, s)
	ctx := context.Background()
	reg, _ := s.DB.Registry(ctx, b.ID)
	sys := *reg.SystemBySlug["credit-limit"]
	fr := sys.Texts["fr"]
	fr.Decides = ""
	sys.Texts["fr"] = fr
	sys.Factors = nil
	if _, err := s.DB.SaveSystem(ctx, sys); err != nil {
		t.Fatal(err)
	}
	decisions(t, s, b, "credit-limit", "gap-", 3, 1)
	c := staffSignIn(t, ts, privacyB)
	_, _, body := get(t, c, ts.URL+"/admin/coverage", "Accept-Language", "en")
	body = html.UnescapeString(body)
	for _, tc := range []struct{ name, want string }{
		{"decisions without factors", "decisions of Credit limit decisions came without what counted: customers are told the brand did not say"},
		{"a factor only events name", "Factor late_payments of Credit limit decisions is sent in events but not described"},
		{"no decides text in French", `data-testid="gap-no_decides"`},
	} {
		if !strings.Contains(body, tc.want) {
			t.Errorf("%s: coverage does not say %q", tc.name, tc.want)
		}
	}
	if strings.Contains(body, "Factor income of") {
		t.Error("a described factor is listed as a gap")
	}
}
