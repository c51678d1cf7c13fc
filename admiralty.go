package crux

// Reliability is the NATO Admiralty grade of a source, A to F.
//
//	A completely reliable   B usually reliable   C fairly reliable
//	D not usually reliable  E unreliable         F reliability cannot be judged
type Reliability string

// Credibility is the NATO Admiralty grade of a piece of information, 1 to 6.
//
//	1 confirmed by other sources  2 probably true  3 possibly true
//	4 doubtful                    5 improbable     6 truth cannot be judged
type Credibility string

// ReliabilityLabels and CredibilityLabels name the grades.
var (
	ReliabilityLabels = map[Reliability]string{
		"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
		"D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged",
	}
	CredibilityLabels = map[Credibility]string{
		"1": "confirmed by other sources", "2": "probably true", "3": "possibly true",
		"4": "doubtful", "5": "improbable", "6": "truth cannot be judged",
	}
)

// Valid reports whether r is A–F or empty (ungraded).
func (r Reliability) Valid() bool { _, ok := ReliabilityLabels[r]; return ok || r == "" }

// Valid reports whether c is 1–6 or empty (ungraded).
func (c Credibility) Valid() bool { _, ok := CredibilityLabels[c]; return ok || c == "" }
