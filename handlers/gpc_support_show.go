package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// gpcRelease is the day this release began to honour Global Privacy Control: the earliest lastUpdate
// /.well-known/gpc.json can tell.
var gpcRelease = time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)

// gpcSupport is the GPC support resource (https://privacycg.github.io/gpc-spec/#gpc-support-resource).
type gpcSupport struct {
	GPC        bool   `json:"gpc"`
	LastUpdate string `json:"lastUpdate"`
}

// gpcSupportShow serves /.well-known/gpc.json: this site honours the signal. Every brand's pages answer on this
// one origin, so lastUpdate is the day any brand last changed which purposes the signal turns off (a change of the
// served behaviour), or the release day when none ever did; a failed read still says gpc true, with the release day.
func (s *Server) gpcSupportShow(c echo.Context) error {
	last := gpcRelease
	if at, ok, err := s.DB.GPCLastChange(c.Request().Context()); err != nil {
		s.Log.WarnContext(c.Request().Context(), "gpc last change", "err", err)
	} else if ok && at.After(last) {
		last = at
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	return c.JSON(http.StatusOK, gpcSupport{GPC: true, LastUpdate: last.UTC().Format(time.DateOnly)})
}
