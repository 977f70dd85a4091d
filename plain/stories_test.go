package plain

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestEventStoriesWriteWhatEventStoryWrites writes the sentences of thousands of events of every action and
// every kind of brand text, in both languages and in a zone with summer time, in time order (days repeat, as in
// a history) and out of it, through one EventStories each, and compares each with EventStory's.
func TestEventStoriesWriteWhatEventStoryWrites(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	actions := []string{"inference", "training", "decision", "generation", "sharing", "agent_access", "future_action"}
	categories := []Category{{Phrase: "your purchase history"}, {Phrase: "votre selfie", Sensitive: true}, {Phrase: "  "}, {Phrase: "your location"}}
	start := time.Date(2026, 3, 28, 21, 0, 0, 0, time.UTC) // across the night summer time starts in Paris
	facts := func(i int, inOrder bool) EventFacts {
		at := start.Add(time.Duration(i) * 17 * time.Minute)
		if !inOrder {
			at = start.Add(time.Duration(rng.IntN(400*24*60)) * time.Minute)
		}
		f := EventFacts{At: at, SystemName: pick("Product recommender", "", " Virtual try-on ", "Système «\u00a0maison\u00a0»"),
			Action: pick(actions...), PurposeAim: pick("", "recommend products you may like", "vous recommander des produits.", "answer you!"),
			Outcome: pick("", "suggested 4 products", "done."), ModelVersion: pick("", "v7", "12", "V"), Actor: pick("", "Acme Analytics", " ShopBot "),
			OnBehalfOf: pick("", "Camille"), Decision: pick("", "credit limit set to £2,000", "suggested 4 products"), HumanReview: rng.IntN(2) == 0}
		for range rng.IntN(4) {
			f.Categories = append(f.Categories, categories[rng.IntN(len(categories))])
		}
		if rng.IntN(5) == 0 {
			f.Review, f.ReviewAt = pick("pending", "reviewed"), at.Add(time.Duration(rng.IntN(72))*time.Hour)
		}
		if rng.IntN(200) == 0 { // a brand text holding the mark: the frame is not cut, and is written again
			f.Actor = "Acme" + timeMark
		}
		if rng.IntN(2) == 0 { // so many versions that maxFrames is reached and the frames are written again
			f.ModelVersion = fmt.Sprint(rng.IntN(1_000_000))
		}
		return f
	}
	for _, lc := range Locales {
		for _, loc := range []*time.Location{paris(t), time.UTC} {
			l := New(lc, loc)
			for _, inOrder := range []bool{true, false} {
				stories := l.EventStories()
				for i := range 20_000 {
					f := facts(i, inOrder)
					want, _ := l.EventStory(f)
					if got := stories.Sentence(f); got != want {
						t.Fatalf("%s %s, event %d %+v:\n got %q\nwant %q", lc, loc, i, f, got, want)
					}
				}
			}
		}
	}
}

// BenchmarkEventStories compares writing a history's sentences one by one with EventStory and through
// EventStories.
func BenchmarkEventStories(b *testing.B) {
	l := New("fr", paris(b))
	f := EventFacts{SystemName: "Product recommender", Action: "inference", PurposeAim: "vous recommander des produits",
		Categories: []Category{{Phrase: "votre historique d'achats"}, {Phrase: "votre selfie", Sensitive: true}}}
	at := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	b.Run("EventStory", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			f.At = at.Add(-time.Duration(i) * 5 * time.Minute)
			l.EventStory(f)
			i++
		}
	})
	b.Run("EventStories", func(b *testing.B) {
		b.ReportAllocs()
		stories, buf, i := l.EventStories(), []byte(nil), 0
		for b.Loop() {
			f.At = at.Add(-time.Duration(i) * 5 * time.Minute)
			buf = stories.AppendSentence(buf[:0], f)
			i++
		}
	})
}
