package plain

import (
	"encoding/binary"
	"strings"
	"time"
)

// maxFrames bounds the frames an EventStories keeps, a few hundred bytes each: a customer's history has
// dozens to thousands of shapes of event (each system's pairs of data categories count apart), but brand texts
// that differ from event to event (a model version, an agent's name) could make each event its own, and a long
// export must not hold one per event.
const maxFrames = 8192

// EventStories writes the sentence of EventStory for a long run of events, such as a customer's whole history
// in an export, exactly as EventStory writes it. Events that differ only in their time, outcome or decision
// (most of a history: the same systems use the same data for the same reasons) share their sentences but for
// the time, so it writes those once per shape and fills in each event's time; and the events of one day share
// the day's date, written once per day. It is not safe for concurrent use: make one per export.
type EventStories struct {
	l      *Localizer
	frames map[string]storyFrame
	key    []byte // the key of the event at hand, reused so that finding a frame allocates nothing
	out    []byte // Sentence's text, reused

	// The date text of the day last seen, in l's zone, around the hole where the clock time goes.
	year               int
	month              time.Month
	day                int // 0 before the first event
	dateHead, dateTail string
	dateCut            bool
}

// EventStories returns an empty EventStories writing in l's language and zone.
func (l *Localizer) EventStories() *EventStories {
	return &EventStories{l: l, frames: map[string]storyFrame{}}
}

// Sentence returns the sentences of EventStory(e), without its quotes.
func (s *EventStories) Sentence(e EventFacts) string {
	s.out = s.AppendSentence(s.out[:0], e)
	return string(s.out)
}

// AppendSentence appends the sentences of EventStory(e), without its quotes, to dst.
func (s *EventStories) AppendSentence(dst []byte, e EventFacts) []byte {
	s.key = frameKey(s.key[:0], e)
	f, ok := s.frames[string(s.key)]
	if !ok {
		f, _ = s.l.eventFrame(e)
		if len(s.frames) >= maxFrames {
			// Drop one frame, the first the map's random order gives: unlike dropping them all, this keeps
			// most frames useful when the shapes come round in a cycle longer than maxFrames.
			for k := range s.frames {
				delete(s.frames, k)
				break
			}
		}
		s.frames[string(s.key)] = f
	}
	if !f.cut {
		return append(dst, f.at(s.l, s.l.DateTime(e.At))...)
	}
	dst = append(dst, f.head...)
	dst = s.appendDateTime(dst, e.At)
	return append(dst, f.tail...)
}

// appendDateTime appends l.DateTime(t): the day's date written once per day, the clock time by hand.
func (s *EventStories) appendDateTime(dst []byte, t time.Time) []byte {
	t = t.In(s.l.zone())
	if y, m, d := t.Date(); d != s.day || m != s.month || y != s.year {
		s.year, s.month, s.day = y, m, d
		// As eventFrame does with the time in the sentence: the date message written around a mark and cut.
		at := s.l.T("date.at", s.l.Date(t), timeMark)
		i := strings.Index(at, timeMark)
		s.dateCut = i >= 0 && strings.Count(at, timeMark) == 1
		if s.dateCut {
			s.dateHead, s.dateTail = at[:i], at[i+len(timeMark):]
		}
	}
	if !s.dateCut {
		return append(dst, s.l.DateTime(t)...)
	}
	dst = append(dst, s.dateHead...)
	dst = appendTwo(dst, t.Hour()) // as t.Format("15:04")
	dst = append(dst, ':')
	dst = appendTwo(dst, t.Minute())
	return append(dst, s.dateTail...)
}

// appendTwo appends n, from 0 to 99, in two digits.
func appendTwo(dst []byte, n int) []byte {
	return append(dst, byte('0'+n/10), byte('0'+n%10))
}

// frameKey appends to key every fact of e that eventFrame reads, each told apart from the next by its length,
// so that two events share a key exactly when they share their frame.
func frameKey(key []byte, e EventFacts) []byte {
	for _, f := range [...]string{e.SystemName, e.Action, e.PurposeAim, e.ModelVersion, e.Actor, e.OnBehalfOf, e.Review} {
		key = binary.AppendUvarint(key, uint64(len(f)))
		key = append(key, f...)
	}
	flags := byte(0)
	if e.HumanReview {
		flags = 1
	}
	key = append(key, flags)
	key = appendAgentKey(key, e.Act)
	if e.Review != "" {
		key = binary.AppendVarint(key, e.ReviewAt.UnixNano()) // the sentence tells its date in l's zone: the instant is enough
	}
	key = binary.AppendUvarint(key, uint64(len(e.Categories)))
	for _, c := range e.Categories {
		key = binary.AppendUvarint(key, uint64(len(c.Phrase)))
		key = append(key, c.Phrase...)
		if c.Sensitive {
			key = append(key, 1)
		} else {
			key = append(key, 0)
		}
	}
	return key
}
