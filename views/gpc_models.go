package views

// GPCBadge tells the customer what their browser's Global Privacy Control signal did: "Your browser asked us not
// to share or sell your data; we did so on 3 Dec 2026", and which uses it turned off.
type GPCBadge struct {
	Text   string
	Detail string // the uses turned off; the widget leaves it out
}

// GPCConfirm asks a person whose browser sends the signal whether they really mean a yes that goes against it.
// Yes posts the same choice again with confirm=1; keeping the use off is a plain link back.
type GPCConfirm struct {
	Heading   string
	Text      string
	Action    string
	CSRF      bool
	Hidden    []Hidden
	Purpose   string
	Shown     string // the state the person saw, as the consent forms carry it
	YesLabel  string
	KeepLabel string
	KeepURL   string
}

// GPCConfirmPage is the customer's page that asks the question of GPCConfirm.
type GPCConfirmPage struct {
	Page
	Confirm *GPCConfirm
}

// AdminGPCPage is the brand's Global Privacy Control setting: a box per purpose the customer may refuse.
type AdminGPCPage struct {
	AdminPage
	Intro  string
	Fields []AdminField
	Fixed  string // which purposes are not listed, and why
}
