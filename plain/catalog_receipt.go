package plain

// Messages of a signed consent receipt: what it holds beyond the choice itself, and what makes it a proof.
func init() {
	addTexts(map[string]text{
		"receipt.controller_contact":  {"%s (privacy contact: %s)", "%s (contact vie privée : %s)"}, // brand, e-mail
		"receipt.recorded_by":         {"Recorded by", "Enregistré par"},
		"receipt.recorded.you":        {"You", "Vous"},
		"receipt.recorded.team":       {"The %s team of %s", "L'équipe %s de %s"}, // team, brand
		"receipt.recorded.system":     {"%s's systems, which told us of your choice", "Les systèmes de %s, qui nous ont transmis votre choix"},
		"receipt.recorded.browser":    {"Your browser's privacy signal (Global Privacy Control)", "Le signal de confidentialité de votre navigateur (Global Privacy Control)"},
		"receipt.recorded.agent":      {"An AI assistant you connected, after you confirmed", "Un assistant IA que vous avez connecté, après votre confirmation"},
		"receipt.recorded.import":     {"%s, from its own records", "%s, d'après ses propres registres"},
		"receipt.team.support":        {"customer support", "service client"},
		"receipt.team.privacy":        {"privacy", "vie privée"},
		"receipt.team.marketing":      {"marketing", "marketing"},
		"receipt.team.admin":          {"administration", "administration"},
		"receipt.team.staff":          {"customer", "clientèle"},
		"receipt.data":                {"Your data it uses", "Vos données utilisées"},
		"receipt.data_none":           {"None of your data has been used for this yet.", "Aucune de vos données n'a encore servi à cela."},
		"receipt.learning":            {"Models learning", "Apprentissage des modèles"},
		"receipt.learning_yes":        {"AI models may learn from this data, not only use it.", "Des modèles d'IA peuvent apprendre de ces données, pas seulement s'en servir."},
		"receipt.recipients":          {"Who else gets the data", "Qui d'autre reçoit les données"},
		"receipt.recipients_none":     {"Nobody outside %s.", "Personne en dehors de %s."}, // brand
		"receipt.recipients_unused":   {"When you made this choice, no AI system had used data for this yet.", "Quand vous avez fait ce choix, aucun système d'IA n'avait encore utilisé de données pour cela."},
		"receipt.recipient":           {"%s, for %s", "%s, pour %s"}, // vendor, system
		"receipt.retention":           {"How long the details are kept", "Durée de conservation des détails"},
		"receipt.retention_item":      {"%s: %s", "%s : %s"}, // system, period
		"receipt.valid":               {"Valid", "Validité"},
		"receipt.valid_until_changed": {"From %s until you change it", "Du %s jusqu'à ce que vous le changiez"}, // date
		"receipt.withdraw":            {"How to change it", "Comment le changer"},
		"receipt.withdraw_how":        {"On your choices page, at any time: open it from the brand's website.", "Sur la page de vos choix, à tout moment : ouvrez-la depuis le site de la marque."},
		"receipt.proof_title":         {"Why you can rely on this receipt", "Pourquoi vous pouvez vous fier à ce reçu"},
		"receipt.proof": { // brand, entry number
			"This receipt was signed for %s when you made the choice, so nobody can change it without the signature showing it. It is entry %d of the record of your choices and of staff visits to your data. Each entry seals the one before, so no entry can be removed or changed unseen. Anyone can check it with the keys below, or with the command vitrine verify.",
			"Ce reçu a été signé pour %s au moment de votre choix : personne ne peut le modifier sans que la signature le montre. C'est l'entrée %d du registre de vos choix et des consultations de vos données par le personnel. Chaque entrée scelle la précédente : aucune ne peut être retirée ou changée sans que cela se voie. Chacun peut le vérifier avec les clés ci-dessous, ou avec la commande vitrine verify.",
		},
		"receipt.kept_years": { // brand, years
			"%s keeps receipts and records of staff visits for %d years, then deletes them. The receipt of each choice still in force is always kept.",
			"%s garde les reçus et les traces des consultations du personnel pendant %d ans, puis les supprime. Le reçu de chaque choix encore en vigueur est toujours gardé.",
		},
		"receipt.kept_months": { // brand, months
			"%s keeps receipts and records of staff visits for %d months, then deletes them. The receipt of each choice still in force is always kept.",
			"%s garde les reçus et les traces des consultations du personnel pendant %d mois, puis les supprime. Le reçu de chaque choix encore en vigueur est toujours gardé.",
		},
		"admin.notice.proofs.saved":   {"The period is saved. Older receipts and staff-access records go at the next daily run.", "La durée est enregistrée. Les reçus et traces de consultation plus anciens partent au prochain passage quotidien."},
		"admin.settings.proofs.title": {"How long receipts and staff-access records are kept", "Durée de conservation des reçus et des traces de consultation"},
		"admin.settings.proofs.label": {"Months", "Mois"},
		"admin.settings.proofs.hint": {
			"The legal period your privacy team sets, from 1 to 1200 months (60 is five years). After it, they are deleted from the start of each customer's record. The receipt of each choice still in force is always kept.",
			"La durée légale fixée par votre équipe vie privée, de 1 à 1200 mois (60 font cinq ans). Ensuite, ils sont supprimés depuis le début du registre de chaque client. Le reçu de chaque choix encore en vigueur est toujours gardé.",
		},
		"admin.error.proofs": {"Give a whole number of months from 1 to 1200.", "Indiquez un nombre entier de mois, de 1 à 1200."},
		"receipt.keys":       {"The keys that check receipts (JWK Set)", "Les clés qui vérifient les reçus (JWK Set)"},
	})
}
