package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/views"
)

// adminCategoriesIndex lists the kinds of customer data the brand's systems use.
func (s *Server) adminCategoriesIndex(c echo.Context) error {
	sc := currentStaff(c)
	reg, err := s.DB.Registry(c.Request().Context(), sc.Brand.ID)
	if err != nil {
		return err
	}
	vm := views.AdminListPage{AdminPage: s.adminPage(c, "categories", "admin.categories.title")}
	l := vm.L
	vm.Heading, vm.Intro = l.T("admin.categories.title"), l.T("admin.categories.intro")
	vm.NewURL, vm.NewText = "/admin/categories/new", l.T("admin.category.new")
	vm.Table = views.AdminTable{Empty: l.T("admin.categories.empty"), Head: []string{l.T("admin.field.name"), l.T("admin.field.category_key"),
		l.T("admin.field.sensitive")}}
	for _, id := range reg.CategoryOrderIDs {
		d := reg.Categories[id]
		name := d.Text(l.Locale(), sc.Brand.DefaultLocale).Name
		if name == "" {
			name = d.Slug
		}
		sensitive := l.T("admin.no")
		if d.Sensitive {
			sensitive = l.T("admin.yes")
		}
		row := views.AdminRow{URL: "/admin/categories/" + d.Slug, Cells: []string{name, d.Slug, sensitive}}
		if !d.Registered {
			row.Flag = l.T("admin.flag.unregistered")
		}
		vm.Table.Rows = append(vm.Table.Rows, row)
	}
	return Render(c, http.StatusOK, views.AdminList(vm))
}
