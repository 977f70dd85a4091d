package store

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// How long the details of each use of a customer's data are kept. Each AI system of the registry says it in
// words (AISystem.Retention: "13 months", "30 jours"); ParseRetention reads those words strictly, so that what
// vitrine deletes is exactly what the brand wrote, and the registry refuses what it cannot read.

// Units of a retention period, as Retention.Unit holds them.
const (
	UnitHour  = "hour"
	UnitDay   = "day"
	UnitWeek  = "week"
	UnitMonth = "month"
	UnitYear  = "year"
)

// Retention is a parsed retention period: N units. The zero value means the system sets no period: its events
// are kept until the customer's data is erased.
type Retention struct {
	N    int
	Unit string
}

// IsZero reports whether no period is set.
func (r Retention) IsZero() bool { return r.N == 0 }

// String writes the period in English words, as the registry accepts them ("13 months", "1 year").
func (r Retention) String() string {
	if r.IsZero() {
		return ""
	}
	if r.N == 1 {
		return "1 " + r.Unit
	}
	return strconv.Itoa(r.N) + " " + r.Unit + "s"
}

// maxRetentionYears bounds a period: a longer one is surely a typo (days written as years), and AddDate must
// stay far from overflow.
const maxRetentionYears = 100

// retentionUnits are the words accepted for each unit, English and French, singular and plural, without accents
// (the input's accents are removed before the look-up, so "année" and "annee" both read).
var retentionUnits = map[string]string{
	"hour": UnitHour, "hours": UnitHour, "heure": UnitHour, "heures": UnitHour,
	"day": UnitDay, "days": UnitDay, "jour": UnitDay, "jours": UnitDay,
	"week": UnitWeek, "weeks": UnitWeek, "semaine": UnitWeek, "semaines": UnitWeek,
	"month": UnitMonth, "months": UnitMonth, "mois": UnitMonth,
	"year": UnitYear, "years": UnitYear, "an": UnitYear, "ans": UnitYear, "annee": UnitYear, "annees": UnitYear,
}

// ErrRetention is the error of every retention period ParseRetention cannot read.
var ErrRetention = errors.New("not a retention period")

// RetentionHint says how to write a period, for the registry's messages.
const RetentionHint = `write a number and a unit, such as "30 days", "13 months" or "1 year" (in French "30 jours", "13 mois", "1 an"); leave it empty to keep the details until the customer's data is erased`

// ParseRetention reads a retention period: a whole number from 1, then a unit of hours, days, weeks, months or
// years in English or French ("13 months", "13 mois", "30 jours", "1 year", "2 ans", "24 hours"), in any case,
// with or without a space between them. An empty text (or only spaces) is the zero Retention: no period. Anything
// else (no number, a fraction, a word of its own, a period longer than 100 years) is an error wrapping
// ErrRetention that quotes the text.
func ParseRetention(s string) (Retention, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return Retention{}, nil
	}
	bad := func(why string) (Retention, error) {
		return Retention{}, fmt.Errorf("%w: %q %s; %s", ErrRetention, s, why, RetentionHint)
	}
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i == 0 {
		return bad("does not start with a number")
	}
	if i > 6 {
		return bad("is far too long a period")
	}
	n, _ := strconv.Atoi(t[:i])
	if n == 0 {
		return bad("is no time at all")
	}
	word := strings.TrimSpace(t[i:])
	if word == "" {
		return bad("has no unit")
	}
	unit, ok := retentionUnits[foldUnit(word)]
	if !ok {
		return bad("has a unit vitrine does not know")
	}
	r := Retention{N: n, Unit: unit}
	if r.approxDays() > maxRetentionYears*366 {
		return bad("is longer than 100 years")
	}
	return r, nil
}

// foldUnit lowers a unit word and removes the accents of the French ones ("année" → "annee"); any other letter
// outside ASCII is kept, so that the look-up fails on it.
func foldUnit(w string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(w) {
		switch r {
		case 'é', 'è', 'ê':
			r = 'e'
		}
		if unicode.IsSpace(r) {
			return "" // two words: "13 months ago" is not a period
		}
		b.WriteRune(r)
	}
	return b.String()
}

// approxDays is the period in days, months counted as 31, for bounds only.
func (r Retention) approxDays() int {
	switch r.Unit {
	case UnitHour:
		return r.N / 24
	case UnitWeek:
		return r.N * 7
	case UnitMonth:
		return r.N * 31
	case UnitYear:
		return r.N * 366
	}
	return r.N
}

// Cutoff returns the limit of the period at now: events that occurred before it are older than the period and
// go; an event exactly at the limit stays. Months and years count in calendar months in UTC, and a day that the
// month lacks (31 March less a month) is the month's last day, as the EU counts periods in months.
func (r Retention) Cutoff(now time.Time) time.Time {
	now = now.UTC()
	switch r.Unit {
	case UnitHour:
		return now.Add(-time.Duration(r.N) * time.Hour)
	case UnitDay:
		return now.AddDate(0, 0, -r.N)
	case UnitWeek:
		return now.AddDate(0, 0, -7*r.N)
	case UnitMonth, UnitYear:
		months := r.N
		if r.Unit == UnitYear {
			months *= 12
		}
		y, m, d := now.Date()
		first := time.Date(y, m-time.Month(months), 1, 0, 0, 0, 0, time.UTC)
		if last := first.AddDate(0, 1, -1).Day(); d > last {
			d = last
		}
		h, mi, sec := now.Clock()
		return time.Date(first.Year(), first.Month(), d, h, mi, sec, now.Nanosecond(), time.UTC)
	}
	return now
}
