package handlers

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"vitrine/plain"
	"vitrine/store"
)

// exportFlushAt is how much of an export is gathered before it is written out: large enough that the response
// sees few writes (each passes the compression middleware), small enough that memory stays flat whatever the
// size of the history.
const exportFlushAt = 32 << 10

// exportEncoder writes a customer's events into their exports, appending each by hand: a history of a hundred
// thousand events is written in about a second, where encoding each through reflection and writing its
// sentence from scratch took several. It is not safe for concurrent use: one per export.
type exportEncoder struct {
	v       *customerView
	stories *plain.EventStories
	cats    []plain.Category // the facts' categories, reused from event to event
	scratch []byte
}

// newExportEncoder returns an encoder of v's events, in v's language and zone.
func newExportEncoder(v *customerView) *exportEncoder {
	return &exportEncoder{v: v, stories: v.l.EventStories()}
}

// appendSentence appends the sentence the activity page tells of e.
func (x *exportEncoder) appendSentence(dst []byte, e store.Event) []byte {
	f := x.v.eventFacts(e, x.cats)
	x.cats = f.Categories
	return x.stories.AppendSentence(dst, f)
}

// appendJSON appends e as one object of export.json's "events", exactly as encoding/json wrote it from
// {id, occurred_at, system, purpose, action, data_categories, sentence, outcome, model_version, decision,
// actor, on_behalf_of, act, consent_violation}, the texts after data_categories left out when empty and the
// violation when false. A system, purpose or category the registry no longer has is named by an empty slug
// or left out of the list.
func (x *exportEncoder) appendJSON(dst []byte, e store.Event) []byte {
	reg := x.v.reg
	dst = append(dst, `{"id":`...)
	dst = appendJSONString(dst, e.Key)
	dst = append(dst, `,"occurred_at":"`...)
	dst = e.OccurredAt.AppendFormat(dst, time.RFC3339Nano) // as time.Time's MarshalJSON
	dst = append(dst, `","system":`...)
	slug := ""
	if s := reg.Systems[e.SystemID]; s != nil {
		slug = s.Slug
	}
	dst = appendJSONString(dst, slug)
	dst = append(dst, `,"purpose":`...)
	slug = ""
	if p := reg.Purposes[e.PurposeID]; p != nil {
		slug = p.Slug
	}
	dst = appendJSONString(dst, slug)
	dst = append(dst, `,"action":`...)
	dst = appendJSONString(dst, e.Action)
	dst = append(dst, `,"data_categories":[`...)
	first := true
	for _, id := range e.CategoryIDs {
		if d := reg.Categories[id]; d != nil {
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst = appendJSONString(dst, d.Slug)
		}
	}
	dst = append(dst, `],"sentence":`...)
	x.scratch = x.appendSentence(x.scratch[:0], e)
	dst = appendJSONBytes(dst, x.scratch)
	for _, f := range [...]struct{ name, value string }{
		{`,"outcome":`, e.Outcome}, {`,"model_version":`, e.ModelVersion}, {`,"decision":`, e.Decision},
		{`,"actor":`, e.Actor}, {`,"on_behalf_of":`, e.OnBehalfOf},
	} {
		if f.value != "" {
			dst = append(dst, f.name...)
			dst = appendJSONString(dst, f.value)
		}
	}
	if e.Act != nil {
		// The delegation chain as the brand sent it (RFC 8693's act shape): rare, and small, so encoding/json writes it.
		b, _ := json.Marshal(e.Act)
		dst = append(dst, `,"act":`...)
		dst = append(dst, b...)
	}
	if e.Violation {
		dst = append(dst, `,"consent_violation":true`...)
	}
	return append(dst, '}')
}

// csvRow fills row with e as one "event" row of export.csv, in the columns of its header.
func (x *exportEncoder) csvRow(row []string, e store.Event) []string {
	reg := x.v.reg
	system, purpose, basis := "", "", ""
	if s := reg.Systems[e.SystemID]; s != nil {
		system = s.Slug
	}
	if p := reg.Purposes[e.PurposeID]; p != nil {
		purpose, basis = p.Slug, p.LegalBasis
	}
	x.scratch = x.scratch[:0]
	for _, id := range e.CategoryIDs {
		if d := reg.Categories[id]; d != nil {
			if len(x.scratch) > 0 {
				x.scratch = append(x.scratch, ' ')
			}
			x.scratch = append(x.scratch, d.Slug...)
		}
	}
	cats := string(x.scratch)
	x.scratch = x.appendSentence(x.scratch[:0], e)
	chain := ""
	if e.Act != nil {
		chain = e.Act.String()
	}
	return append(row[:0], "event", e.Key, e.OccurredAt.Format(time.RFC3339), system, purpose, basis, e.Action,
		cats, string(x.scratch), e.Outcome, e.ModelVersion, strconv.FormatBool(e.Violation), chain)
}

// appendJSONString appends s as a JSON string, exactly as encoding/json writes it. Most texts (slugs, ids,
// sentences) hold nothing it escapes and are appended as they are; any other is left to encoding/json.
func appendJSONString(dst []byte, s string) []byte {
	if !jsonVerbatim(s) {
		b, _ := json.Marshal(s)
		return append(dst, b...)
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}

// appendJSONBytes is appendJSONString for text held in b.
func appendJSONBytes(dst, b []byte) []byte {
	if !jsonVerbatimBytes(b) {
		m, _ := json.Marshal(string(b))
		return append(dst, m...)
	}
	dst = append(dst, '"')
	dst = append(dst, b...)
	return append(dst, '"')
}

// jsonVerbatim reports whether encoding/json writes s between its quotes as it is: valid UTF-8 without control
// characters, quotes, backslashes, the HTML characters < > & it escapes by default, or U+2028 and U+2029. A
// U+FFFD, which could be an invalid byte, is left to encoding/json too.
func jsonVerbatim(s string) bool {
	for _, r := range s {
		if jsonEscapes(r) {
			return false
		}
	}
	return true
}

// jsonVerbatimBytes is jsonVerbatim for text held in b, read in place.
func jsonVerbatimBytes(b []byte) bool {
	for len(b) > 0 {
		r, n := rune(b[0]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(b)
		}
		if jsonEscapes(r) {
			return false
		}
		b = b[n:]
	}
	return true
}

// jsonEscapes reports whether encoding/json writes r otherwise than as it is (see jsonVerbatim).
func jsonEscapes(r rune) bool {
	return r < 0x20 || r == '"' || r == '\\' || r == '<' || r == '>' || r == '&' || r == utf8.RuneError || r == '\u2028' || r == '\u2029'
}
