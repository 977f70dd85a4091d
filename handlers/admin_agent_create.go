package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/views"
)

// maxAgentName bounds an agent's name: it is the actor customers read in the sentence of each of its reads.
const maxAgentName = 80

// adminAgentCreate registers one of the brand's AI agents as an OAuth client of the brand API, for a registered
// system and purpose, and shows its client id and secret in the answer to the POST (never in a URL), the secret
// this once, with the command that gets a token.
func (s *Server) adminAgentCreate(c echo.Context) error {
	sc := currentStaff(c)
	ctx := c.Request().Context()
	name := strings.TrimSpace(c.FormValue("name"))
	system, purpose := c.FormValue("system"), c.FormValue("purpose")
	vm, err := s.agentsPage(c, sc, system, purpose)
	if err != nil {
		return err
	}
	reg, err := s.DB.Registry(ctx, sc.Brand.ID)
	if err != nil {
		return err
	}
	l := vm.L
	switch {
	case name == "":
		vm.Name.Error = l.T("admin.error.required")
	case len(name) > maxAgentName || strings.ContainsFunc(name, func(r rune) bool { return r < ' ' || r == 0x7f }):
		vm.Name.Error = l.T("admin.agents.name.bad", maxAgentName)
	}
	sys := reg.SystemBySlug[system]
	if sys == nil || !sys.Registered || sys.Status == "retired" {
		vm.System.Error = l.T("admin.agents.system.pick")
	}
	p := reg.PurposeBySlug[purpose]
	if p == nil || !p.Registered {
		vm.Purpose.Error = l.T("admin.agents.purpose.pick")
	}
	for _, f := range []views.AdminField{vm.Name, vm.System, vm.Purpose} {
		if f.Error != "" {
			vm.Errors = append(vm.Errors, f.Error)
		}
	}
	if len(vm.Errors) > 0 {
		vm.Name.Value = name
		return Render(c, http.StatusUnprocessableEntity, views.AdminAgents(vm))
	}
	client, secret, err := s.DB.CreateAgentClient(ctx, sc.Brand.ID, name, sys.ID, p.ID)
	if err != nil {
		return err
	}
	if vm, err = s.agentsPage(c, sc, "", ""); err != nil {
		return err
	}
	vm.NewClientID, vm.NewSecret = client.ClientID, secret
	vm.NewCurl = "curl -s -u '" + client.ClientID + ":" + secret + "' \\\n  -d grant_type=client_credentials -d scope=" + scopeBrand +
		" \\\n  -d resource=" + s.apiResource() + " \\\n  " + strings.TrimRight(s.BaseURL, "/") + "/oauth/token"
	return Render(c, http.StatusOK, views.AdminAgents(vm))
}
