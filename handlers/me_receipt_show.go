package handlers

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// meReceiptShow shows one of the customer's consent receipts, or downloads it (?format=json) as it was signed
// when the choice was recorded: the receipt's fields, readable, and "jws", the same receipt signed, which
// `vitrine verify` or any JOSE library checks against /.well-known/jwks.json.
func (s *Server) meReceiptShow(c echo.Context) error {
	v, err := s.loadCustomerView(c, "consents")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	ch, err := s.DB.ConsentReceipt(ctx, v.cc.Customer.ID, c.Param("id"))
	if errors.Is(err, store.ErrNotFound) {
		return pageErr(http.StatusNotFound, "error.not_found", err)
	}
	if err != nil {
		return err
	}
	jws, payload, err := s.DB.SignedReceipt(ctx, v.cc.Customer.ID, ch.ReceiptID)
	if errors.Is(err, store.ErrNotFound) {
		return pageErr(http.StatusNotFound, "error.not_found", err)
	}
	if err != nil {
		return err
	}
	if c.QueryParam("format") == "json" {
		file := make(map[string]any, len(payload)+1)
		for k, val := range payload {
			file[k] = val
		}
		file["jws"] = jws
		c.Response().Header().Set("Content-Disposition", `attachment; filename="receipt-`+ch.ReceiptID+`.json"`)
		return c.JSONPretty(http.StatusOK, file, "  ")
	}
	var r store.Receipt
	if raw, err := json.Marshal(payload); err != nil {
		return err
	} else if err := json.Unmarshal(raw, &r); err != nil {
		return err
	}
	months, err := s.DB.ProofRetention(ctx, v.cc.Brand.ID)
	if err != nil {
		return err
	}
	vm := views.ReceiptPage{Page: v.page, DownloadURL: v.page.MePath("/consents/receipts/" + ch.ReceiptID + "?format=json"),
		Fields: v.receiptFields(ch, r), Proof: v.receiptProof(r) + " " + v.proofKeeping(months), KeysURL: "/.well-known/jwks.json"}
	vm.Title = v.l.T("receipt.title") + " · " + v.cc.Brand.Name
	return Render(c, http.StatusOK, views.MeReceipt(vm))
}

// receiptFields are a receipt's fields in plain words, in the order a person reads them.
func (v *customerView) receiptFields(ch store.ConsentChange, r store.Receipt) []views.ReceiptField {
	controller := v.cc.Brand.Name
	if r.Controller.Contact != "" {
		controller = v.l.T("receipt.controller_contact", v.cc.Brand.Name, r.Controller.Contact)
	}
	fields := []views.ReceiptField{
		{Label: v.l.T("receipt.id"), Value: ch.ReceiptID},
		{Label: v.l.T("receipt.customer"), Value: signedInLabel(v.cc.Customer)},
		{Label: v.l.T("receipt.time"), Value: v.l.DateTimeZone(ch.At)},
		{Label: v.l.T("receipt.controller"), Value: controller},
		{Label: v.l.T("receipt.purpose"), Value: v.purposeName(ch.PurposeID)},
		{Label: v.l.T("receipt.basis"), Value: v.receiptBasis(ch, v.reg.Purposes[ch.PurposeID])},
		{Label: v.l.T("receipt.state"), Value: v.l.T("receipt.state." + choiceKind(ch))},
		{Label: v.l.T("receipt.method"), Value: v.methodText(ch.Method)},
		{Label: v.l.T("receipt.recorded_by"), Value: v.recorderText(r.RecordedBy)},
	}
	if len(r.Purposes) == 1 {
		p := r.Purposes[0]
		var data []string
		for _, d := range p.PersonalData {
			data = append(data, v.receiptName(d.Name, d.ID))
		}
		value := v.l.T("receipt.data_none")
		if len(data) > 0 {
			value = v.l.List(data)
		}
		fields = append(fields, views.ReceiptField{Label: v.l.T("receipt.data"), Value: value})
		if len(p.Processing) > 1 {
			fields = append(fields, views.ReceiptField{Label: v.l.T("receipt.learning"), Value: v.l.T("receipt.learning_yes")})
		}
	}
	var shared []string
	for _, x := range append(append([]store.ReceiptRecipient{}, r.Recipients...), r.ThirdParties...) {
		shared = append(shared, v.l.T("receipt.recipient", x.Name, v.receiptSystem(x.System, x.SystemID)))
	}
	// A receipt says what was true when the choice was made: before any system served the purpose, nobody can be
	// named, and "nobody else" would claim more than is known.
	value := v.l.T("receipt.recipients_none", v.cc.Brand.Name)
	if len(r.Purposes) == 1 && len(r.Purposes[0].Systems) == 0 {
		value = v.l.T("receipt.recipients_unused")
	}
	if len(shared) > 0 {
		value = strings.Join(shared, " · ")
	}
	fields = append(fields, views.ReceiptField{Label: v.l.T("receipt.recipients"), Value: value})
	if len(r.Retention) > 0 {
		var kept []string
		for _, k := range r.Retention {
			period := k.Period // the registry's own words, in the receipt; in the page's language when they read as a period
			if r, err := store.ParseRetention(k.Period); err == nil && !r.IsZero() {
				period = retentionPeriod(v.l, r)
			}
			kept = append(kept, v.l.T("receipt.retention_item", v.receiptSystem(k.System, k.SystemID), period))
		}
		fields = append(fields, views.ReceiptField{Label: v.l.T("receipt.retention"), Value: strings.Join(kept, " · ")})
	}
	fields = append(fields,
		views.ReceiptField{Label: v.l.T("receipt.valid"), Value: v.l.T("receipt.valid_until_changed", v.l.Date(ch.At))},
		views.ReceiptField{Label: v.l.T("receipt.withdraw"), Value: v.l.T("receipt.withdraw_how")},
		views.ReceiptField{Label: v.l.T("receipt.policy_version"), Value: ch.PolicyVersion},
	)
	return fields
}

// recorderText says who recorded a choice: never a staff member's name or e-mail, only their team.
func (v *customerView) recorderText(r store.ReceiptRecorder) string {
	switch r.Type {
	case "data_subject":
		return v.l.T("receipt.recorded.you")
	case "controller_team":
		return v.l.T("receipt.recorded.team", v.l.T("receipt.team."+r.Team), v.cc.Brand.Name)
	case "controller_system":
		return v.l.T("receipt.recorded.system", v.cc.Brand.Name)
	case "browser_signal":
		return v.l.T("receipt.recorded.browser")
	case "agent":
		if r.Name != "" {
			return v.l.T("receipt.recorded.agent.named", r.Name)
		}
		return v.l.T("receipt.recorded.agent")
	}
	return v.l.T("receipt.recorded.import", v.cc.Brand.Name)
}

// receiptProof says in plain words what makes the receipt a proof and how anyone can check it.
func (v *customerView) receiptProof(r store.Receipt) string {
	return v.l.T("receipt.proof", v.cc.Brand.Name, r.Chain.Seq)
}

// proofKeeping says how long the brand keeps receipts and records of staff visits, and what it always keeps.
func (v *customerView) proofKeeping(months int) string {
	if months%12 == 0 {
		return v.l.T("receipt.kept_years", v.cc.Brand.Name, months/12)
	}
	return v.l.T("receipt.kept_months", v.cc.Brand.Name, months)
}

// receiptName names a kind of data in the page's language, as the registry names it now, or as the receipt (in
// its own language) did when the registry no longer has it.
func (v *customerView) receiptName(signed, slug string) string {
	if d := v.reg.CategoryBySlug[slug]; d != nil {
		if n := d.Text(v.locale, v.fallback()).Name; n != "" {
			return n
		}
	}
	return signed
}

// receiptSystem is receiptName for a system.
func (v *customerView) receiptSystem(signed, slug string) string {
	if s := v.reg.SystemBySlug[slug]; s != nil {
		return s.NameIn(v.locale, v.fallback())
	}
	return signed
}
