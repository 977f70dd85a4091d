package handlers

import (
	_ "embed"
	"net/http"

	"github.com/labstack/echo/v4"
)

// eventSchemaPath is where the JSON Schema of one event (one NDJSON line of an ingest batch or of a file for
// `vitrine import`) is served.
const eventSchemaPath = "/api/v1/event.schema.json"

// eventSchema is the standalone JSON Schema (draft 2020-12) of an event: the OpenAPI document's Event schema with
// the schemas it refers to, written out by TestEventSchemaIsTheOpenAPIEvent, which fails when the two differ.
//
//go:embed event.schema.json
var eventSchema []byte

// apiEventSchemaShow serves the JSON Schema of an event, for a sender that checks its NDJSON lines before it sends
// them with a validator of its own.
func (s *Server) apiEventSchemaShow(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	c.Response().Header().Set("Access-Control-Allow-Origin", "*")
	return c.Blob(http.StatusOK, "application/schema+json", eventSchema)
}
