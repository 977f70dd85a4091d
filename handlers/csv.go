package handlers

import (
	"encoding/csv"
	"io"
)

// csvWriter is the one way vitrine writes CSV: every cell goes through csvCell first, so text a brand sent
// (an outcome, a model version, an event id) can never run as a formula in the customer's spreadsheet.
type csvWriter struct{ w *csv.Writer }

func newCSVWriter(w io.Writer) *csvWriter { return &csvWriter{w: csv.NewWriter(w)} }

// Write writes one row, each cell neutralised.
func (c *csvWriter) Write(row []string) error {
	safe := make([]string, len(row))
	for i, cell := range row {
		safe[i] = csvCell(cell)
	}
	return c.w.Write(safe)
}

// Flush writes out what is buffered and reports the first error of the whole file.
func (c *csvWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// csvCell prefixes a single quote to a cell a spreadsheet would read as a formula: one starting with = + - @,
// a tab or a carriage return (OWASP's list). The quote shows in the cell, which is the point: the customer
// sees the text the brand sent, and nothing runs. No column vitrine exports is a number (times are RFC 3339,
// flags are true/false), so no cell needs to stay a negative number; a column of numbers would have to be
// written from an int, never from brand text, and could then skip this.
func csvCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
