package handlers

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// staffLoginCreate signs a staff member in. Each attempt is counted against the account and the address before
// its password is checked, in the transaction that counts them, so that attempts sent all at once cannot all slip
// under the limit; while a key has had too many lately, no password is even checked and the page says how long to
// wait. The limits live in the database, so a restart does not lift them. Password checks run one at a time per
// account and a few at a time in all (login_gate.go); a sign-in that cannot get its turn soon is asked to try
// again rather than piling up. A wrong email and a wrong password get the same answer. A success opens a new
// session with a new id (whatever cookie the browser brought, it is never adopted) and ends the old one.
func (s *Server) staffLoginCreate(c echo.Context) error {
	ctx := c.Request().Context()
	now := s.now()
	email := strings.TrimSpace(c.FormValue("email"))
	password := c.FormValue("password")
	next := safeNext(c.FormValue("next"))
	account := "account:" + strings.ToLower(email)
	limits := []store.LoginLimit{
		{Key: account, Max: loginAccountMax, Window: loginWindow},
		{Key: "ip:" + c.RealIP(), Max: loginAddressMax, Window: loginWindow},
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	vm := views.StaffLoginPage{StaffPage: s.staffPage(c, "", "staff.login.title"), Email: email, Next: next}
	busy := func() error {
		vm.Error = vm.L.T("staff.login.busy")
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(loginSlotWait/time.Second)))
		return Render(c, http.StatusTooManyRequests, views.StaffLogin(vm))
	}

	turn, cancel := context.WithTimeout(ctx, loginSlotWait)
	defer cancel()
	if !s.logins.acquireAccount(turn, account) {
		return busy()
	}
	defer s.logins.releaseAccount(account)
	// A brand that signs its staff in with its identity provider only: the password is not even checked.
	if refused, err := s.DB.PasswordLoginRefused(ctx, email, 0); err != nil || refused {
		return s.passwordRefused(c, vm, err)
	}
	reservation, wait, err := s.DB.ReserveLogin(ctx, limits, now)
	if err != nil {
		return err
	}
	if wait > 0 {
		vm.Error = vm.L.N("staff.login.throttled", int((wait+time.Minute-1)/time.Minute))
		c.Response().Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
		return Render(c, http.StatusTooManyRequests, views.StaffLogin(vm))
	}
	if !s.logins.acquireCheck(turn) {
		// No password was checked: the attempt does not count.
		if err := s.DB.ForgetLoginReservation(ctx, reservation); err != nil {
			return err
		}
		return busy()
	}
	u, err := s.DB.Authenticate(ctx, email, password)
	s.logins.releaseCheck()
	if errors.Is(err, store.ErrBadCredentials) {
		vm.Error = vm.L.T("staff.login.failed")
		return Render(c, http.StatusUnauthorized, views.StaffLogin(vm))
	}
	if err != nil {
		return err
	}
	// The address may be of another domain than the brand's (a contractor's): the account's brand decides too.
	if refused, err := s.DB.PasswordLoginRefused(ctx, email, u.BrandID); err != nil || refused {
		return s.passwordRefused(c, vm, err)
	}
	if err := s.DB.ForgetLoginReservation(ctx, reservation); err != nil {
		return err
	}
	if err := s.DB.ClearLoginFailures(ctx, account); err != nil {
		return err
	}
	if err := s.DB.NoteSignIn(ctx, u.ID, store.SignInPassword, now); err != nil {
		return err
	}
	previous := ""
	if ck, err := c.Cookie(staffCookie); err == nil {
		previous = ck.Value
	}
	id, err := s.DB.StartStaffSession(ctx, u.ID, previous, now, staffLifetime)
	if err != nil {
		return err
	}
	s.setStaffCookie(c, id, now)
	return c.Redirect(http.StatusSeeOther, staffHome(&staffCtx{User: u}, next))
}

// setStaffCookie sets (or, with an empty id, clears) the staff session cookie: HttpOnly, SameSite=Lax so a link
// from a ticket opens the console signed in, Secure whenever vitrine is served over https.
func (s *Server) setStaffCookie(c echo.Context, id string, now time.Time) {
	ck := &http.Cookie{
		Name: staffCookie, Value: id, Path: "/", HttpOnly: true, Secure: s.secure(), SameSite: http.SameSiteLaxMode,
		MaxAge: int(staffLifetime.Seconds()), Expires: now.Add(staffLifetime),
	}
	if id == "" {
		ck.MaxAge, ck.Expires = -1, time.Unix(0, 0)
	}
	c.SetCookie(ck)
}

// passwordRefused answers the password form of a brand whose staff sign in with their company account only,
// pointing to that sign-in (err, when not nil, is a failure to find out).
func (s *Server) passwordRefused(c echo.Context, vm views.StaffLoginPage, err error) error {
	if err != nil {
		return err
	}
	vm.Error = vm.L.T("sso.error.password_off")
	vm.SSOEmail = vm.Email
	return Render(c, http.StatusForbidden, views.StaffLogin(vm))
}
