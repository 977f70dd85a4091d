package handlers

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/store"
)

type usageSystem struct {
	Slug       string    `json:"slug"`
	Name       string    `json:"name"`
	Count      int       `json:"count"`
	Deployment string    `json:"deployment"`
	Vendor     string    `json:"vendor,omitempty"`
	Learned    bool      `json:"learned_from_customer"`
	Registered bool      `json:"registered"`
	LastUsedAt time.Time `json:"last_used_at"`
}

type usagePurpose struct {
	Slug       string `json:"slug"`
	Name       string `json:"name"`
	Count      int    `json:"count"`
	LegalBasis string `json:"legal_basis"`
	CanRefuse  bool   `json:"can_refuse"`
	DPV        string `json:"dpv,omitempty"`
}

type usageCategory struct {
	Slug      string `json:"slug"`
	Name      string `json:"name"`
	Count     int    `json:"count"`
	Sensitive bool   `json:"sensitive"`
}

type usageTraining struct {
	System       string    `json:"system"`
	ModelVersion string    `json:"model_version"`
	FirstAt      time.Time `json:"first_at"`
	LastAt       time.Time `json:"last_at"`
}

type usageWindow struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

type usageAnswer struct {
	Customer       string          `json:"customer"`
	Brand          string          `json:"brand"`
	Locale         string          `json:"locale"`
	Window         usageWindow     `json:"window"`
	TotalEvents    int             `json:"total_events"`
	Summary        string          `json:"summary"`
	Systems        []usageSystem   `json:"systems"`
	Purposes       []usagePurpose  `json:"purposes"`
	DataCategories []usageCategory `json:"data_categories"`
	TrainedModels  []usageTraining `json:"trained_models"`
}

// apiUsageShow returns a customer's usage over the last 12 months as JSON, read from the rollups, for the
// brand's backend and for AI agents acting for the brand or the customer.
func (s *Server) apiUsageShow(c echo.Context) error {
	brand := apiBrand(c)
	ctx := c.Request().Context()
	cust, err := s.DB.CustomerByExternalID(ctx, brand.ID, c.Param("external_id"))
	if errors.Is(err, store.ErrNotFound) {
		return apiProblem(http.StatusNotFound, "No customer of your brand has this id.")
	}
	if err != nil {
		return err
	}
	locale, ok := plain.Negotiate(c.QueryParam("lang"), cust.Locale, brand.DefaultLocale)
	if !ok {
		locale = "en"
	}
	reg, err := s.DB.Registry(ctx, brand.ID)
	if err != nil {
		return err
	}
	l := plain.New(locale, brand.Location())
	now := s.now()
	since := windowStart(now)
	usage, err := s.DB.UsageBySystem(ctx, cust.BrandID, cust.ID, since)
	if err != nil {
		return err
	}
	cats, err := s.DB.UsageByCategory(ctx, cust.BrandID, cust.ID, since, 0)
	if err != nil {
		return err
	}
	trained, err := s.DB.TrainedOn(ctx, cust.BrandID, cust.ID, 0)
	if err != nil {
		return err
	}
	ans := usageAnswer{Customer: cust.ExternalID, Brand: brand.Slug, Locale: locale, Window: usageWindow{From: since, To: now.UTC().Truncate(time.Second)},
		Systems: []usageSystem{}, Purposes: []usagePurpose{}, DataCategories: []usageCategory{}, TrainedModels: []usageTraining{}}
	purposeCounts := map[int64]int{}
	var purposeOrder []int64
	learned := 0
	for _, u := range usage {
		sys := reg.Systems[u.SystemID]
		if sys == nil {
			continue
		}
		ans.TotalEvents += u.Count
		if u.Trained > 0 {
			learned++
		}
		ans.Systems = append(ans.Systems, usageSystem{Slug: sys.Slug, Name: plain.Capitalize(systemName(l, sys, brand)), Count: u.Count, Deployment: sys.Deployment,
			Vendor: sys.Vendor, Learned: u.Trained > 0, Registered: sys.Registered, LastUsedAt: u.LastAt})
		for pid, n := range u.Purposes {
			if _, seen := purposeCounts[pid]; !seen {
				purposeOrder = append(purposeOrder, pid)
			}
			purposeCounts[pid] += n
		}
	}
	sortByCount(purposeOrder, purposeCounts)
	for _, pid := range purposeOrder {
		p := reg.Purposes[pid]
		if p == nil {
			continue
		}
		ans.Purposes = append(ans.Purposes, usagePurpose{Slug: p.Slug, Name: orSlug(p.Text(locale, brand.DefaultLocale).Name, p.Slug),
			Count: purposeCounts[pid], LegalBasis: p.LegalBasis, CanRefuse: refusable(p), DPV: p.DPV})
	}
	for _, ct := range cats {
		d := reg.Categories[ct.ID]
		if d == nil {
			continue
		}
		ans.DataCategories = append(ans.DataCategories, usageCategory{Slug: d.Slug, Name: orSlug(d.Text(locale, brand.DefaultLocale).Name, d.Slug),
			Count: ct.N, Sensitive: d.Sensitive})
	}
	for _, t := range trained {
		if sys := reg.Systems[t.SystemID]; sys != nil {
			ans.TrainedModels = append(ans.TrainedModels, usageTraining{System: sys.Slug, ModelVersion: t.ModelVersion, FirstAt: t.FirstAt, LastAt: t.LastAt})
		}
	}
	if err := s.recordAgentReads(c, brand, []string{cust.ExternalID}, agentReadsUsage); err != nil {
		return err
	}
	ans.Summary = plain.New(locale, brand.Location()).Summary(plain.SummaryFacts{Months: windowMonths, Systems: len(ans.Systems),
		Events: ans.TotalEvents, Purposes: len(ans.Purposes), Learned: learned, BrandName: brand.Name})
	return c.JSON(http.StatusOK, ans)
}

func orSlug(name, slug string) string {
	if name == "" {
		return slug
	}
	return name
}
