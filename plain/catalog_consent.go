package plain

// Messages of the customer's choices: consents, objections, receipts, reviews of automated decisions, exports.
func init() {
	addTexts(map[string]text{
		"consents.title":   {"Your choices", "Vos choix"},
		"consents.intro":   {"Here you decide how %s may use your data. Each choice tells you what will happen before you make it.", "Ici, vous décidez comment %s peut utiliser vos données. Chaque choix vous dit ce qui va se passer avant que vous le fassiez."},
		"consents.heading": {"How your data may be used", "Comment vos données peuvent servir"},
		"consents.more":    {"See all your choices and receipts", "Voir tous vos choix et reçus"},

		"consent.state.granted":      {"You said yes on %s.", "Vous avez dit oui le %s."},       // date
		"consent.state.refused":      {"You said no on %s.", "Vous avez dit non le %s."},        // date
		"consent.state.objected":     {"You objected on %s.", "Vous vous y êtes opposé le %s."}, // date
		"consent.state.not_asked":    {"You have not answered yet, so the answer is no.", "Vous n'avez pas encore répondu : la réponse est donc non."},
		"consent.state.no_objection": {"You have not objected.", "Vous ne vous y êtes pas opposé."},
		"consent.fixed":              {"You cannot switch this off while you use the service.", "Vous ne pouvez pas désactiver ceci tant que vous utilisez le service."},

		"consent.badge.on":           {"Allowed", "Autorisé"},
		"consent.badge.off":          {"Not allowed", "Non autorisé"},
		"consent.turn_on":            {"Say yes", "Dire oui"},
		"consent.turn_off":           {"Say no", "Dire non"},
		"consent.object":             {"Object to this", "M'y opposer"},
		"consent.withdraw_objection": {"Withdraw my objection", "Retirer mon opposition"},

		"consent.past_stays": {"What already happened stays in your history.", "Ce qui s'est déjà passé reste dans votre historique."},
		"consent.learned": { // system, version, date
			"%s already learned from your data in version %s (made on %s). A model cannot forget what it learned.",
			"%s a déjà appris de vos données dans la version %s (créée le %s). Un modèle ne peut pas oublier ce qu'il a appris.",
		},
		"consent.next_without": { // system, date
			"The next version of %s, due on %s, will be made without your data.",
			"La prochaine version de %s, prévue le %s, sera créée sans vos données.",
		},
		"consent.next_with": { // system, date
			"The next version of %s, due on %s, may learn from your data.",
			"La prochaine version de %s, prévue le %s, pourra apprendre de vos données.",
		},
		"consent.your_data": {"your data", "vos données"},

		"consent.done.granted":  {"Done: you said yes to \"%s\".", "C'est fait : vous avez dit oui à « %s »."},
		"consent.done.refused":  {"Done: you said no to \"%s\".", "C'est fait : vous avez dit non à « %s »."},
		"consent.done.receipt":  {"Your receipt", "Votre reçu"},
		"consent.error.stale":   {"This choice changed since the page was shown, maybe in another window. Nothing was changed: check the choice below and try again.", "Ce choix a changé depuis l'affichage de la page, peut-être dans une autre fenêtre. Rien n'a été modifié : vérifiez le choix ci-dessous et réessayez."},
		"consent.error.fixed":   {"This use of your data cannot be switched off while you use the service. Nothing was changed.", "Cette utilisation de vos données ne peut pas être désactivée tant que vous utilisez le service. Rien n'a été modifié."},
		"consent.error.unknown": {"We do not know this choice. Nothing was changed.", "Nous ne connaissons pas ce choix. Rien n'a été modifié."},
		"consent.error.same":    {"This was already your choice. Nothing was changed.", "C'était déjà votre choix. Rien n'a été modifié."},

		"history.heading": {"Every choice you made", "Tous vos choix"},
		"history.empty":   {"You have not made any choice yet.", "Vous n'avez encore fait aucun choix."},
		// One whole sentence per past choice: date and time, the use chosen about, how the choice was made.
		"history.granted":          {"On %s, you said yes to \"%s\" %s.", "Le %s, vous avez dit oui à «\u00a0%s\u00a0» %s."},
		"history.refused":          {"On %s, you said no to \"%s\" %s.", "Le %s, vous avez dit non à «\u00a0%s\u00a0» %s."},
		"history.objected":         {"On %s, you objected to \"%s\" %s.", "Le %s, vous vous êtes opposé à «\u00a0%s\u00a0» %s."},
		"history.unobjected":       {"On %s, you withdrew your objection to \"%s\" %s.", "Le %s, vous avez retiré votre opposition à «\u00a0%s\u00a0» %s."},
		"history.by.web":           {"on this page", "sur cette page"},
		"history.by.widget":        {"on the brand's website", "sur le site de la marque"},
		"history.by.staff":         {"through the brand's staff, as you asked", "par l'équipe de la marque, à votre demande"},
		"history.by.api":           {"through the brand's systems", "par les systèmes de la marque"},
		"history.by.other":         {"when you signed up", "à votre inscription"},
		"receipt.state.granted":    {"You said yes", "Vous avez dit oui"},
		"receipt.state.refused":    {"You said no", "Vous avez dit non"},
		"receipt.state.objected":   {"You objected", "Vous vous y êtes opposé"},
		"receipt.state.unobjected": {"You withdrew your objection", "Vous avez retiré votre opposition"},
		"history.receipt":          {"Receipt", "Reçu"},

		"receipt.title":          {"Consent receipt", "Reçu de consentement"},
		"receipt.intro":          {"This receipt proves the choice you made. Keep it if you want.", "Ce reçu prouve le choix que vous avez fait. Gardez-le si vous le souhaitez."},
		"receipt.id":             {"Receipt number", "Numéro du reçu"},
		"receipt.time":           {"Date and time", "Date et heure"},
		"receipt.customer":       {"Whose choice", "Choix de"},
		"receipt.controller":     {"Who uses the data", "Qui utilise les données"},
		"receipt.purpose":        {"What for", "Pour quoi"},
		"receipt.basis":          {"Legal basis", "Base légale"},
		"receipt.state":          {"Your choice", "Votre choix"},
		"receipt.method":         {"How you gave it", "Comment vous l'avez donné"},
		"receipt.policy_version": {"Privacy policy version", "Version de la politique de confidentialité"},
		"receipt.download":       {"Download this receipt (JSON)", "Télécharger ce reçu (JSON)"},
		"receipt.back":           {"Back to your choices", "Retour à vos choix"},

		"decisions.heading":     {"Decisions made about you", "Les décisions prises à votre sujet"},
		"decisions.some":        {"These are the %s most recent of %s decisions in the last 12 months.", "Voici les %s plus récentes des %s décisions des 12 derniers mois."}, // shown, all
		"decisions.all":         {"See them all in your activity", "Les voir toutes dans votre activité"},
		"decisions.ask":         {"Ask a person to review this decision", "Demander qu'une personne revoie cette décision"},
		"decisions.message":     {"What should they know? (optional)", "Que doit-elle savoir ? (facultatif)"},
		"decisions.pending":     {"The brand will answer here.", "La marque répondra ici."},
		"decisions.answer":      {"The reviewer's answer:", "La réponse de la personne\u00a0:"},
		"decisions.asked":       {"Your request was sent. A person will review the decision and the answer will show here.", "Votre demande a été envoyée. Une personne va revoir la décision et la réponse s'affichera ici."},
		"decisions.error.again": {"You already asked for a review of this decision.", "Vous avez déjà demandé que cette décision soit revue."},
		"decisions.error.not":   {"This is not a decision we can send for review.", "Ce n'est pas une décision que nous pouvons faire revoir."},
		"decisions.error.long":  {"Your message is too long: keep it under 1,000 characters.", "Votre message est trop long : restez sous 1 000 caractères."},

		"export.heading": {"Take a copy of your data", "Emporter une copie de vos données"},
		"export.intro":   {"Download everything on these pages: every use of your data and every choice you made.", "Téléchargez tout ce qui est sur ces pages : chaque utilisation de vos données et chaque choix que vous avez fait."},
		"export.covers": { // date of the first use, start of the pages' window
			"Your download holds every use since %s. The pages here show the last 12 months, since %s.",
			"Votre téléchargement contient chaque utilisation depuis le %s. Les pages d'ici montrent les 12 derniers mois, depuis le %s.",
		},
		"export.covers.none": {"No AI system has used your data yet.", "Aucun système d'IA n'a encore utilisé vos données."},
		"export.json":        {"Download as JSON (for programs)", "Télécharger en JSON (pour les programmes)"},
		"export.csv":         {"Download as CSV (for spreadsheets)", "Télécharger en CSV (pour les tableurs)"},

		"system.model.pending": { // date
			"You said no to training on %s. The versions made before that learned from your data and keep it. Your data is waiting to be left out: the next version, due on %s, will be made without it.",
			"Vous avez refusé l'entraînement le %s. Les versions créées avant cette date ont appris de vos données et les gardent. Vos données attendent d'être retirées : la prochaine version, prévue le %s, sera créée sans elles.",
		},
		"system.model.excluded": { // date of refusal, version
			"You said no to training on %s. Since version %s, new versions are made without your data.",
			"Vous avez refusé l'entraînement le %s. Depuis la version %s, les nouvelles versions sont créées sans vos données.",
		},
		"system.model.pending_label": {"Pending exclusion", "Retrait en attente"},
	})
	// The systems a choice touches are named in quotes as the subject, so the verb agrees with "the AI system"
	// or "the AI systems" in both languages (.none, .one and .many by the count) and no colon puts a capital name
	// after it. Arguments: data, [aim,] the systems' names already quoted (left out for .none).
	addTexts(map[string]text{
		"consent.if_off.none":      {"If you say no, the brand's AI systems will stop using %s for this from now on.", "Si vous dites non, les systèmes d'IA de la marque cesseront dès maintenant d'utiliser %s pour cela."},
		"consent.if_off.one":       {"If you say no, the AI system %[2]s will stop using %[1]s for this from now on.", "Si vous dites non, le système d'IA %[2]s cessera dès maintenant d'utiliser %[1]s pour cela."},
		"consent.if_off.many":      {"If you say no, the AI systems %[2]s will stop using %[1]s for this from now on.", "Si vous dites non, les systèmes d'IA %[2]s cesseront dès maintenant d'utiliser %[1]s pour cela."},
		"consent.if_on.none":       {"If you say yes, the brand's AI systems may use %s to %s.", "Si vous dites oui, les systèmes d'IA de la marque pourront utiliser %s pour %s."},
		"consent.if_on.one":        {"If you say yes, the AI system %[3]s may use %[1]s to %[2]s.", "Si vous dites oui, le système d'IA %[3]s pourra utiliser %[1]s pour %[2]s."},
		"consent.if_on.many":       {"If you say yes, the AI systems %[3]s may use %[1]s to %[2]s.", "Si vous dites oui, les systèmes d'IA %[3]s pourront utiliser %[1]s pour %[2]s."},
		"consent.if_on.noaim.none": {"If you say yes, the brand's AI systems may use %s for this.", "Si vous dites oui, les systèmes d'IA de la marque pourront utiliser %s pour cela."},
		"consent.if_on.noaim.one":  {"If you say yes, the AI system %[2]s may use %[1]s for this.", "Si vous dites oui, le système d'IA %[2]s pourra utiliser %[1]s pour cela."},
		"consent.if_on.noaim.many": {"If you say yes, the AI systems %[2]s may use %[1]s for this.", "Si vous dites oui, les systèmes d'IA %[2]s pourront utiliser %[1]s pour cela."},
		"consent.if_object.none":   {"If you object, the brand's AI systems will stop using %s for this from now on.", "Si vous vous y opposez, les systèmes d'IA de la marque cesseront dès maintenant d'utiliser %s pour cela."},
		"consent.if_object.one":    {"If you object, the AI system %[2]s will stop using %[1]s for this from now on.", "Si vous vous y opposez, le système d'IA %[2]s cessera dès maintenant d'utiliser %[1]s pour cela."},
		"consent.if_object.many":   {"If you object, the AI systems %[2]s will stop using %[1]s for this from now on.", "Si vous vous y opposez, les systèmes d'IA %[2]s cesseront dès maintenant d'utiliser %[1]s pour cela."},
		"consent.if_withdraw.none": {"If you withdraw your objection, the brand's AI systems may use %s for this again.", "Si vous retirez votre opposition, les systèmes d'IA de la marque pourront de nouveau utiliser %s pour cela."},
		"consent.if_withdraw.one":  {"If you withdraw your objection, the AI system %[2]s may use %[1]s for this again.", "Si vous retirez votre opposition, le système d'IA %[2]s pourra de nouveau utiliser %[1]s pour cela."},
		"consent.if_withdraw.many": {"If you withdraw your objection, the AI systems %[2]s may use %[1]s for this again.", "Si vous retirez votre opposition, les systèmes d'IA %[2]s pourront de nouveau utiliser %[1]s pour cela."},
		"quote.name":               {"\"%s\"", "«\u00a0%s\u00a0»"}, // a name inside a sentence
	})
	addPlurals(map[string]pluralText{
		"decisions.heading.count": {
			forms{"=1": "The decision made about you in the last 12 months", "other": "The %s decisions made about you in the last 12 months"},
			forms{"=1": "La décision prise à votre sujet ces 12 derniers mois", "other": "Les %s décisions prises à votre sujet ces 12 derniers mois"},
		},
	})
}
