package plain

// Messages of the widget brands embed in their own sites.
func init() {
	addTexts(map[string]text{
		"embed.open":               {"See everything on your full page", "Tout voir sur votre page complète"},
		"embed.bar":                {"%s: %s", "%s\u00a0: %s"},                                                                                                                                // month, "12 times"
		"embed.chart":              {"Uses of your data per month, over the last 12 months: %s in all.", "Utilisations de vos données par mois, sur les 12 derniers mois\u00a0: %s en tout."}, // total
		"embed.error.link_invalid": {"We cannot show your data here", "Nous ne pouvons pas afficher vos données ici"},
		"embed.error.link_expired": {"This view has expired", "Cet affichage a expiré"},
		"embed.error.link_used":    {"This link was already used", "Ce lien a déjà servi"},
		"embed.error.signed_out":   {"We cannot show your data here", "Nous ne pouvons pas afficher vos données ici"},
		"embed.error.body": {
			"Reload the page to try again. If it keeps happening, sign in again on this website.",
			"Rechargez la page pour réessayer. Si cela continue, reconnectez-vous sur ce site.",
		},
	})
	addPlurals(map[string]pluralText{
		"embed.more": { // systems not listed in the widget
			forms{"=1": "and 1 more AI system: see it on your full page", "other": "and %s more AI systems: see them on your full page"},
			forms{"=1": "et 1 autre système d'IA\u00a0: voyez-le sur votre page complète", "other": "et %s autres systèmes d'IA\u00a0: voyez-les sur votre page complète"},
		},
		"system.violations": { // uses without the consent they needed
			forms{"=1": "Used your data once without your consent", "=2": "Used your data twice without your consent", "other": "Used your data %s times without your consent"},
			forms{"=1": "A utilisé vos données une fois sans votre accord", "other": "A utilisé vos données %s fois sans votre accord"},
		},
	})
}
