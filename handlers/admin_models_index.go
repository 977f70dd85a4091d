package handlers

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminModelsIndex lists a system's model versions with the form that records a training run.
func (s *Server) adminModelsIndex(c echo.Context) error {
	sc := currentStaff(c)
	sys, err := s.adminSystem(c, sc)
	if err != nil {
		return err
	}
	vm, err := s.modelsPage(c, sys, modelForm{}, nil)
	if err != nil {
		return err
	}
	return Render(c, http.StatusOK, views.AdminModels(vm))
}

// modelForm is the training-run form as typed, kept as text so a bad date is shown back as it was.
type modelForm struct {
	Version, TrainedAt, From, To, Next string
}

// modelsPage builds the model versions page of sys, with the form filled from f and its errors.
func (s *Server) modelsPage(c echo.Context, sys store.AISystem, f modelForm, errs map[string]string) (views.AdminModelsPage, error) {
	vm := views.AdminModelsPage{AdminPage: s.adminPage(c, "systems", "admin.models.title"), BackURL: "/admin/systems/" + sys.Slug}
	l := vm.L
	vm.Heading = l.T("admin.models.heading", sys.Name)
	vm.Intro = l.T("admin.models.intro")
	versions, err := s.DB.ModelVersions(c.Request().Context(), sys.ID)
	if err != nil {
		return vm, err
	}
	vm.Table = views.AdminTable{Empty: l.T("admin.models.empty"), Head: []string{l.T("admin.models.version"), l.T("admin.models.trained_at"),
		l.T("admin.models.window"), l.T("admin.models.next")}}
	for _, m := range versions {
		next := ""
		if m.NextRetrainAt != nil {
			next = l.Date(*m.NextRetrainAt)
		}
		vm.Table.Rows = append(vm.Table.Rows, views.AdminRow{Cells: []string{m.Version, l.Date(m.TrainedAt),
			l.T("admin.models.window.range", l.Date(m.WindowStart), l.Date(m.WindowEnd)), next}})
	}
	if sys.Deployment != store.DeployInHouse {
		vm.Intro = l.T("admin.models.not_in_house")
		return vm, nil
	}
	vm.Action = "/admin/systems/" + sys.Slug + "/models"
	e := func(name string) string {
		if k, ok := errs[name]; ok {
			return l.T(k)
		}
		return ""
	}
	vm.Fields = []views.AdminField{
		{Kind: "text", Name: "version", Label: l.T("admin.models.version"), Value: f.Version, Error: e("version"), Required: true},
		{Kind: "date", Name: "trained_at", Label: l.T("admin.models.trained_at"), Value: f.TrainedAt, Error: e("trained_at"), Required: true},
		{Kind: "date", Name: "window_from", Label: l.T("admin.models.window_from"), Value: f.From, Error: e("window_from"), Required: true},
		{Kind: "date", Name: "window_to", Label: l.T("admin.models.window_to"), Value: f.To, Error: e("window_to"), Required: true},
		{Kind: "date", Name: "next_retrain", Label: l.T("admin.models.next"), Hint: l.T("admin.models.next.hint"), Value: f.Next, Error: e("next_retrain")},
	}
	vm.Errors = fieldErrorSummary(l, []views.AdminFieldGroup{{Fields: vm.Fields}})
	return vm, nil
}

// parseDay reads a form date (YYYY-MM-DD) as the start of that day in loc.
func parseDay(s string, loc *time.Location) (time.Time, bool) {
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), loc)
	return t, err == nil
}
