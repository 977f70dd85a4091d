package handlers

import (
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

// langTag accepts a BCP 47 language tag of the common shape: a language, then optional subtags.
var langTag = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$`)

func validLang(s string) bool { return len(s) <= 35 && langTag.MatchString(s) }

type rightsAPIUpdate struct {
	Status   string `json:"status"`
	Answer   string `json:"answer"`
	Lang     string `json:"lang"`
	Deadline string `json:"deadline"`
}

// apiRightUpdate takes a step on one of the brand's open rights requests from its own case system, exactly as a
// staff answer does: in_progress; extended with a new deadline (YYYY-MM-DD, at most three months after receipt)
// and the reason in answer; done or refused with the answer the customer reads. Another brand's request is 404.
func (s *Server) apiRightUpdate(c echo.Context) error {
	brand := apiBrand(c)
	ctx := c.Request().Context()
	id, ok := parseID(c.Param("id"))
	if !ok {
		return apiProblem(http.StatusNotFound, "Your brand has no rights request with this id.")
	}
	var req rightsAPIUpdate
	if err := json.NewDecoder(http.MaxBytesReader(c.Response(), c.Request().Body, 16<<10)).Decode(&req); err != nil {
		return apiProblem(http.StatusBadRequest, `The body must be a JSON object like {"status":"done","answer":"We deleted your data.","lang":"en"}: `+err.Error())
	}
	req.Answer = strings.TrimSpace(req.Answer)
	if !utf8.ValidString(req.Answer) || utf8.RuneCountInString(req.Answer) > outcomeMax {
		return apiProblem(http.StatusUnprocessableEntity, "answer: at most 2000 characters of valid UTF-8.")
	}
	if req.Lang != "" && !validLang(req.Lang) {
		return apiProblem(http.StatusUnprocessableEntity, "lang: a language tag such as en or fr.")
	}
	now := s.now()
	r, err := s.DB.UpdateRights(ctx, brand.ID, id, store.RightsUpdate{Status: req.Status, Note: req.Answer, Lang: req.Lang,
		DueDate: req.Deadline, Actor: "api"}, now)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return apiProblem(http.StatusNotFound, "Your brand has no rights request with this id.")
	case errors.Is(err, store.ErrRightsClosed):
		return apiProblem(http.StatusConflict, "This request is already answered (done or refused).")
	case errors.Is(err, store.ErrRightsStatus):
		return apiProblem(http.StatusUnprocessableEntity, "status: must be in_progress (from received), extended (once), done or refused.")
	case errors.Is(err, store.ErrRightsNote):
		return apiProblem(http.StatusUnprocessableEntity, "answer: extended, done and refused need the text the customer reads.")
	case errors.Is(err, store.ErrRightsDeadline):
		return apiProblem(http.StatusUnprocessableEntity, "deadline: a YYYY-MM-DD day after the current deadline and at most three months after the request was received.")
	case err != nil:
		return err
	}
	ids := externalIDs{db: s.DB}
	ext, err := ids.of(ctx, r.CustomerID)
	if err != nil {
		return err
	}
	years, err := s.DB.KeptProofYears(ctx, brand.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rightsItem(r, ext, now, years))
}
