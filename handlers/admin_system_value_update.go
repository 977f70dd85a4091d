package handlers

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminSystemValueUpdate saves a system's owners and value note. It is the owners' own record, never shown to
// customers, so marketing saves it directly, without a proposal. An owner must be a member of the brand with a
// role that fits (marketing or admin; privacy or admin); what was typed stays on a refused form.
func (s *Server) adminSystemValueUpdate(c echo.Context) error {
	sc := currentStaff(c)
	sys, err := s.adminSystem(c, sc)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	v := store.SystemValue{BrandID: sc.Brand.ID, SystemID: sys.ID, Note: strings.TrimSpace(c.FormValue("note")), UpdatedBy: sc.User.Signature()}
	errs := map[string]string{}
	if utf8.RuneCountInString(v.Note) > maxValueNote {
		errs["note"] = "value.error.note_long"
	}
	owner := func(field string, roles ...string) int64 {
		raw := c.FormValue(field)
		if raw == "" {
			return 0
		}
		id, err := strconv.ParseInt(raw, 10, 64)
		if err == nil {
			u, err := s.DB.StaffByID(ctx, id)
			if err == nil && u.BrandID == sc.Brand.ID && (u.Role == roles[0] || u.Role == roles[1]) {
				return id
			}
		}
		errs[field] = "value.error.owner"
		return 0
	}
	v.MarketingOwner = owner("marketing_owner", store.RoleMarketing, store.RoleAdmin)
	v.PrivacyOwner = owner("privacy_owner", store.RolePrivacy, store.RoleAdmin)
	if len(errs) > 0 {
		vm, err := s.valuePage(c, sc, sys, v, errs)
		if err != nil {
			return err
		}
		return Render(c, http.StatusUnprocessableEntity, views.AdminValue(vm))
	}
	if err := s.DB.SaveSystemValue(ctx, v); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/systems/"+sys.Slug+"/value?done=value.saved")
}
