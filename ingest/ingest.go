// Package ingest is the one decoder and validator of data-usage events, so that the HTTP API and the NDJSON file import refuse and accept exactly the same events.
package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"vitrine/store"
)

// Limits, exported so the API can document them and tests can reach them. They bound the memory and time one
// request or one import batch can cost, and keep every stored string small enough to show on a page.
const (
	MaxBatchEvents = 1000                      // events per request / per import batch
	MaxBodyBytes   = 5 << 20                   // request body
	MaxLineBytes   = 64 << 10                  // one NDJSON line / one event object
	MaxIDLen       = 200                       // id, customer, system, purpose, actor, channel, model_version (bytes)
	MaxOutcomeLen  = 500                       // outcome, decision, on_behalf_of (bytes)
	MaxCategories  = 50                        // data_categories entries
	MaxFutureSkew  = 10 * time.Minute          // occurred_at may be at most this far after now (clock drift)
	MaxAge         = 10 * 365 * 24 * time.Hour // and not older than this
)

// FieldError names the field of an event that is wrong and says why, in words a brand engineer can act on.
// Field is the JSON field name, or "" when the event as a whole is wrong (not JSON, not an object, too large).
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Item is one event of a batch after decoding and validation: either Event is usable (Errors empty) or not.
// When Errors is not empty, Event is the zero value, so a rejected event can never be stored by mistake.
type Item struct {
	Index  int    // position in the batch, 0-based
	Line   int    // NDJSON line number (1-based), 0 for JSON batches
	ID     string // the event's id when it could be read, for the answer
	Event  store.EventInput
	Errors []FieldError
}

// Batch-level refusals: the body as a whole cannot be taken, so no event of it is looked at. Their texts are
// written for the brand engineer who reads them in the API's problem details.
var (
	// ErrEmpty: the batch holds no event (the handler answers 400).
	ErrEmpty = errors.New("the batch holds no events")
	// ErrTooMany: the batch holds more than MaxBatchEvents events (the handler answers 413); nothing is validated.
	ErrTooMany = fmt.Errorf("too many events in one batch (at most %d)", MaxBatchEvents)
	// ErrUnreadable is returned wrapped with the reason, e.g. "body is not JSON (…)" or
	// "expected an object with an \"events\" array" (the handler answers 400).
	ErrUnreadable = errors.New("unreadable batch")
	// ErrTooLarge: the body is larger than MaxBodyBytes (the handler answers 413).
	ErrTooLarge = fmt.Errorf("body is larger than %d bytes (%d MiB)", MaxBodyBytes, MaxBodyBytes>>20)
)

// bom is the UTF-8 byte order mark some editors and spreadsheet exports put at the start of a file.
var bom = []byte("\xef\xbb\xbf")

// DecodeBatch reads a request body: a JSON object {"events":[…]} (content type application/json, or anything not
// NDJSON; a top-level array of events is accepted too) or NDJSON (one event per line; content type
// application/x-ndjson or application/ndjson; blank lines skipped).
//
// Each event is decoded on its own (a json.RawMessage per element, per line), so one malformed event is rejected
// alone with a precise error and the others are kept; items keep their position in the batch. A batch-level
// problem is an error wrapping ErrEmpty, ErrTooMany, ErrUnreadable or ErrTooLarge. DecodeBatch never reads more
// than MaxBodyBytes+1 bytes; the caller should still wrap the body with http.MaxBytesReader, whose error is
// reported as ErrTooLarge too. now is the reference for the occurred_at checks.
func DecodeBatch(r io.Reader, contentType string, now time.Time) ([]Item, error) {
	body, err := io.ReadAll(io.LimitReader(r, MaxBodyBytes+1))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, fmt.Errorf("%w: %w", ErrTooLarge, err)
		}
		return nil, fmt.Errorf("%w: reading the body: %w", ErrUnreadable, err)
	}
	if len(body) > MaxBodyBytes {
		return nil, ErrTooLarge
	}
	if isNDJSON(contentType) {
		return decodeNDJSON(body, now)
	}
	return decodeJSON(body, now)
}

// isNDJSON tells the two body formats apart by content type; anything unknown is read as JSON, the common case.
func isNDJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		// A malformed parameter should not change the format the client plainly named.
		mt, _, _ = strings.Cut(contentType, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
	}
	return mt == "application/x-ndjson" || mt == "application/ndjson"
}

// decodeJSON reads {"events":[…]} or […]. A syntax error anywhere makes the whole body unreadable: JSON cannot be
// resynchronised after one, unlike NDJSON where the next line starts afresh.
func decodeJSON(body []byte, now time.Time) ([]Item, error) {
	rest := trimLeftSpace(bytes.TrimPrefix(body, bom))
	lead := len(body) - len(rest) // offsets in messages count from the start of the body as sent
	body = trimSpace(rest)
	if len(body) == 0 {
		return nil, fmt.Errorf("%w: the body is empty", ErrEmpty)
	}
	if !json.Valid(body) {
		var v json.RawMessage
		return nil, notJSON(json.Unmarshal(body, &v), lead)
	}
	var events []byte
	switch body[0] {
	case '[':
		events = body
	case '{':
		found, single := false, false
		forEachMember(body, func(key, value []byte) {
			switch k, _ := decodeString(key); k {
			case "events": // the last one wins, as with encoding/json
				events, found = value, true
			case "id":
				single = true
			}
		})
		if len(events) == 0 || events[0] != '[' {
			if single && !found {
				return nil, fmt.Errorf("%w: expected an object with an \"events\" array; to send one event, wrap it: {\"events\":[{…}]}", ErrUnreadable)
			}
			return nil, fmt.Errorf("%w: expected an object with an \"events\" array", ErrUnreadable)
		}
	default:
		return nil, fmt.Errorf("%w: expected an object with an \"events\" array", ErrUnreadable)
	}
	// Count every element but keep at most the limit: 5 MiB of "[1,1,1,…" must not cost 60 MB of slices.
	var elems [][]byte
	n := 0
	forEachElement(events, func(value []byte) {
		if n++; n <= MaxBatchEvents {
			elems = append(elems, value)
		}
	})
	if n == 0 {
		return nil, fmt.Errorf("%w: the \"events\" array is empty", ErrEmpty)
	}
	if n > MaxBatchEvents {
		return nil, fmt.Errorf("%w: the body has %d", ErrTooMany, n)
	}
	items := make([]Item, len(elems))
	for i, raw := range elems {
		ev, errs, id := validate(raw, now, true)
		items[i] = Item{Index: i, ID: id, Event: ev, Errors: errs}
	}
	markDuplicates(items)
	return items, nil
}

// notJSON turns a decoding error into the batch-level refusal, with the byte offset in the body as sent so the
// engineer can find the spot, and a hint for the common mistake of sending NDJSON as application/json.
func notJSON(err error, lead int) error {
	msg := err.Error()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		msg = fmt.Sprintf("%s, near byte %d", msg, se.Offset+int64(lead))
	}
	hint := ""
	if strings.Contains(msg, "after top-level value") {
		hint = "; to send one event per line, use Content-Type application/x-ndjson"
	}
	return fmt.Errorf("%w: body is not JSON (%s)%s", ErrUnreadable, msg, hint)
}

// decodeNDJSON reads an NDJSON body through the same NDJSONReader as the file import, so both treat lines,
// byte order marks, CRLF endings and long lines alike. The events are counted first, so an oversized batch is
// refused before anything is validated.
func decodeNDJSON(body []byte, now time.Time) ([]Item, error) {
	n := countEventLines(body)
	if n == 0 {
		return nil, fmt.Errorf("%w: the body has no line with an event", ErrEmpty)
	}
	if n > MaxBatchEvents {
		return nil, fmt.Errorf("%w: the body has %d", ErrTooMany, n)
	}
	items, err := NewNDJSONReader(bytes.NewReader(body), now).Next(MaxBatchEvents)
	if err != nil {
		// Reading from memory cannot fail and n > 0 lines hold events, so this is a bug, not the client's fault;
		// still, refuse the batch rather than lose events silently.
		return nil, fmt.Errorf("%w: %w", ErrUnreadable, err)
	}
	return items, nil
}

// countEventLines counts the lines NDJSONReader would turn into items, by the same rules.
func countEventLines(body []byte) int {
	body = bytes.TrimPrefix(body, bom)
	n := 0
	for len(body) > 0 {
		line := body
		if i := bytes.IndexByte(body, '\n'); i >= 0 {
			line, body = body[:i], body[i+1:]
		} else {
			body = nil
		}
		if isEventLine(bytes.TrimSuffix(line, []byte{'\r'})) {
			n++
		}
	}
	return n
}

// isEventLine reports whether a line (without its line ending) is an item: too long, or not blank.
func isEventLine(line []byte) bool {
	return len(line) > MaxLineBytes || len(trimSpace(line)) > 0
}

// newItem validates one raw event of unknown form (an NDJSON line).
func newItem(index, line int, raw []byte, now time.Time) Item {
	ev, errs, id := Validate(raw, now)
	return Item{Index: index, Line: line, ID: id, Event: ev, Errors: errs}
}

// markDuplicates rejects the second and later events of a batch that share an id: the store would keep only the
// first and call the others duplicates, silently dropping whatever differed in them.
func markDuplicates(items []Item) {
	first := make(map[string]int, len(items))
	for i := range items {
		it := &items[i]
		if it.ID == "" {
			continue
		}
		j, seen := first[it.ID]
		if !seen {
			first[it.ID] = i
			continue
		}
		msg := fmt.Sprintf("appears more than once in this batch (first at index %d)", items[j].Index)
		if items[j].Line > 0 {
			msg = fmt.Sprintf("appears more than once in this batch (first at index %d, line %d)", items[j].Index, items[j].Line)
		}
		it.Errors = append(it.Errors, FieldError{Field: "id", Message: msg})
		it.Event = store.EventInput{}
	}
}

// isJSONSpace reports the four whitespace bytes JSON allows between tokens; nothing else (not even U+00A0) is blank.
func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func trimLeftSpace(b []byte) []byte {
	for len(b) > 0 && isJSONSpace(b[0]) {
		b = b[1:]
	}
	return b
}

func trimSpace(b []byte) []byte {
	b = trimLeftSpace(b)
	for len(b) > 0 && isJSONSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}
