package crux

// HypothesisStatus tells whether the analyst has taken a hypothesis on.
type HypothesisStatus string

// The hypothesis statuses. Only accepted hypotheses are scored.
const (
	Suggested HypothesisStatus = "suggested"
	Accepted  HypothesisStatus = "accepted"
	Rejected  HypothesisStatus = "rejected"
)

// Hypothesis is one competing explanation of the event.
type Hypothesis struct {
	ID          string           `json:"id"`
	Title       string           `json:"title"`
	Description string           `json:"description,omitempty"`
	Status      HypothesisStatus `json:"status"`
	Catchall    bool             `json:"catchall,omitempty"` // "something else": the Bayesian "other"
	Prior       *float64         `json:"prior,omitempty"`    // unnormalised prior weight; nil means uniform
	Passages    []Citation       `json:"passages,omitempty"` // where the text names this explanation
}

// Scored reports whether the hypothesis takes part in scoring.
func (h Hypothesis) Scored() bool { return h.Status == Accepted || h.Status == "" }

// EvidenceKind tells where an evidence item came from.
type EvidenceKind string

// The evidence kinds.
const (
	FromClaim  EvidenceKind = "claim"      // an attributed claim of the case
	Fact       EvidenceKind = "fact"       // an analyst's established fact
	Assumption EvidenceKind = "assumption" // an analyst's assumption
	Absence    EvidenceKind = "absence"    // something expected that did not happen
)

// Relevance is an evidence item's weight in Heuer's weighted score.
type Relevance string

// The relevance levels of PARC ACH 2.0.
const (
	Low    Relevance = "low"
	Medium Relevance = "medium"
	High   Relevance = "high"
)

// Evidence is one row of the matrix.
type Evidence struct {
	ID          string            `json:"id"`
	Text        string            `json:"text"`
	Kind        EvidenceKind      `json:"kind"`
	ClaimID     string            `json:"claim,omitempty"` // for Kind == FromClaim
	Date        string            `json:"date,omitempty"`  // when it became known, YYYY-MM-DD
	Reliability Reliability       `json:"reliability,omitempty"`
	Credibility Credibility       `json:"credibility,omitempty"`
	Relevance   Relevance         `json:"relevance,omitempty"` // default Medium
	Group       string            `json:"group,omitempty"`     // dependence group: items in one group count once
	Notes       string            `json:"notes,omitempty"`
	Ratings     map[string]Rating `json:"ratings"` // keyed by Hypothesis ID
}

// EffectiveRelevance returns the relevance, Medium when unset.
func (e Evidence) EffectiveRelevance() Relevance {
	if e.Relevance == "" {
		return Medium
	}
	return e.Relevance
}
