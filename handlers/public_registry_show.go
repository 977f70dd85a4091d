package handlers

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/vocab"
)

type publicSystem struct {
	ID                string            `json:"@id"`
	Type              []string          `json:"@type"`
	Slug              string            `json:"slug"`
	Name              map[string]string `json:"name"` // by locale, like every text
	Vendor            string            `json:"vendor,omitempty"`
	Deployment        string            `json:"deployment"`
	LearnsFromData    bool              `json:"learns_from_customer_data"`
	RiskLevel         string            `json:"eu_ai_act_risk_level"`
	AutomatedDecision bool              `json:"automated_decision_art22"`
	Retention         string            `json:"retention,omitempty"`
	Status            string            `json:"status"`
	DocURL            string            `json:"documentation,omitempty"`
	Description       map[string]string `json:"description"`
	HowItWorks        map[string]string `json:"how_it_works"`
	HumanReview       map[string]string `json:"human_review,omitempty"`
	Purposes          []string          `json:"serves_purposes"`   // the registered purposes it has used data for
	Processing        []string          `json:"dpv:hasProcessing"` // dpv:Use, and ai:ModelTraining when it learns
}

type publicPurpose struct {
	ID          string            `json:"@id"`
	Type        string            `json:"@type"`
	Slug        string            `json:"slug"`
	Name        map[string]string `json:"name"`
	Explanation map[string]string `json:"explanation"`
	LegalBasis  string            `json:"legal_basis"`
	DPVBasis    string            `json:"dpv:hasLegalBasis"`
	GDPRBasis   string            `json:"gdpr_legal_basis,omitempty"`
	DPVPurpose  string            `json:"dpv:hasPurpose,omitempty"`
	Processing  []string          `json:"dpv:hasProcessing"`
	TCFPurpose  int               `json:"tcf_purpose,omitempty"`
	FidesUse    string            `json:"fideslang_data_use,omitempty"`
	CanRefuse   bool              `json:"customer_can_refuse"`
	IsTraining  bool              `json:"trains_models"`
}

type publicCategory struct {
	ID        string            `json:"@id"`
	Type      string            `json:"@type"` // dpv:PersonalData, or dpv:SpecialCategoryPersonalData (GDPR Art. 9)
	Slug      string            `json:"slug"`
	Name      map[string]string `json:"name"`
	Sensitive bool              `json:"sensitive_art9"`
	DPV       string            `json:"dpv:hasPersonalData"` // the DPV pd term of its fideslang key
	Fideslang string            `json:"fideslang_category,omitempty"`
}

type publicRegistry struct {
	Context        map[string]any   `json:"@context"`
	ID             string           `json:"@id"`
	Type           string           `json:"@type"`
	Brand          string           `json:"brand"`
	Name           string           `json:"name"`
	GeneratedAt    time.Time        `json:"generated_at"`
	Systems        []publicSystem   `json:"systems"`
	Purposes       []publicPurpose  `json:"purposes"`
	DataCategories []publicCategory `json:"data_categories"`
}

// publicRegistryShow publishes the brand's registered AI systems, purposes and data categories as JSON-LD in W3C
// DPV terms (see ldContext), at a stable public URL, for AI agents and auditors: each system links to the purposes
// it has served, each purpose to its legal basis and DPV purpose, each kind of data to its DPV category. It holds
// no customer data.
func (s *Server) publicRegistryShow(c echo.Context) error {
	ctx := c.Request().Context()
	b, err := s.DB.BrandBySlug(ctx, c.Param("slug"))
	if errors.Is(err, store.ErrNotFound) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	reg, err := s.DB.Registry(ctx, b.ID)
	if err != nil {
		return err
	}
	pairs, err := s.DB.SystemPurposePairs(ctx, b.ID)
	if err != nil {
		return err
	}
	iri := registryIRI(s.BaseURL, b.Slug)
	out := publicRegistry{Context: ldContext(s.BaseURL), ID: iri, Type: "vitrine:Registry", Brand: b.Slug, Name: b.Name,
		GeneratedAt: s.now().UTC().Truncate(time.Second), Systems: []publicSystem{}, Purposes: []publicPurpose{}, DataCategories: []publicCategory{}}
	for _, sys := range reg.SystemOrder {
		if !sys.Registered {
			continue
		}
		p := publicSystem{ID: systemIRI(iri, sys.Slug), Type: []string{aiSystemType}, Slug: sys.Slug, Name: map[string]string{}, Vendor: sys.Vendor,
			Deployment: sys.Deployment, LearnsFromData: sys.Learns, RiskLevel: sys.RiskLevel, AutomatedDecision: sys.AutomatedDecision,
			Retention: sys.Retention, Status: sys.Status, DocURL: safeDocURL(sys.DocURL), Description: map[string]string{},
			HowItWorks: map[string]string{}, Purposes: []string{}, Processing: purposeProcessing(false)}
		if sys.Learns {
			p.Processing = append(p.Processing, aiTraining)
		}
		for _, id := range pairs[sys.ID] {
			if pur := reg.Purposes[id]; pur != nil && pur.Registered {
				p.Purposes = append(p.Purposes, purposeIRI(iri, pur.Slug))
			}
		}
		for l, t := range sys.Texts {
			if t.Name != "" {
				p.Name[l] = t.Name
			}
		}
		if p.Name[b.DefaultLocale] == "" { // the default name is in the brand's language
			p.Name[b.DefaultLocale] = sys.Name
		}
		for l, t := range sys.Texts {
			p.Description[l], p.HowItWorks[l] = t.What, t.How
			if t.HumanReview != "" {
				if p.HumanReview == nil {
					p.HumanReview = map[string]string{}
				}
				p.HumanReview[l] = t.HumanReview
			}
		}
		out.Systems = append(out.Systems, p)
	}
	for _, pur := range reg.PurposeOrder {
		if !pur.Registered {
			continue
		}
		p := publicPurpose{ID: purposeIRI(iri, pur.Slug), Type: "dpv:Purpose", Slug: pur.Slug, Name: map[string]string{},
			Explanation: map[string]string{}, LegalBasis: pur.LegalBasis, DPVBasis: dpvLegalBasis[pur.LegalBasis],
			GDPRBasis: gdprLegalBasis[pur.LegalBasis], DPVPurpose: pur.DPV, Processing: purposeProcessing(pur.IsTraining),
			TCFPurpose: pur.TCFPurpose, FidesUse: pur.FidesUse, CanRefuse: refusable(pur), IsTraining: pur.IsTraining}
		for l, t := range pur.Texts {
			p.Name[l], p.Explanation[l] = t.Name, t.Explanation
		}
		out.Purposes = append(out.Purposes, p)
	}
	for _, id := range reg.CategoryOrderIDs {
		d := reg.Categories[id]
		if !d.Registered {
			continue
		}
		p := publicCategory{ID: categoryIRI(iri, d.Slug), Type: categoryType(d.Sensitive), Slug: d.Slug, Name: map[string]string{},
			Sensitive: d.Sensitive, DPV: vocab.PersonalData(d.FidesKey), Fideslang: d.FidesKey}
		for l, t := range d.Texts {
			p.Name[l] = t.Name
		}
		out.DataCategories = append(out.DataCategories, p)
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	c.Response().Header().Set("Access-Control-Allow-Origin", "*")
	return c.JSONPretty(http.StatusOK, out, "  ")
}
