package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"
)

// msgLineTooLong is the error of a line over MaxLineBytes: the line is skipped unread, so the file's other events
// are still imported.
var msgLineTooLong = fmt.Sprintf("line is longer than %d bytes (%d KiB)", MaxLineBytes, MaxLineBytes>>10)

// NDJSONReader streams a large NDJSON file for `vitrine import`, batch by batch, never holding the whole file:
// at most one line of MaxLineBytes is buffered, however long the file or its lines. The API's NDJSON bodies go
// through it too, so a file and a request are read by the same rules: lines are counted from 1, a UTF-8 byte
// order mark at the start is ignored, "\r\n" endings are accepted, and blank lines are skipped.
type NDJSONReader struct {
	br   *bufio.Reader
	now  time.Time
	line int   // lines consumed so far
	read int64 // bytes consumed so far, for progress
	err  error // io.EOF or the read error, returned once the items before it are handed out
}

// NewNDJSONReader reads events from r. now is the reference for the occurred_at checks of every event of the
// file, so a long import judges all its events against the same clock.
func NewNDJSONReader(r io.Reader, now time.Time) *NDJSONReader {
	// Room for a line of MaxLineBytes plus a byte order mark and "\r\n": any line that does not fit is too long.
	return &NDJSONReader{br: bufio.NewReaderSize(r, MaxLineBytes+8), now: now}
}

// Next returns the next up-to-n items (n <= 0 means MaxBatchEvents), with Line set and Index counted within
// this batch; ids repeated within the batch are rejected as in DecodeBatch. It returns io.EOF, with no items,
// when the input is done. A line over MaxLineBytes is an item with an error, not a failure. If reading fails,
// the complete lines read before are returned first and the error (naming the line) on the next call.
func (nr *NDJSONReader) Next(n int) ([]Item, error) {
	if n <= 0 {
		n = MaxBatchEvents
	}
	if nr.err != nil {
		return nil, nr.err
	}
	var items []Item
	for len(items) < n {
		line, tooLong, err := nr.readLine()
		if err != nil {
			nr.err = err
			break
		}
		if tooLong {
			items = append(items, Item{Index: len(items), Line: nr.line, Errors: []FieldError{{Message: msgLineTooLong}}})
			continue
		}
		if !isEventLine(line) {
			continue
		}
		items = append(items, newItem(len(items), nr.line, line, nr.now))
	}
	if len(items) == 0 {
		return nil, nr.err
	}
	markDuplicates(items)
	return items, nil
}

// BytesRead is how many bytes of the input the reader has consumed, so the import can show progress.
func (nr *NDJSONReader) BytesRead() int64 { return nr.read }

// readLine returns the next line without its ending, valid until the next call. A line over MaxLineBytes is
// consumed and dropped (tooLong), so its size never costs memory.
func (nr *NDJSONReader) readLine() (line []byte, tooLong bool, err error) {
	for {
		chunk, err := nr.br.ReadSlice('\n')
		nr.read += int64(len(chunk))
		switch {
		case err == nil:
			line = chunk[:len(chunk)-1]
		case errors.Is(err, bufio.ErrBufferFull):
			tooLong = true
			continue
		case errors.Is(err, io.EOF):
			if len(chunk) == 0 && !tooLong {
				return nil, false, io.EOF
			}
			line = chunk // the last line has no ending
		default:
			return nil, false, fmt.Errorf("reading line %d: %w", nr.line+1, err)
		}
		nr.line++
		if tooLong {
			return nil, true, nil
		}
		if nr.line == 1 {
			line = bytes.TrimPrefix(line, bom)
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		return line, len(line) > MaxLineBytes, nil
	}
}
