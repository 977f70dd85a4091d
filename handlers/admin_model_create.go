package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminModelCreate records a training run of an in-house system: which version, when, on which window of data,
// and when the next one (without the data of customers who said no since) is due.
func (s *Server) adminModelCreate(c echo.Context) error {
	sc := currentStaff(c)
	sys, err := s.adminSystem(c, sc)
	if err != nil {
		return err
	}
	if sys.Deployment != store.DeployInHouse {
		return pageErr(http.StatusNotFound, "error.not_found", nil)
	}
	f := modelForm{Version: strings.TrimSpace(c.FormValue("version")), TrainedAt: c.FormValue("trained_at"),
		From: c.FormValue("window_from"), To: c.FormValue("window_to"), Next: c.FormValue("next_retrain")}
	loc := sc.Brand.Location()
	errs := map[string]string{}
	m := store.ModelVersion{SystemID: sys.ID, Version: f.Version}
	if f.Version == "" {
		errs["version"] = "admin.error.required"
	}
	var ok bool
	if m.TrainedAt, ok = parseDay(f.TrainedAt, loc); !ok {
		errs["trained_at"] = "admin.error.date"
	}
	if m.WindowStart, ok = parseDay(f.From, loc); !ok {
		errs["window_from"] = "admin.error.date"
	}
	if m.WindowEnd, ok = parseDay(f.To, loc); !ok {
		errs["window_to"] = "admin.error.date"
	} else if m.WindowEnd.Before(m.WindowStart) {
		errs["window_to"] = "admin.error.window"
	}
	if strings.TrimSpace(f.Next) != "" {
		next, ok := parseDay(f.Next, loc)
		switch {
		case !ok:
			errs["next_retrain"] = "admin.error.date"
		case !next.After(m.TrainedAt):
			errs["next_retrain"] = "admin.error.next"
		default:
			m.NextRetrainAt = &next
		}
	}
	if len(errs) == 0 {
		if err := s.DB.SaveModelVersionAs(c.Request().Context(), sc.User.Email, sc.Brand.ID, sys.Slug, m, s.now()); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/admin/systems/"+sys.Slug+"/models?done=model.saved")
	}
	vm, err := s.modelsPage(c, sys, f, errs)
	if err != nil {
		return err
	}
	return Render(c, http.StatusUnprocessableEntity, views.AdminModels(vm))
}
