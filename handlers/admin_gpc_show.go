package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminGPCShow shows which of the brand's purposes a customer's Global Privacy Control signal turns off: a box per
// purpose the customer may refuse, ticked as the brand chose, or from the purpose's codes until it chooses
// (store.GPCDefault). Privacy and admin staff set it: it decides what customers' browsers' requests do.
func (s *Server) adminGPCShow(c echo.Context) error {
	sc := currentStaff(c)
	ctx := c.Request().Context()
	reg, err := s.DB.Registry(ctx, sc.Brand.ID)
	if err != nil {
		return err
	}
	choices, err := s.DB.GPCChoices(ctx, sc.Brand.ID)
	if err != nil {
		return err
	}
	return Render(c, http.StatusOK, views.AdminGPC(s.gpcPage(c, sc, reg, choices)))
}

// gpcPage builds the setting's page: one checkbox per refusable purpose, named gpc-SLUG.
func (s *Server) gpcPage(c echo.Context, sc *staffCtx, reg *store.Registry, choices map[int64]bool) views.AdminGPCPage {
	vm := views.AdminGPCPage{AdminPage: s.adminPage(c, "settings", "admin.gpc.title")}
	l := vm.L
	vm.Intro = l.T("admin.gpc.intro")
	var fixed []string
	for _, p := range reg.PurposeOrder {
		name := orSlug(p.Text(l.Locale(), sc.Brand.DefaultLocale).Name, p.Slug)
		if !refusable(p) {
			fixed = append(fixed, l.T("quote.name", name))
			continue
		}
		f := views.AdminField{Kind: "checkbox", Name: "gpc-" + p.Slug, Label: name, Checked: store.GPCHonoured(p, choices)}
		var codes []string
		for _, code := range []string{p.FidesUse, p.DPV} {
			if code != "" {
				codes = append(codes, code)
			}
		}
		if p.TCFPurpose != 0 {
			codes = append(codes, l.T("admin.gpc.tcf", p.TCFPurpose))
		}
		switch {
		case p.IsTraining:
			f.Hint = l.T("admin.gpc.hint.training")
		case store.GPCDefault(p):
			f.Hint = l.T("admin.gpc.hint.default", strings.Join(codes, ", "))
		case len(codes) > 0:
			f.Hint = l.T("admin.gpc.hint.codes", strings.Join(codes, ", "))
		}
		vm.Fields = append(vm.Fields, f)
	}
	if len(fixed) > 0 {
		vm.Fixed = l.T("admin.gpc.fixed", l.List(fixed))
	}
	return vm
}
