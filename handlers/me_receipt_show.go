package handlers

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// receiptJSON is a consent receipt with the fields of ISO/IEC TS 27560 and the Kantara consent receipt
// that apply to one choice.
type receiptJSON struct {
	Version       string    `json:"version"`
	ReceiptID     string    `json:"receipt_id"`
	Timestamp     time.Time `json:"consent_timestamp"`
	Controller    string    `json:"data_controller"`
	Subject       string    `json:"data_subject"`
	Purpose       string    `json:"purpose"`
	PurposeName   string    `json:"purpose_name"`
	DPV           string    `json:"dpv_purpose,omitempty"`
	LegalBasis    string    `json:"legal_basis"`
	State         string    `json:"consent_state"`
	Method        string    `json:"collection_method"`
	PolicyVersion string    `json:"policy_version"`
	RecordedBy    string    `json:"recorded_by,omitempty"`
}

// meReceiptShow shows one of the customer's consent receipts, or downloads it as JSON (?format=json).
func (s *Server) meReceiptShow(c echo.Context) error {
	v, err := s.loadCustomerView(c, "consents")
	if err != nil {
		return err
	}
	ch, err := s.DB.ConsentReceipt(c.Request().Context(), v.cc.Customer.ID, c.Param("id"))
	if errors.Is(err, store.ErrNotFound) {
		return pageErr(http.StatusNotFound, "error.not_found", err)
	}
	if err != nil {
		return err
	}
	p := v.reg.Purposes[ch.PurposeID]
	r := receiptJSON{Version: "ISO/IEC TS 27560:2023", ReceiptID: ch.ReceiptID, Timestamp: ch.At, Controller: v.cc.Brand.Name,
		Subject: v.cc.Customer.ExternalID, LegalBasis: ch.LegalBasis, State: ch.State, Method: ch.Method,
		PolicyVersion: ch.PolicyVersion, RecordedBy: ch.Actor, PurposeName: v.purposeName(ch.PurposeID)}
	if p != nil {
		r.Purpose, r.DPV = p.Slug, p.DPV
	}
	if c.QueryParam("format") == "json" {
		c.Response().Header().Set("Content-Disposition", `attachment; filename="receipt-`+ch.ReceiptID+`.json"`)
		return c.JSONPretty(http.StatusOK, r, "  ")
	}
	state := v.l.T("receipt.state." + choiceKind(ch))
	vm := views.ReceiptPage{Page: v.page, DownloadURL: v.page.MePath("/consents/receipts/" + ch.ReceiptID + "?format=json"), Fields: []views.ReceiptField{
		{Label: v.l.T("receipt.id"), Value: ch.ReceiptID},
		{Label: v.l.T("receipt.customer"), Value: signedInLabel(v.cc.Customer)},
		{Label: v.l.T("receipt.time"), Value: v.l.DateTimeZone(ch.At)},
		{Label: v.l.T("receipt.controller"), Value: v.cc.Brand.Name},
		{Label: v.l.T("receipt.purpose"), Value: r.PurposeName},
		{Label: v.l.T("receipt.basis"), Value: v.receiptBasis(ch, p)},
		{Label: v.l.T("receipt.state"), Value: state},
		{Label: v.l.T("receipt.method"), Value: v.methodText(ch.Method)},
		{Label: v.l.T("receipt.policy_version"), Value: ch.PolicyVersion},
	}}
	vm.Title = v.l.T("receipt.title") + " · " + v.cc.Brand.Name
	return Render(c, http.StatusOK, views.MeReceipt(vm))
}
