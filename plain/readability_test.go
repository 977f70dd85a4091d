package plain

import "testing"

func TestReadingEase(t *testing.T) {
	cases := []struct {
		locale, text string
		min, max     float64
	}{
		// A classic plain sentence scores high, a dense legal one low, in both languages.
		{"en", "The cat sat on the mat. It was warm.", 90, 130},
		{"en", "Notwithstanding the aforementioned contractual obligations, the organisation shall implement appropriate technical measures.", -60, 20},
		{"fr", "Le chat dort sur le tapis. Il fait chaud.", 90, 130},
		{"fr", "Nonobstant les obligations contractuelles susmentionnées, l'organisation mettra en œuvre des mesures techniques appropriées.", -60, 30},
	}
	for _, c := range cases {
		r := ReadingEase(c.locale, c.text)
		if r.Score < c.min || r.Score > c.max {
			t.Errorf("%s %q: score %.1f, want %v..%v (%+v)", c.locale, c.text, r.Score, c.min, c.max, r)
		}
	}
	if r := ReadingEase("en", "One. Two three."); r.Sentences != 2 || r.Words != 3 {
		t.Errorf("counts = %+v", r)
	}
}

func TestSyllables(t *testing.T) {
	cases := []struct {
		locale, word string
		want         int
	}{
		{"en", "data", 2}, {"en", "use", 1}, {"en", "model", 2}, {"en", "recommender", 4}, {"en", "simple", 2}, {"en", "used", 1},
		{"fr", "données", 2}, {"fr", "utilisent", 3}, {"fr", "modèle", 2}, {"fr", "vos", 1}, {"fr", "système", 2},
	}
	for _, c := range cases {
		if got := syllables(c.locale, c.word); got != c.want {
			t.Errorf("syllables(%s, %q) = %d, want %d", c.locale, c.word, got, c.want)
		}
	}
}
