package plain

// Words for the kinds of data vitrine itself reveals when a brand's agent reads a customer through the brand API
// (fideslang keys): a brand that has not described them in its registry still gets a sentence its customer reads,
// not a key.
func init() {
	addTexts(map[string]text{
		"data.known.user.privacy_preferences":  {"your privacy choices", "vos choix de confidentialité"},
		"data.known.user.unique_id":            {"your customer number", "votre numéro de client"},
		"data.known.user.demographic.language": {"your language", "votre langue"},
	})
}

// KnownData names, in l's language, a kind of data vitrine knows by its fideslang key; ok is false for any other.
func (l *Localizer) KnownData(key string) (string, bool) {
	k := "data.known." + key
	if _, ok := texts[k]; !ok {
		return "", false
	}
	return l.T(k), true
}
