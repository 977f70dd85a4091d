package views

// ErasureNote tells a customer whose data was erased at their request what went and what was kept, and why.
type ErasureNote struct {
	Done string   // when and what was deleted
	Kept []string // each record kept, with the reason and for how long
}
