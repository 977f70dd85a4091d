package handlers

import (
	"encoding/csv"
	"io"
)

// csvWriter is the one way vitrine writes CSV: every cell goes through csvCell first, so text a brand sent
// (an outcome, a model version, an event id) can never run as a formula in the customer's spreadsheet.
type csvWriter struct {
	w    *csv.Writer
	safe []string // the row at hand, neutralised; reused, as csv.Writer keeps nothing of a row it has written
}

func newCSVWriter(w io.Writer) *csvWriter { return &csvWriter{w: csv.NewWriter(w)} }

// Write writes one row, each cell neutralised.
func (c *csvWriter) Write(row []string) error {
	c.safe = c.safe[:0]
	for _, cell := range row {
		c.safe = append(c.safe, csvCell(cell))
	}
	return c.w.Write(c.safe)
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
