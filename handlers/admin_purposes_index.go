package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"vitrine/views"
)

// adminPurposesIndex lists the brand's reasons for using data, with their legal basis and how often each was used.
func (s *Server) adminPurposesIndex(c echo.Context) error {
	sc := currentStaff(c)
	ctx := c.Request().Context()
	reg, err := s.DB.Registry(ctx, sc.Brand.ID)
	if err != nil {
		return err
	}
	_, uses, err := s.DB.EntityUses(ctx, sc.Brand.ID)
	if err != nil {
		return err
	}
	vm := views.AdminListPage{AdminPage: s.adminPage(c, "purposes", "admin.purposes.title")}
	l := vm.L
	vm.Heading, vm.Intro = l.T("admin.purposes.title"), l.T("admin.purposes.intro")
	vm.NewURL, vm.NewText = "/admin/purposes/new", l.T("admin.purpose.new")
	vm.Table = views.AdminTable{Empty: l.T("admin.purposes.empty"), Head: []string{l.T("admin.field.name"), l.T("admin.field.slug"),
		l.T("admin.field.legal_basis"), l.T("admin.field.refusable"), l.T("admin.field.tcf"), l.T("admin.systems.uses")}}
	for _, p := range reg.PurposeOrder {
		name := p.Text(l.Locale(), sc.Brand.DefaultLocale).Name
		if name == "" {
			name = p.Slug
		}
		tcf := ""
		if p.TCFPurpose > 0 {
			tcf = strconv.Itoa(p.TCFPurpose)
		}
		refusable := l.T("admin.no")
		if p.Refusable {
			refusable = l.T("admin.yes")
		}
		basis := ""
		if p.LegalBasis != "" {
			basis = l.T("admin.basis." + p.LegalBasis)
		}
		row := views.AdminRow{URL: "/admin/purposes/" + p.Slug, Cells: []string{name, p.Slug, basis, refusable, tcf, l.Number(uses[p.ID])}}
		if !p.Registered {
			row.Flag = l.T("admin.flag.unregistered")
		}
		vm.Table.Rows = append(vm.Table.Rows, row)
	}
	return Render(c, http.StatusOK, views.AdminList(vm))
}
