package handlers

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/vocab"
)

// exportPage is how many events the exports read at a time: a customer with a hundred thousand events is
// streamed page by page along the same index as the activity page, never loaded whole.
const exportPage = 500

type exportPurpose struct {
	ID         string   `json:"@id"`
	Type       string   `json:"@type"`
	Slug       string   `json:"slug"`
	Name       string   `json:"name"`
	LegalBasis string   `json:"legal_basis"`
	DPVBasis   string   `json:"dpv_legal_basis"`
	GDPRBasis  string   `json:"gdpr_legal_basis,omitempty"`
	DPV        string   `json:"dpv_purpose,omitempty"`
	Processing []string `json:"dpv:hasProcessing"` // dpv:Use, or ai:ModelTraining for a training purpose
	TCFPurpose int      `json:"tcf_purpose,omitempty"`
	FidesUse   string   `json:"fideslang_data_use,omitempty"`
	CanRefuse  bool     `json:"can_refuse"`
	Choice     string   `json:"your_choice,omitempty"`
	Status     string   `json:"dpv:hasConsentStatus,omitempty"` // the choice as DPV's consent status, for a purpose on consent
}

type exportCategory struct {
	ID        string `json:"@id"`
	Type      string `json:"@type"` // dpv:PersonalData, or dpv:SpecialCategoryPersonalData (GDPR Art. 9)
	Slug      string `json:"slug"`
	Name      string `json:"name"`
	Sensitive bool   `json:"sensitive"`
	Fideslang string `json:"fideslang_category,omitempty"`
	DPV       string `json:"dpv_category"` // the DPV pd term of its fideslang key
}

type exportSystem struct {
	ID         string        `json:"@id"`
	Type       string        `json:"@type"`
	Slug       string        `json:"slug"`
	Name       string        `json:"name"`
	Vendor     string        `json:"vendor,omitempty"`
	Deployment string        `json:"deployment"`
	Learns     bool          `json:"learns_from_customer_data"`
	RiskLevel  string        `json:"eu_ai_act_risk"`
	Automated  bool          `json:"automated_decisions"`
	Registered bool          `json:"registered"`
	UsedFor    []string      `json:"used_for"`   // the purposes it used the customer's data for
	UsedData   []string      `json:"used_data"`  // the kinds of the customer's data it used
	Processing []string      `json:"processing"` // dpv:Use when it used the data, ai:ModelTraining when it trained on it
	Models     []exportModel `json:"models_trained_on_your_data"`
}

// exportModel is a model version that learned from the customer's data: "learned from", apart from "used".
type exportModel struct {
	Type         string    `json:"@type"`
	ModelVersion string    `json:"model_version"`
	Events       int       `json:"events"`
	FirstAt      time.Time `json:"first_at"`
	LastAt       time.Time `json:"last_at"`
}

type exportConsent struct {
	ForPurpose    string    `json:"for_purpose,omitempty"`
	Status        string    `json:"dpv:hasConsentStatus,omitempty"`
	ReceiptID     string    `json:"receipt_id"`
	At            time.Time `json:"at"`
	Purpose       string    `json:"purpose"`
	State         string    `json:"state"`
	LegalBasis    string    `json:"legal_basis"`
	Method        string    `json:"method"`
	PolicyVersion string    `json:"policy_version"`
}

// dpvLegalBasis maps a legal basis to its W3C DPV term (vocab.LegalBasisDPV, which receipts use too).
var dpvLegalBasis = vocab.LegalBasisDPV

// meExportJSON streams the customer's whole usage and consent history as JSON-LD (see ldContext): each purpose,
// legal basis and category in its DPV term, each system linked to the purposes and the kinds of data it used the
// customer's data for and to the model versions that learned from it, so the customer's own tools (or agents) can
// read it.
func (s *Server) meExportJSON(c echo.Context) error {
	v, err := s.loadCustomerView(c, "")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	current, err := s.DB.Consents(ctx, v.cc.Brand.ID, v.cc.Customer.ID)
	if err != nil {
		return err
	}
	hist, err := s.DB.ConsentHistory(ctx, v.cc.Customer.ID, 0)
	if err != nil {
		return err
	}
	all, err := v.data.AllTime(ctx)
	if err != nil {
		return err
	}
	rights, err := v.data.Rights(ctx)
	if err != nil {
		return err
	}
	now := s.now().UTC().Truncate(time.Second)
	years, err := s.DB.KeptProofYears(ctx, v.cc.Brand.ID)
	if err != nil {
		return err
	}
	exportRights := make([]rightsAPIItem, 0, len(rights))
	for _, r := range rights {
		exportRights = append(exportRights, rightsItem(r, v.cc.Customer.ExternalID, now, years))
	}
	systems, err := v.exportSystems(ctx, all)
	if err != nil {
		return err
	}
	w := c.Response()
	w.Header().Set(echo.HeaderContentType, "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="vitrine-`+v.cc.Brand.Slug+`-my-data.json"`)
	w.WriteHeader(http.StatusOK)
	// The download holds more than the pages show: say what it covers, and what the pages cover, in the file.
	covers := map[string]any{"events": all.Events, "to": now, "pages_window_from": windowStart(now),
		"note": v.l.T("export.covers", v.l.Date(all.FirstAt), v.l.Date(windowStart(now)))}
	if all.Events > 0 {
		covers["from"] = all.FirstAt
	} else {
		covers["note"] = v.l.T("export.covers.none")
	}
	head := map[string]any{
		"@context": ldContext(s.BaseURL), "@type": "vitrine:CustomerExport", "registry": v.registryIRI,
		"covers":       covers,
		"generated_at": now, "brand": map[string]string{"slug": v.cc.Brand.Slug, "name": v.cc.Brand.Name},
		"customer": map[string]string{"@type": dpvCustomer, "external_id": v.cc.Customer.ExternalID, "email": v.cc.Customer.Email, "name": v.cc.Customer.Name},
		"purposes": v.exportPurposes(current, hist), "data_categories": v.exportCategories(), "systems": systems,
		"consent_history": v.exportConsents(hist), "rights_requests": exportRights,
	}
	b, _ := json.Marshal(head)
	// The events are appended by hand (exportEncoder) into a buffer written out every exportFlushAt bytes.
	x := newExportEncoder(v)
	buf := make([]byte, 0, exportFlushAt+4<<10)
	buf = append(buf, b[:len(b)-1]...) // leave the object open for the streamed events
	buf = append(buf, `,"events":[`...)
	first := true
	err = s.eachEvent(c, v, func(e store.Event) error {
		if !first {
			buf = append(buf, ',')
		}
		first = false
		buf = x.appendJSON(buf, e)
		if len(buf) < exportFlushAt {
			return nil
		}
		_, err := w.Write(buf)
		buf = buf[:0]
		return err
	})
	if err == nil {
		_, err = w.Write(append(buf, "]}\n"...))
	}
	if err != nil {
		// The body has started: the truncated file will not parse, which the customer will notice.
		s.Log.ErrorContext(c.Request().Context(), "export json", "err", err)
	}
	return nil
}

// meExportCSV streams the same history as one CSV table for spreadsheets: one row per event and one per
// consent choice, told apart by the first column.
func (s *Server) meExportCSV(c echo.Context) error {
	v, err := s.loadCustomerView(c, "")
	if err != nil {
		return err
	}
	hist, err := s.DB.ConsentHistory(c.Request().Context(), v.cc.Customer.ID, 0)
	if err != nil {
		return err
	}
	w := c.Response()
	w.Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="vitrine-`+v.cc.Brand.Slug+`-my-data.csv"`)
	w.WriteHeader(http.StatusOK)
	cw := newCSVWriter(bufio.NewWriterSize(w, exportFlushAt))
	cw.Write([]string{"record", "id", "time", "system", "purpose", "legal_basis", "action_or_choice", "data_categories", "sentence_or_method", "outcome", "model_version", "consent_violation", "agent_chain"})
	for _, h := range v.exportConsents(hist) {
		cw.Write([]string{"consent", h.ReceiptID, h.At.Format(time.RFC3339), "", h.Purpose, h.LegalBasis, h.State, "", h.Method, "", "", "", ""})
	}
	x := newExportEncoder(v)
	var row []string
	err = s.eachEvent(c, v, func(e store.Event) error {
		row = x.csvRow(row, e)
		return cw.Write(row)
	})
	if ferr := cw.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		s.Log.ErrorContext(c.Request().Context(), "export csv", "err", err)
	}
	return nil
}

// eachEvent walks all the customer's events, newest first, page by page. The next page is read while fn goes
// through the one at hand: reading and writing a page take about as long as each other, and with the two
// side by side a long export takes little more than its reading. At most three pages are held at a time (the
// one at hand, one read ahead, one being read), so memory stays flat however long the history.
func (s *Server) eachEvent(c echo.Context, v *customerView, fn func(store.Event) error) error {
	ctx, cancel := context.WithCancel(c.Request().Context())
	type read struct {
		page store.EventPage
		err  error
	}
	pages := make(chan read, 1)
	go func() {
		defer close(pages)
		var cur store.Cursor
		for {
			page, err := s.DB.ExportEvents(ctx, v.cc.Customer.ID, cur, exportPage)
			select {
			case pages <- read{page, err}:
			case <-ctx.Done():
				return
			}
			if err != nil || page.Next == nil {
				return
			}
			cur = *page.Next
		}
	}()
	defer func() {
		cancel()
		for range pages { // the reader is done with the database before the request ends
		}
	}()
	for r := range pages {
		if r.err != nil {
			return r.err
		}
		for _, e := range r.page.Events {
			if err := fn(e); err != nil {
				return err
			}
		}
	}
	return nil
}

func (v *customerView) exportPurposes(current map[int64]string, hist []store.ConsentChange) []exportPurpose {
	out := []exportPurpose{}
	granted := everGranted(hist)
	for _, p := range v.reg.PurposeOrder {
		e := exportPurpose{ID: purposeIRI(v.registryIRI, p.Slug), Type: "dpv:Purpose", Slug: p.Slug, Name: v.purposeName(p.ID),
			LegalBasis: p.LegalBasis, DPVBasis: dpvLegalBasis[p.LegalBasis], GDPRBasis: gdprLegalBasis[p.LegalBasis], DPV: p.DPV,
			Processing: purposeProcessing(p.IsTraining), TCFPurpose: p.TCFPurpose, FidesUse: p.FidesUse, CanRefuse: refusable(p),
			Choice: current[p.ID]}
		if p.LegalBasis == "consent" {
			e.Status = consentStatus(current[p.ID], granted[p.ID])
		}
		out = append(out, e)
	}
	return out
}

// everGranted tells, by purpose, whether the customer ever gave their consent: a refusal after it is a withdrawal.
func everGranted(hist []store.ConsentChange) map[int64]bool {
	out := map[int64]bool{}
	for _, h := range hist {
		if h.State == store.ConsentGranted {
			out[h.PurposeID] = true
		}
	}
	return out
}

// consentStatus is DPV's consent status of a choice on a purpose on consent: given, refused, or withdrawn when it
// had been given before; "" when the customer has not answered.
func consentStatus(state string, grantedBefore bool) string {
	switch {
	case state == store.ConsentGranted:
		return "dpv:ConsentGiven"
	case state == store.ConsentRefused && grantedBefore:
		return "dpv:ConsentWithdrawn"
	case state == store.ConsentRefused:
		return "dpv:ConsentRefused"
	}
	return ""
}

func (v *customerView) exportCategories() []exportCategory {
	out := []exportCategory{}
	for _, id := range v.reg.CategoryOrderIDs {
		d := v.reg.Categories[id]
		out = append(out, exportCategory{ID: categoryIRI(v.registryIRI, d.Slug), Type: categoryType(d.Sensitive), Slug: d.Slug,
			Name: v.categoryName(id), Sensitive: d.Sensitive, Fideslang: d.FidesKey, DPV: vocab.PersonalData(d.FidesKey)})
	}
	return out
}

// exportSystems lists every system of the registry with what it did with the customer's data over their whole
// history: the purposes and kinds of data it used, and the model versions that learned from it.
func (v *customerView) exportSystems(ctx context.Context, all store.AllTime) ([]exportSystem, error) {
	var usage []store.SystemUsage
	var cats map[int64][]store.IDCount
	var trained []store.TrainingRecord
	if all.Events > 0 {
		var err error
		if usage, err = v.data.UsageBySystem(ctx, all.FirstAt); err != nil {
			return nil, err
		}
		if cats, err = v.data.CategoriesBySystem(ctx, all.FirstAt); err != nil {
			return nil, err
		}
		if trained, err = v.data.TrainedOn(ctx, 0); err != nil {
			return nil, err
		}
	}
	bySystem := map[int64]store.SystemUsage{}
	for _, u := range usage {
		bySystem[u.SystemID] = u
	}
	out := []exportSystem{}
	for _, s := range v.reg.SystemOrder {
		e := exportSystem{ID: systemIRI(v.registryIRI, s.Slug), Type: aiSystemType, Slug: s.Slug, Name: v.systemTitle(s.ID), Vendor: s.Vendor,
			Deployment: s.Deployment, Learns: s.Learns, RiskLevel: s.RiskLevel, Automated: s.AutomatedDecision, Registered: s.Registered,
			UsedFor: []string{}, UsedData: []string{}, Processing: []string{}, Models: []exportModel{}}
		u := bySystem[s.ID]
		for _, p := range v.reg.PurposeOrder { // in the registry's order, not a map's
			if u.Purposes[p.ID] > 0 {
				e.UsedFor = append(e.UsedFor, purposeIRI(v.registryIRI, p.Slug))
			}
		}
		for _, c := range cats[s.ID] {
			if d := v.reg.Categories[c.ID]; d != nil {
				e.UsedData = append(e.UsedData, categoryIRI(v.registryIRI, d.Slug))
			}
		}
		if u.Count > u.Trained {
			e.Processing = append(e.Processing, dpvUse)
		}
		if u.Trained > 0 {
			e.Processing = append(e.Processing, aiTraining)
		}
		for _, t := range trained {
			if t.SystemID == s.ID {
				e.Models = append(e.Models, exportModel{Type: aiTrainedType, ModelVersion: t.ModelVersion, Events: t.N, FirstAt: t.FirstAt, LastAt: t.LastAt})
			}
		}
		out = append(out, e)
	}
	return out, nil
}

func (v *customerView) exportConsents(hist []store.ConsentChange) []exportConsent {
	out := []exportConsent{}
	granted := map[int64]bool{}
	for i := len(hist) - 1; i >= 0; i-- { // oldest first, to tell a withdrawal from a refusal
		h := hist[i]
		slug, iri, status := "", "", ""
		if p := v.reg.Purposes[h.PurposeID]; p != nil {
			slug, iri = p.Slug, purposeIRI(v.registryIRI, p.Slug)
		}
		if h.LegalBasis == "consent" {
			status = consentStatus(h.State, granted[h.PurposeID])
		}
		if h.State == store.ConsentGranted {
			granted[h.PurposeID] = true
		}
		out = append(out, exportConsent{ForPurpose: iri, Status: status, ReceiptID: h.ReceiptID, At: h.At, Purpose: slug, State: h.State,
			LegalBasis: h.LegalBasis, Method: h.Method, PolicyVersion: h.PolicyVersion})
	}
	slices.Reverse(out)
	return out
}
