package handlers

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

// exportPage is how many events the exports read at a time: a customer with a hundred thousand events is
// streamed page by page along the same index as the activity page, never loaded whole.
const exportPage = 500

type exportPurpose struct {
	Slug       string `json:"slug"`
	Name       string `json:"name"`
	LegalBasis string `json:"legal_basis"`
	DPVBasis   string `json:"dpv_legal_basis"`
	DPV        string `json:"dpv_purpose,omitempty"`
	TCFPurpose int    `json:"tcf_purpose,omitempty"`
	FidesUse   string `json:"fideslang_data_use,omitempty"`
	CanRefuse  bool   `json:"can_refuse"`
	Choice     string `json:"your_choice,omitempty"`
}

type exportCategory struct {
	Slug      string `json:"slug"`
	Name      string `json:"name"`
	Sensitive bool   `json:"sensitive"`
	Fideslang string `json:"fideslang_category,omitempty"`
	DPV       string `json:"dpv_category"`
}

type exportSystem struct {
	Slug       string `json:"slug"`
	Name       string `json:"name"`
	Vendor     string `json:"vendor,omitempty"`
	Deployment string `json:"deployment"`
	Learns     bool   `json:"learns_from_customer_data"`
	RiskLevel  string `json:"eu_ai_act_risk"`
	Automated  bool   `json:"automated_decisions"`
	Registered bool   `json:"registered"`
}

type exportConsent struct {
	ReceiptID     string    `json:"receipt_id"`
	At            time.Time `json:"at"`
	Purpose       string    `json:"purpose"`
	State         string    `json:"state"`
	LegalBasis    string    `json:"legal_basis"`
	Method        string    `json:"method"`
	PolicyVersion string    `json:"policy_version"`
}

// dpvLegalBasis maps a legal basis to its W3C DPV term. A public task (GDPR Art. 6(1)(e)) is DPV's PublicInterest:
// DPV has no PublicTask.
var dpvLegalBasis = map[string]string{
	"consent": "dpv:Consent", "contract": "dpv:Contract", "legitimate_interest": "dpv:LegitimateInterest",
	"legal_obligation": "dpv:LegalObligation", "vital_interest": "dpv:VitalInterest", "public_task": "dpv:PublicInterest",
}

// meExportJSON streams the customer's whole usage and consent history as JSON, each purpose, legal basis and
// category annotated with its DPV term, so the customer's own tools (or agents) can read it.
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
	exportRights := make([]rightsAPIItem, 0, len(rights))
	for _, r := range rights {
		exportRights = append(exportRights, rightsItem(r, v.cc.Customer.ExternalID, now))
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
		"covers":       covers,
		"generated_at": now, "brand": map[string]string{"slug": v.cc.Brand.Slug, "name": v.cc.Brand.Name},
		"customer": map[string]string{"external_id": v.cc.Customer.ExternalID, "email": v.cc.Customer.Email, "name": v.cc.Customer.Name},
		"purposes": v.exportPurposes(current), "data_categories": v.exportCategories(), "systems": v.exportSystems(),
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
	cw.Write([]string{"record", "id", "time", "system", "purpose", "legal_basis", "action_or_choice", "data_categories", "sentence_or_method", "outcome", "model_version", "consent_violation"})
	for _, h := range v.exportConsents(hist) {
		cw.Write([]string{"consent", h.ReceiptID, h.At.Format(time.RFC3339), "", h.Purpose, h.LegalBasis, h.State, "", h.Method, "", "", ""})
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

func (v *customerView) exportPurposes(current map[int64]string) []exportPurpose {
	out := []exportPurpose{}
	for _, p := range v.reg.PurposeOrder {
		out = append(out, exportPurpose{Slug: p.Slug, Name: v.purposeName(p.ID), LegalBasis: p.LegalBasis, DPVBasis: dpvLegalBasis[p.LegalBasis],
			DPV: p.DPV, TCFPurpose: p.TCFPurpose, FidesUse: p.FidesUse, CanRefuse: refusable(p), Choice: current[p.ID]})
	}
	return out
}

func (v *customerView) exportCategories() []exportCategory {
	out := []exportCategory{}
	for _, id := range v.reg.CategoryOrderIDs {
		d := v.reg.Categories[id]
		dpv := "dpv:PersonalData"
		if d.Sensitive {
			dpv = "dpv:SensitivePersonalData"
		}
		out = append(out, exportCategory{Slug: d.Slug, Name: v.categoryName(id), Sensitive: d.Sensitive, Fideslang: d.FidesKey, DPV: dpv})
	}
	return out
}

func (v *customerView) exportSystems() []exportSystem {
	out := []exportSystem{}
	for _, s := range v.reg.SystemOrder {
		out = append(out, exportSystem{Slug: s.Slug, Name: v.systemTitle(s.ID), Vendor: s.Vendor, Deployment: s.Deployment, Learns: s.Learns,
			RiskLevel: s.RiskLevel, Automated: s.AutomatedDecision, Registered: s.Registered})
	}
	return out
}

func (v *customerView) exportConsents(hist []store.ConsentChange) []exportConsent {
	out := []exportConsent{}
	for _, h := range hist {
		slug := ""
		if p := v.reg.Purposes[h.PurposeID]; p != nil {
			slug = p.Slug
		}
		out = append(out, exportConsent{ReceiptID: h.ReceiptID, At: h.At, Purpose: slug, State: h.State, LegalBasis: h.LegalBasis,
			Method: h.Method, PolicyVersion: h.PolicyVersion})
	}
	return out
}
