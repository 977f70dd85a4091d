package plain

// Messages of AI agents acting for someone else: how each kind of actor of a delegation chain is named in an event's
// sentence, by what the brand said of it (its name, its organisation, both or neither), and how the chain reads.
// Names and organisations are the brand's words, put in as they are; French takes the organisation through
// agent.of ("de Acme" becomes "d'Acme").
func init() {
	addTexts(map[string]text{
		"agent.of": {"%s", "de %s"}, // organisation, in the forms below that name it

		// The customer's own assistant: they connected it, it acts for them.
		"agent.customer_assistant.none": {"an AI assistant you connected", "un assistant d'IA que vous avez connecté"},
		"agent.customer_assistant.name": {"%s, an AI assistant you connected", "%s, un assistant d'IA que vous avez connecté"},                 // name
		"agent.customer_assistant.org":  {"an AI assistant from %s that you connected", "un assistant d'IA %s que vous avez connecté"},         // org
		"agent.customer_assistant.both": {"%s, an AI assistant from %s that you connected", "%s, un assistant d'IA %s que vous avez connecté"}, // name, org
		"agent.brand_agent.none":        {"an AI agent of the company", "un agent d'IA de l'entreprise"},                                       //
		"agent.brand_agent.name":        {"%s, an AI agent of the company", "%s, un agent d'IA de l'entreprise"},                               // name
		"agent.brand_agent.org":         {"an AI agent of %s", "un agent d'IA %s"},                                                             // org
		"agent.brand_agent.both":        {"%[2]s's %[1]s", "l'agent d'IA %[2]s appelé «\u00a0%[1]s\u00a0»"},                                    // name, org
		"agent.vendor_agent.none":       {"an AI agent of another company", "un agent d'IA d'une autre entreprise"},                            //
		"agent.vendor_agent.name":       {"%s, an AI agent of another company", "%s, un agent d'IA d'une autre entreprise"},                    // name
		"agent.vendor_agent.org":        {"an AI agent from %s", "un agent d'IA %s"},                                                           // org
		"agent.vendor_agent.both":       {"%[2]s's %[1]s", "l'agent d'IA %[2]s appelé «\u00a0%[1]s\u00a0»"},                                    // name, org
		"agent.person.none":             {"a person", "une personne"},                                                                          //
		"agent.person.name":             {"%s", "%s"},                                                                                          // name
		"agent.person.org":              {"someone at %s", "une personne %s"},                                                                  // org
		"agent.person.both":             {"%s from %s", "%s %s"},                                                                               // name, org
		"agent.team.none":               {"a team", "une équipe"},                                                                              //
		"agent.team.name":               {"%s", "l'équipe «\u00a0%s\u00a0»"},                                                                   // name
		"agent.team.org":                {"a team at %s", "une équipe %s"},                                                                     // org
		"agent.team.both":               {"%[2]s's %[1]s", "l'équipe %[2]s appelée «\u00a0%[1]s\u00a0»"},                                       // name, org
		"agent.other.none":              {"an AI agent", "un agent d'IA"},                                                                      // a kind this version does not know
		"agent.other.name":              {"%s", "%s"},                                                                                          // name
		"agent.other.org":               {"an AI agent from %s", "un agent d'IA %s"},                                                           // org
		"agent.other.both":              {"%[2]s's %[1]s", "l'agent d'IA %[2]s appelé «\u00a0%[1]s\u00a0»"},                                    // name, org

		"event.agent_access.act": {"%s read %s", "%s a consulté %s"},                              // the agent, data
		"event.on_behalf.act":    {"%s on behalf of %s", "%s au nom %s"},                          // what happened, who (French: through agent.for)
		"event.on_behalf.you":    {"%s on behalf of you", "%s en votre nom"},                      // what happened
		"agent.for":              {"%s", "de %s"},                                                 // who the agent acts for, after "on behalf of"
		"agent.chain":            {"%s, itself acting for %s", "%s, qui agit à son tour pour %s"}, // who, whom they act for

		// The customer's activity filter.
		"activity.filter.agents":       {"AI agents", "Agents d'IA"},
		"activity.filter.agents.label": {"AI agents acting for someone", "Agents d'IA agissant pour quelqu'un"},
		"activity.agents.only":         {"Show only AI agents", "Voir seulement les agents d'IA"},
		"activity.agents.explain": {
			"AI agents are programs that read your data to act for someone: for you, for us or for another company. Each line says who acted and for whom.",
			"Les agents d'IA sont des programmes qui consultent vos données pour agir pour quelqu'un : pour vous, pour nous ou pour une autre entreprise. Chaque ligne dit qui a agi et pour qui.",
		},

		// The coverage page: an agent the registry does not describe.
		"admin.gap.unregistered_agent": {"AI agents not in the registry", "Agents d'IA absents du registre"},
		"admin.gap.unregistered_agent.why": {
			"These AI agents read customers' data, but no AI system in the registry has their id. Add each one as a new AI system, of the kind \"An AI agent outside the brand\", with its id as the slug. Customers then learn what it is.",
			"Ces agents d'IA ont consulté des données de clients, mais aucun système d'IA du registre ne porte leur identifiant. Ajoutez chacun comme nouveau système d'IA, du type «\u00a0Un agent d'IA extérieur à la marque\u00a0», avec son identifiant comme slug. Les clients sauront alors ce que c'est.",
		},
		"admin.gap.item.unregistered_agent": { // name, id, organisation
			"%s (id %s, from %s): add it as an AI agent outside the brand",
			"%s (identifiant %s, organisation %s)\u00a0: à ajouter comme agent d'IA extérieur à la marque",
		},
		"admin.gap.item.unregistered_agent.noorg": { // name, id
			"%s (id %s): add it as an AI agent outside the brand",
			"%s (identifiant %s)\u00a0: à ajouter comme agent d'IA extérieur à la marque",
		},
	})
}
