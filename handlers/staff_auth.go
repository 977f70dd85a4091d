package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

const (
	// staffCookie is not the customer's cookie, so a customer session can never open the console.
	staffCookie = "vitrine_staff"
	staffKey    = "staff"

	staffIdle     = 30 * time.Minute // a session left alone this long ends
	staffLifetime = 12 * time.Hour   // and none lasts longer than a working day, however active
	reasonLasts   = 30 * time.Minute // a reason given for a customer covers the pages seen this long after
)

// Sign-in throttling. An account is the target of a password guess, so it gets few tries; an address may be an
// office of agents behind one NAT, so it gets more before everyone there is locked out.
const (
	loginWindow     = 15 * time.Minute
	loginAccountMax = 5
	loginAddressMax = 20
)

// staffCtx is who is signed in to the console: the account, their brand (zero for a platform admin) and session.
type staffCtx struct {
	User      store.StaffUser
	Brand     store.Brand
	Session   store.StaffSession
	SessionID string
}

func currentStaff(c echo.Context) *staffCtx {
	sc, _ := c.Get(staffKey).(*staffCtx)
	return sc
}

// can reports whether the staff member's role may do what is open to role.
func (sc *staffCtx) can(role string) bool {
	return store.RoleAllows(sc.User.Role, role)
}

// loadStaff returns the staff member of the request's session cookie, or nil when there is no live session.
func (s *Server) loadStaff(c echo.Context) (*staffCtx, error) {
	ck, err := c.Cookie(staffCookie)
	if err != nil || ck.Value == "" {
		return nil, nil
	}
	ctx := c.Request().Context()
	sess, err := s.DB.StaffSession(ctx, ck.Value, s.now(), staffIdle)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	u, err := s.DB.StaffByID(ctx, sess.StaffID)
	if err != nil {
		return nil, err
	}
	sc := &staffCtx{User: u, Session: sess, SessionID: ck.Value}
	if !u.Platform() {
		if sc.Brand, err = s.DB.BrandByID(ctx, u.BrandID); err != nil {
			return nil, err
		}
	}
	return sc, nil
}

// anyRole is requireStaff's minRole for what every staff member may do, whatever their role.
const anyRole = ""

// requireStaff lets a request through only with a live staff session whose role allows minRole; brandOnly
// also refuses platform admins, who belong to no brand and so see no customer. Without a session a page (GET)
// is sent to the sign-in form and back afterwards; anything else is refused. Every answer is no-store: staff
// pages hold customer data that must not stay in a shared browser's cache.
func (s *Server) requireStaff(minRole string, brandOnly bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Response().Header().Set("Cache-Control", "no-store")
			sc, err := s.loadStaff(c)
			if err != nil {
				return err
			}
			if sc == nil {
				if m := c.Request().Method; m == http.MethodGet || m == http.MethodHead {
					return c.Redirect(http.StatusSeeOther, "/staff/login?next="+url.QueryEscape(c.Request().URL.RequestURI()))
				}
				return pageErr(http.StatusUnauthorized, "staff.error.signed_out", nil)
			}
			if (minRole != anyRole && !sc.can(minRole)) || (brandOnly && sc.User.Platform()) {
				return pageErr(http.StatusForbidden, "error.forbidden", nil)
			}
			c.Set(staffKey, sc)
			return next(c)
		}
	}
}

// safeNext keeps a return address only when it is a path of the console, so the sign-in form cannot be used
// to send someone to another site.
func safeNext(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || strings.HasPrefix(raw, "//") || strings.Contains(raw, `\`) {
		return ""
	}
	inConsole := u.Path == "/staff" || strings.HasPrefix(u.Path, "/staff/") || u.Path == "/admin" || strings.HasPrefix(u.Path, "/admin/")
	if !inConsole || strings.HasPrefix(u.Path, "/staff/login") {
		return ""
	}
	return u.RequestURI()
}

// staffLocale picks the language of a console page: an explicit ?lang= (remembered for the session), then the
// language chosen earlier in the session, then the browser's, then the brand's default.
func (s *Server) staffLocale(c echo.Context, sc *staffCtx) string {
	if sc == nil {
		return anonymousLocale(c)
	}
	if q := c.QueryParam("lang"); q != "" {
		if loc, ok := plain.Negotiate(q); ok {
			if loc != sc.Session.Locale {
				if err := s.DB.SetStaffSessionLocale(c.Request().Context(), sc.SessionID, loc); err != nil {
					s.Log.WarnContext(c.Request().Context(), "remember staff locale", "err", err)
				}
				sc.Session.Locale = loc
			}
			return loc
		}
	}
	if loc, ok := plain.Negotiate(sc.Session.Locale, c.Request().Header.Get("Accept-Language"), sc.Brand.DefaultLocale); ok {
		return loc
	}
	return "en"
}

// staffPage builds the frame of a console page for whoever is signed in (or no one, on the sign-in page).
func (s *Server) staffPage(c echo.Context, nav, titleKey string) views.StaffPage {
	sc := currentStaff(c)
	locale := s.staffLocale(c, sc)
	brandName := "vitrine"
	var l *plain.Localizer
	if sc != nil && !sc.User.Platform() {
		brandName = sc.Brand.Name
		l = localizer(locale, sc.Brand)
	} else {
		l = plain.New(locale, nil)
	}
	p := views.StaffPage{Page: views.Page{
		L: l, Title: l.T(titleKey) + " · " + brandName, BrandName: brandName, Nonce: nonce(c), Nav: nav, CSRF: csrfToken(c),
	}}
	if sc != nil {
		p.Theme = brandTheme(sc.Brand)
		p.StaffName, p.StaffEmail = sc.User.Name, sc.User.Email
		if p.StaffName == "" {
			p.StaffName = sc.User.Email
		}
		p.RoleLabel = capitalise(roleLabel(l, sc.User))
		p.HasBrand = !sc.User.Platform()
		p.CanCustomers = p.HasBrand && sc.can(store.RoleSupport)
		p.CanGovern = p.HasBrand && sc.can(store.RoleMarketing)
		p.CanAudit = p.HasBrand && sc.can(store.RolePrivacy)
		p.CanTeam = sc.can(store.RoleAdmin)
	}
	p.LangCode, p.LangSwitch = langSwitch(c, locale)
	p.LangLabel = plain.New(p.LangCode, nil).T("lang.name")
	return p
}

// roleLabel names a staff member's role, as a word inside a sentence.
func roleLabel(l *plain.Localizer, u store.StaffUser) string {
	if u.Platform() {
		return l.T("staff.role.platform")
	}
	return l.T("staff.role." + u.Role)
}

// capitalise puts the first letter of a label in upper case, for a label that stands alone.
func capitalise(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// staffCustomer loads the customer named by the :customer parameter if they belong to the staff member's brand.
// Any other id — unknown, malformed, or another brand's — is the same 404, so ids cannot be probed across brands.
func (s *Server) staffCustomer(c echo.Context, sc *staffCtx) (store.Customer, error) {
	id, ok := parseID(c.Param("customer"))
	if !ok || sc.User.Platform() {
		return store.Customer{}, pageErr(http.StatusNotFound, "error.not_found", nil)
	}
	cust, err := s.DB.CustomerByID(c.Request().Context(), id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && cust.BrandID != sc.User.BrandID) {
		return store.Customer{}, pageErr(http.StatusNotFound, "error.not_found", err)
	}
	if err != nil {
		return store.Customer{}, err
	}
	return cust, nil
}

// customerLabel names a customer for staff: "Name (email)", or whichever of them is known, or the external id.
func customerLabel(cust store.Customer) string {
	switch {
	case cust.Name != "" && cust.Email != "":
		return cust.Name + " (" + cust.Email + ")"
	case cust.Name != "":
		return cust.Name
	case cust.Email != "":
		return cust.Email
	}
	return cust.ExternalID
}

// staffCustomerPath is the console's address of a customer, before the reason is given.
func staffCustomerPath(id int64) string {
	return "/staff/customers/" + strconv.FormatInt(id, 10)
}

// parseID reads a positive database id from a URL parameter.
func parseID(s string) (int64, bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}
