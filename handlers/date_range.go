package handlers

import (
	"net/url"
	"time"

	"vitrine/plain"
)

// dateRange is a from/to filter read from ?from= and ?to= (YYYY-MM-DD, in the brand's time zone; the "to" day
// is included, so To is the start of the day after).
type dateRange struct {
	From, To         time.Time
	FromText, ToText string   // as typed, to show back in the form
	Errors           []string // one plain message per value that could not be used
	Empty            bool     // the range ends before it starts: no date is in it, so the list is empty
}

// parseDateRange reads the date filter of a list page. A date that cannot be read is named in Errors and ignored.
// A range that ends before it starts is named too, and holds nothing (Empty): showing every date instead would
// answer a question the reader did not ask. The values that can be used are added to keep, so paging links carry
// them on.
func parseDateRange(q url.Values, loc *time.Location, l *plain.Localizer, keep url.Values) dateRange {
	var r dateRange
	if d := q.Get("from"); d != "" {
		if t, err := time.ParseInLocation("2006-01-02", d, loc); err == nil {
			r.From, r.FromText = t, d
			keep.Set("from", d)
		} else {
			r.Errors = append(r.Errors, l.T("activity.error.date", l.T("activity.filter.from")))
		}
	}
	if d := q.Get("to"); d != "" {
		if t, err := time.ParseInLocation("2006-01-02", d, loc); err == nil {
			r.To, r.ToText = t.AddDate(0, 0, 1), d
			keep.Set("to", d)
		} else {
			r.Errors = append(r.Errors, l.T("activity.error.date", l.T("activity.filter.to")))
		}
	}
	if !r.From.IsZero() && !r.To.IsZero() && !r.From.Before(r.To) {
		r.Errors = append(r.Errors, l.T("activity.error.range"))
		r.Empty = true
		keep.Del("from")
		keep.Del("to")
	}
	return r
}
