package crux

import "time"

// FormatName and FormatVersion identify a crux case file. A reader accepts
// files whose version is at most FormatVersion; a newer file is refused with
// a clear error rather than half-read.
const (
	FormatName    = "crux-case"
	FormatVersion = 1
)

// Case is one contested event under analysis: everything crux knows about it.
// Slices keep the analyst's order (hypotheses and evidence are reorderable).
type Case struct {
	Format  string `json:"format"`  // always FormatName
	Version int    `json:"version"` // FormatVersion at the time of writing

	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Question    string    `json:"question,omitempty"`    // the question the analysis answers: "Who attacked the Kremlin on 3 May 2023?"
	Description string    `json:"description,omitempty"` // the event in a few sentences
	EventDate   string    `json:"event_date,omitempty"`  // YYYY-MM-DD of the event
	Created     time.Time `json:"created,omitzero"`
	Updated     time.Time `json:"updated,omitzero"`

	Sources    []Source     `json:"sources"`
	Actors     []Actor      `json:"actors"`
	Claims     []Claim      `json:"claims"`
	Hypotheses []Hypothesis `json:"hypotheses"`
	Evidence   []Evidence   `json:"evidence"`
}

// New returns an empty case with its format header set.
func New(id, title string) *Case {
	return &Case{Format: FormatName, Version: FormatVersion, ID: id, Title: title}
}

// Source is one document that was read: an article, a statement, a post.
// Text is the document's plain text (markup removed); every offset in the
// case (Citation, Link) counts bytes of Text.
type Source struct {
	ID          string      `json:"id"`
	Title       string      `json:"title,omitempty"`
	Outlet      string      `json:"outlet,omitempty"`
	Authors     []string    `json:"authors,omitempty"`
	Published   string      `json:"published,omitempty"` // YYYY-MM-DD, or RFC 3339 when the time is known
	URL         string      `json:"url,omitempty"`
	Format      string      `json:"format,omitempty"`      // text, markdown or html: what the original was
	Digest      string      `json:"digest,omitempty"`      // sha256 of the original bytes, hex; makes ingest idempotent
	Reliability Reliability `json:"reliability,omitempty"` // Admiralty A–F of the outlet, when graded
	Text        string      `json:"text,omitempty"`
	Paragraphs  []Span      `json:"paragraphs,omitempty"`
	Links       []Link      `json:"links,omitempty"`
}

// Span is a half-open byte range [Start, End) of a source's Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len returns the span's length in bytes.
func (s Span) Len() int { return s.End - s.Start }

// Link is a hyperlink of a source: its anchor text's span and its target.
type Link struct {
	Span
	URL string `json:"url"`
}

// ActorKind tells what an actor is.
type ActorKind string

// The actor kinds.
const (
	Person       ActorKind = "person"
	Organization ActorKind = "organization" // a government, agency, company, outlet, think tank
	Group        ActorKind = "group"        // "U.S. officials", "some Ukrainian officials", "experts"
	Anonymous    ActorKind = "anonymous"    // "an official with close ties to the Russian military"
)

// Actor is a speaker: someone a claim is attributed to.
type Actor struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`                  // "Dmitry Peskov"; for anonymous actors the description
	Kind        ActorKind `json:"kind"`                  // person, organization, group, anonymous
	Aliases     []string  `json:"aliases,omitempty"`     // "Peskov", "Kremlin spokesman Dmitry Peskov"
	Role        string    `json:"role,omitempty"`        // "spokesman"
	Affiliation string    `json:"affiliation,omitempty"` // "Kremlin", "International Crisis Group"
	Description string    `json:"description,omitempty"` // the full appositive as written
}

// IsAnonymous reports whether the actor is an unnamed source.
func (a Actor) IsAnonymous() bool { return a.Kind == Anonymous }

// ActorsByID indexes the case's actors by their IDs.
func (c *Case) ActorsByID() map[string]Actor {
	m := make(map[string]Actor, len(c.Actors))
	for _, a := range c.Actors {
		m[a.ID] = a
	}
	return m
}
