package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/views"
)

// adminSystemsIndex lists the brand's AI systems with how often each was used, so the team sees what is live
// before retiring anything.
func (s *Server) adminSystemsIndex(c echo.Context) error {
	sc := currentStaff(c)
	ctx := c.Request().Context()
	reg, err := s.DB.Registry(ctx, sc.Brand.ID)
	if err != nil {
		return err
	}
	uses, _, err := s.DB.EntityUses(ctx, sc.Brand.ID)
	if err != nil {
		return err
	}
	vm := views.AdminListPage{AdminPage: s.adminPage(c, "systems", "admin.systems.title")}
	l := vm.L
	vm.Heading, vm.Intro = l.T("admin.systems.title"), l.T("admin.systems.intro")
	vm.NewURL, vm.NewText = "/admin/systems/new", l.T("admin.system.new")
	vm.Table = views.AdminTable{Empty: l.T("admin.systems.empty"), Head: []string{l.T("admin.field.name"), l.T("admin.field.deployment"),
		l.T("admin.field.status"), l.T("admin.systems.registered"), l.T("admin.systems.uses"), l.T("admin.field.owner")}}
	for _, sys := range reg.SystemOrder {
		row := views.AdminRow{URL: "/admin/systems/" + sys.Slug, Cells: []string{sys.Name, l.T("admin.deployment." + sys.Deployment),
			l.T("admin.status." + sys.Status), l.T("admin.yes"), l.Number(uses[sys.ID]), sys.OwnerTeam}}
		if !sys.Registered {
			row.Cells[3], row.Flag = l.T("admin.no"), l.T("admin.flag.unregistered")
		}
		if sys.Status == "retired" {
			row.Flag = l.T("admin.status.retired")
		}
		vm.Table.Rows = append(vm.Table.Rows, row)
	}
	return Render(c, http.StatusOK, views.AdminList(vm))
}
