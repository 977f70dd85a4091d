package plain

import (
	"strings"
	"unicode"
)

// Readability is a text's reading-ease score and the counts behind it.
type Readability struct {
	Score     float64
	Words     int
	Sentences int
	Syllables int
}

// ReadingEase scores how easy a text is to read, on the usual 0–100 scale (60 and over: plain language a
// school leaver reads easily). English uses Flesch's formula; French uses Kandel and Moles' adaptation of it,
// which weighs syllables less because French words have more of them.
func ReadingEase(locale, text string) Readability {
	var r Readability
	for _, s := range splitSentences(text) {
		words := strings.FieldsFunc(s, func(c rune) bool { return unicode.IsSpace(c) || c == '/' || c == '—' })
		n := 0
		for _, w := range words {
			w = strings.TrimFunc(w, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) })
			if w == "" {
				continue
			}
			n++
			r.Syllables += syllables(locale, w)
		}
		if n > 0 {
			r.Words += n
			r.Sentences++
		}
	}
	if r.Words == 0 {
		r.Score = 100
		return r
	}
	wps := float64(r.Words) / float64(r.Sentences)
	spw := float64(r.Syllables) / float64(r.Words)
	if locale == "fr" {
		r.Score = 207 - 1.015*wps - 73.6*spw
	} else {
		r.Score = 206.835 - 1.015*wps - 84.6*spw
	}
	return r
}

// splitSentences cuts at ., ! and ? followed by a space or the end, and at line breaks.
func splitSentences(text string) []string {
	var out []string
	var b strings.Builder
	rs := []rune(text)
	for i, c := range rs {
		if c == '\n' {
			out = append(out, b.String())
			b.Reset()
			continue
		}
		b.WriteRune(c)
		if (c == '.' || c == '!' || c == '?') && (i+1 == len(rs) || unicode.IsSpace(rs[i+1])) {
			out = append(out, b.String())
			b.Reset()
		}
	}
	if strings.TrimSpace(b.String()) != "" {
		out = append(out, b.String())
	}
	return out
}

// syllables estimates the syllables of a word by its groups of vowels, the usual approximation for both
// languages, with the silent endings each language has. A number counts as one syllable a digit, up to three.
func syllables(locale, word string) int {
	word = strings.ToLower(word)
	if unicode.IsDigit([]rune(word)[0]) {
		return min(3, max(1, len(word)/2))
	}
	vowels := "aeiouy"
	if locale == "fr" {
		vowels = "aeiouyàâäéèêëîïôöùûüÿœæ"
	}
	n := 0
	prev := false
	for _, c := range word {
		v := strings.ContainsRune(vowels, c)
		if v && !prev {
			n++
		}
		prev = v
	}
	switch {
	case locale == "fr":
		// A final e, es or ent (verbs) is not said: "donnée", "données", "utilisent".
		// Only after a consonant: in "données" the é still counts.
		rs := []rune(word)
		for _, end := range []string{"ent", "es", "e"} {
			k := len(rs) - len(end)
			if strings.HasSuffix(word, end) && k > 2 && n > 1 && !strings.ContainsRune(vowels, rs[k-1]) {
				n--
				break
			}
		}
	default:
		// A final silent e ("use", "made"), but not "-le" after a consonant ("simple").
		if strings.HasSuffix(word, "e") && !strings.HasSuffix(word, "le") && n > 1 {
			n--
		}
		if strings.HasSuffix(word, "ed") && !strings.HasSuffix(word, "ted") && !strings.HasSuffix(word, "ded") && n > 1 {
			n--
		}
	}
	return max(1, n)
}
