// Package plain writes everything a customer reads (sentences, dates, numbers, UI strings) in plain English and French, so that wording and grammar live in one tested place.
package plain

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata"
	"unicode"
	"unicode/utf8" // customers read times in their own zone, even on machines without a zone database

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Locales lists the supported locales, in order of preference: the first one
// is the fallback.
var Locales = []string{"en", "fr"}

// tags are the language tags of Locales, in the same order.
var tags = []language.Tag{language.English, language.French}

var matcher = language.NewMatcher(tags)

// printers hold one number printer per locale; a message.Printer is safe for
// concurrent use, so they are shared.
var printers = map[string]*message.Printer{
	"en": message.NewPrinter(language.English),
	"fr": message.NewPrinter(language.French),
}

// Negotiate picks the first supported locale among candidates. Each candidate
// is a bare code ("fr", "fr-CA", "EN") or a whole Accept-Language header value
// ("fr-CH, fr;q=0.9, en;q=0.8"); empty, malformed or unsupported candidates are
// skipped, so callers can pass a query parameter, a cookie, the header and a
// brand default in order of trust. It returns ("", false) when none matches.
func Negotiate(candidates ...string) (string, bool) {
	for _, c := range candidates {
		if strings.TrimSpace(c) == "" {
			continue
		}
		// A bare code is a valid one-entry header, so one parser serves both.
		// A wildcard ("*") is treated as no preference: a later candidate,
		// such as the brand's default, should decide.
		want, _, err := language.ParseAcceptLanguage(c)
		if err != nil || len(want) == 0 {
			continue
		}
		// The matcher falls back to English with confidence No; below High
		// the match is a guess, and a later candidate knows better.
		if _, i, conf := matcher.Match(want...); conf >= language.High {
			return Locales[i], true
		}
	}
	return "", false
}

// Localizer formats strings for one locale and one time zone. Its zero value
// formats English in UTC. It holds no mutable state, so it may be shared.
type Localizer struct {
	locale string
	loc    *time.Location
}

// New returns a Localizer for locale, which may be any form Negotiate accepts
// ("fr-CA" gives "fr"); an unknown locale gives "en" and a nil loc gives UTC.
func New(locale string, loc *time.Location) *Localizer {
	l, ok := Negotiate(locale)
	if !ok {
		l = Locales[0]
	}
	if loc == nil {
		loc = time.UTC
	}
	return &Localizer{locale: l, loc: loc}
}

// Locale returns the locale l formats for: "en" or "fr".
func (l *Localizer) Locale() string {
	if l.locale == "" {
		return Locales[0]
	}
	return l.locale
}

func (l *Localizer) zone() *time.Location {
	if l.loc == nil {
		return time.UTC
	}
	return l.loc
}

// T returns the catalog message key in l's locale, formatted with args by
// fmt verbs. A missing key returns the key itself, which is easy to spot on a
// page and never breaks it. T does not group digits, so that years and
// versions print as they are: pass l.Number(n) to a %s verb for counts.
func (l *Localizer) T(key string, args ...any) string {
	m, ok := texts[key]
	if !ok {
		return key
	}
	return format(m.in(l.Locale()), args)
}

// N returns the plural catalog message key in the form that fits n, formatted
// with l.Number(n) as the first argument and then args. A form is chosen as in
// ICU MessageFormat: an exact selector ("=0", "=1") first, then the CLDR
// category of n in l's locale (French treats 0 and 1 as "one", English only 1),
// then "other". A key that is not a plural message is formatted like T with n
// first; a missing key returns the key itself.
func (l *Localizer) N(key string, n int, args ...any) string {
	args = append([]any{l.Number(n)}, args...)
	p, ok := plurals[key]
	if !ok {
		if m, ok := texts[key]; ok {
			return format(m.in(l.Locale()), args)
		}
		return key
	}
	return format(p.in(l.Locale()).pick(l.Locale(), n), args)
}

// format applies fmt only when the message has verbs, so that a form such as
// "once" may ignore the count N passes to every form.
func format(msg string, args []any) string {
	if !strings.Contains(msg, "%") {
		return msg
	}
	if s, ok := formatStrings(msg, args); ok {
		return s
	}
	return fmt.Sprintf(msg, args...)
}

// formatStrings is fmt.Sprintf(msg, args...) for the messages most sentences are made of, whose verbs are all
// %s, one per argument, each a string: the arguments put in place of the verbs, at a fraction of the cost
// (a history's sentences are written a hundred thousand at a time). Any other message is left to fmt
// (ok false), so that what fmt writes for a wrong count or another verb stays as it is.
func formatStrings(msg string, args []any) (string, bool) {
	n := len(msg)
	for _, a := range args {
		s, ok := a.(string)
		if !ok {
			return "", false
		}
		n += len(s)
	}
	var b strings.Builder
	b.Grow(n)
	k := 0
	for {
		i := strings.IndexByte(msg, '%')
		if i < 0 {
			break
		}
		if i+1 >= len(msg) || msg[i+1] != 's' || k >= len(args) {
			return "", false
		}
		b.WriteString(msg[:i])
		b.WriteString(args[k].(string))
		k++
		msg = msg[i+2:]
	}
	if k != len(args) {
		return "", false
	}
	b.WriteString(msg)
	return b.String(), true
}

// forms is a plural message: selector ("=0", "=1", "one", "other") to text.
type forms map[string]string

// categories names plural.Form values as CLDR does.
var categories = map[plural.Form]string{
	plural.Zero: "zero", plural.One: "one", plural.Two: "two",
	plural.Few: "few", plural.Many: "many", plural.Other: "other",
}

func (f forms) pick(locale string, n int) string {
	if s, ok := f[fmt.Sprintf("=%d", n)]; ok {
		return s
	}
	i := n
	if i < 0 {
		i = -i
	}
	// MatchPlural accepts operands modulo 10,000,000 when they are too large.
	cat := plural.Cardinal.MatchPlural(tagOf(locale), i%10_000_000, 0, 0, 0, 0)
	if s, ok := f[categories[cat]]; ok {
		return s
	}
	return f["other"]
}

func tagOf(locale string) language.Tag {
	for i, l := range Locales {
		if l == locale {
			return tags[i]
		}
	}
	return tags[0]
}

// Number formats n with the locale's digit grouping: "1,284" or "1 284".
// French uses a narrow no-break space (U+202F), as CLDR has since version 34;
// the tables in x/text still give a no-break space (U+00A0), so it is swapped.
func (l *Localizer) Number(n int) string {
	// Numbers under 1,000 have no group separator in either locale: most numbers on a page are such, and
	// x/text's printer costs microseconds each (~4 % of an overview's CPU at 16 clients).
	if n >= 0 && n < 1000 {
		return strconv.Itoa(n)
	}
	s := printers[l.Locale()].Sprint(number.Decimal(n))
	if l.Locale() == "fr" {
		s = strings.ReplaceAll(s, "\u00a0", "\u202f")
	}
	return s
}

// List joins items as a sentence would: "", "A", "A and B", "A, B and C"
// ("A, B et C" in French). There is no serial comma, in either language.
func (l *Localizer) List(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	head := strings.Join(items[:len(items)-1], ", ")
	return l.T("list.pair", head, items[len(items)-1])
}

// months are CLDR's abbreviated month names ("MMM"), January first.
var months = map[string][12]string{
	"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	"fr": {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
}

// DayMonth formats t in l's zone as "3 Nov" or "3 nov."; French writes the
// first of the month "1er", as French readers expect.
func (l *Localizer) DayMonth(t time.Time) string {
	t = t.In(l.zone())
	day := fmt.Sprint(t.Day())
	if l.Locale() == "fr" && t.Day() == 1 {
		day = "1er"
	}
	return day + " " + months[l.Locale()][t.Month()-1]
}

// Date formats t in l's zone as "3 Nov 2026" or "3 nov. 2026".
func (l *Localizer) Date(t time.Time) string {
	return l.DayMonth(t) + " " + fmt.Sprint(t.In(l.zone()).Year())
}

// DateTime formats t in l's zone as "3 Nov 2026 at 14:02" or
// "3 nov. 2026 à 14:02", on a 24-hour clock in both languages.
func (l *Localizer) DateTime(t time.Time) string {
	return l.T("date.at", l.Date(t), t.In(l.zone()).Format("15:04"))
}

// DateTimeZone is DateTime followed by the time zone the time is told in, for records a customer may show to
// someone else: "3 Nov 2026 at 14:02 (time zone Europe/Paris, UTC+01:00)".
func (l *Localizer) DateTimeZone(t time.Time) string {
	return l.T("date.zone", l.DateTime(t), l.zone().String(), t.In(l.zone()).Format("-07:00"))
}

// MonthYear formats t in l's zone as "Nov 2026" or "nov. 2026".
func (l *Localizer) MonthYear(t time.Time) string {
	t = t.In(l.zone())
	return months[l.Locale()][t.Month()-1] + " " + fmt.Sprint(t.Year())
}

// Capitalize upper-cases the first letter of s, for a phrase that starts a sentence or a heading.
func Capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// Keys returns every catalog key, plain and plural, sorted.
func Keys() []string {
	keys := make([]string, 0, len(texts)+len(plurals))
	for k := range texts {
		keys = append(keys, k)
	}
	for k := range plurals {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Has reports whether the catalog has key in locale, which must be one of
// Locales exactly.
func Has(locale, key string) bool {
	if !slices.Contains(Locales, locale) {
		return false
	}
	if m, ok := texts[key]; ok {
		return m.in(locale) != ""
	}
	if p, ok := plurals[key]; ok {
		return p.in(locale)["other"] != ""
	}
	return false
}
