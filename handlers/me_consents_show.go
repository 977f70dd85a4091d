package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// meConsentsShow shows every purpose with its control, the history of the customer's choices with their
// receipts, and the exports. After a change it confirms it (?done=RECEIPT) or explains a refusal (?error=…).
func (s *Server) meConsentsShow(c echo.Context) error {
	v, err := s.loadCustomerView(c, "consents")
	if err != nil {
		return err
	}
	vm, err := s.consentsPage(c, v)
	if err != nil {
		return err
	}
	if id := c.QueryParam("done"); id != "" {
		if ch, err := s.DB.ConsentReceipt(c.Request().Context(), v.cc.Customer.ID, id); err == nil {
			vm.Notice = &views.Notice{Text: v.l.T("consent.done."+ch.State, v.purposeName(ch.PurposeID)),
				LinkText: v.l.T("consent.done.receipt"), LinkURL: v.page.MePath("/consents/receipts/" + ch.ReceiptID)}
		}
	}
	if key := c.QueryParam("error"); key != "" {
		if msg, ok := consentErrors[key]; ok {
			vm.Notice = &views.Notice{Text: v.l.T(msg), Error: true}
		}
	}
	return Render(c, http.StatusOK, views.MeConsents(vm))
}

// consentErrors maps the refusal codes a redirect may carry to their messages; anything else is ignored.
var consentErrors = map[string]string{
	"stale": "consent.error.stale", "fixed": "consent.error.fixed", "unknown": "consent.error.unknown", "same": "consent.error.same",
}

func (s *Server) consentsPage(c echo.Context, v *customerView) (views.ConsentsPage, error) {
	ctx := c.Request().Context()
	f, err := s.loadConsentFacts(ctx, v, s.now())
	if err != nil {
		return views.ConsentsPage{}, err
	}
	hist, err := v.data.ConsentHistory(ctx, 0)
	if err != nil {
		return views.ConsentsPage{}, err
	}
	vm := views.ConsentsPage{Page: v.page, Intro: v.l.T("consents.intro", v.cc.Brand.Name), Controls: v.consentControls(f)}
	all, err := v.data.AllTime(ctx)
	if err != nil {
		return views.ConsentsPage{}, err
	}
	if all.Events > 0 {
		vm.ExportCovers = v.l.T("export.covers", v.l.Date(all.FirstAt), v.l.Date(windowStart(s.now())))
	}
	vm.Title = v.l.T("consents.title") + " · " + v.cc.Brand.Name
	if vm.GPC, err = s.gpcBadge(c, v); err != nil {
		return views.ConsentsPage{}, err
	}
	for _, h := range hist {
		vm.History = append(vm.History, views.HistoryLine{Text: v.historyText(h), ReceiptURL: v.page.MePath("/consents/receipts/" + h.ReceiptID)})
	}
	return vm, nil
}

// historyText tells one past choice as one whole sentence: when, what was chosen about which use, and how
// ("On 4 Oct 2026 at 15:02, you said yes to "Virtual try-on" when you signed up.").
func (v *customerView) historyText(h store.ConsentChange) string {
	return v.l.T("history."+choiceKind(h), v.l.DateTime(h.At), v.purposeName(h.PurposeID), v.methodText(h.Method))
}

// choiceKind names what a recorded choice was: a yes or a no to a consent, or an objection to a legitimate
// interest and its withdrawal.
func choiceKind(h store.ConsentChange) string {
	switch {
	case h.LegalBasis == "legitimate_interest" && h.State == store.ConsentRefused:
		return "objected"
	case h.LegalBasis == "legitimate_interest":
		return "unobjected"
	case h.State == store.ConsentRefused:
		return "refused"
	}
	return "granted"
}

// methodText says how a choice was made, in plain words.
func (v *customerView) methodText(method string) string {
	switch method {
	case "web", "widget", "staff", "api", "agent", store.MethodGPC:
		return v.l.T("history.by." + method)
	}
	return v.l.T("history.by.other")
}
