package crux

// CueClass is what a cue verb does with its content.
type CueClass string

// The cue classes. Lexicons mapping verbs onto them live in package extract.
const (
	Assert CueClass = "assert" // said, told, wrote, stated, according to
	Deny   CueClass = "deny"   // denied, rejected, dismissed
	Accuse CueClass = "accuse" // accused, blamed
	Admit  CueClass = "admit"  // admitted, acknowledged, conceded
	Assess CueClass = "assess" // argued, believes, thinks, suggested, concluded, ventured
	Allege CueClass = "allege" // alleged, claimed
	Warn   CueClass = "warn"   // warned, threatened
	Report CueClass = "report" // reported, showed, revealed (outlets and documents)
	Agree  CueClass = "agree"  // agreed, confirmed
	Ask    CueClass = "ask"    // asked, questioned
)

// CueClasses lists every class, in a stable order.
var CueClasses = []CueClass{Assert, Deny, Accuse, Admit, Assess, Allege, Warn, Report, Agree, Ask}

// Valid reports whether c is one of CueClasses.
func (c CueClass) Valid() bool {
	for _, k := range CueClasses {
		if c == k {
			return true
		}
	}
	return false
}

// Mode tells how a claim was reported.
type Mode string

// The modes.
const (
	Direct   Mode = "direct"   // within quote marks
	Reported Mode = "reported" // indirect speech: "Peskov admitted that ..."
	Mixed    Mode = "mixed"    // reported speech with a quoted fragment
)

// Claim is one attributed statement: who said what, how, and where it was
// reported. The same statement echoed by several sources is one claim with
// several citations.
type Claim struct {
	ID        string     `json:"id"`
	SpeakerID string     `json:"speaker"` // an Actor's ID
	Cue       string     `json:"cue"`     // the cue as written: "admitted", "told CNN", "according to"
	CueClass  CueClass   `json:"cue_class"`
	Mode      Mode       `json:"mode"`
	Text      string     `json:"text"`           // the content, as first reported
	Date      string     `json:"date,omitempty"` // when it was said (YYYY-MM-DD), else when first reported
	Group     string     `json:"group,omitempty"`
	Citations []Citation `json:"citations"`
}

// Citation is one place a claim was reported: a source and the byte spans of
// the content, the cue and the speaker mention in that source's Text.
type Citation struct {
	SourceID string `json:"source"`
	Content  Span   `json:"content"`
	Cue      *Span  `json:"cue,omitempty"`
	Speaker  *Span  `json:"speaker,omitempty"` // the mention as written ("he", "Peskov")
	Date     string `json:"date,omitempty"`    // the source's date, for the timeline
}
