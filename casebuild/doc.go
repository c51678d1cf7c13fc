// Package casebuild turns many sources into one case: it gives sources,
// actors and claims case-wide IDs, merges the same speaker and the same
// statement across sources, puts echoes of one statement in one dependence
// group, draws evidence from claims, suggests hypotheses and ratings with
// their reasons, and cuts the case at a date for the timeline. It does no
// I/O: callers parse and extract (packages document and extract) and pass
// plain crux values in.
//
// # Sources
//
// A source whose Digest (sha256 of the original bytes) or URL (scheme,
// "www.", fragment and trailing slash ignored) is already in the case is
// skipped and the case is left byte-for-byte as it was: ingesting the same
// article twice changes nothing.
//
// # Actors
//
// An incoming actor is matched to one already in the case by these rules,
// in order; when a rule finds more than one candidate the actor is added as
// new (the analyst can merge by hand with MergeActors):
//
//   - anonymous actors are never merged (two "officials" are not known to be
//     one person), nor are descriptions without a capitalised word ("the
//     company", "9 percent") or coordinations ("Jeb Bush and Chris
//     Christie");
//   - persons: parenthesised parts ("(R-Texas)") and "of PLACE" are dropped
//     and titles, party and nationality words before the name ignored
//     ("Kremlin spokesman Dmitry Peskov" is Dmitry Peskov); then the same
//     name, or else the same surname with a compatible given name (equal, an
//     initial of it, or missing on one side), compared with the given name
//     of the known person (taken from its name or an alias with its
//     surname): "Peskov" joins Dmitry Peskov, but once Anna Kowalczyk is
//     known, Piotr Kowalczyk is someone else, whatever aliases the first
//     has. Among several candidates: the one whose given name is spelled
//     out the same, then the one whose affiliation matches;
//   - role-only mentions ("the minister's press secretary"): the one named
//     person whose role is the same (spokesman, spokeswoman, spokesperson
//     and press secretary count as one role) and whose names, role,
//     affiliation or description contain the owner named. The role must be a
//     function a person holds (a title word or a spokesperson) and the owner
//     must be named: "the spokesman" alone is never matched;
//   - organisations: the same name or alias (a leading "the" ignored); else
//     an acronym against the initials of a full name or the same acronym
//     ("ISW" and "the Institute for the Study of War"); two full names with
//     the same initials do not match;
//   - groups: the same words.
//
// Only names that agree with an actor's own are index keys: an alias the
// extractor attached by a wrong coreference ("the campaign", a relative with
// another given name) cannot chain other people onto the actor, and a
// person's merged aliases keep only names with its surname (and
// descriptions).
//
// A matched actor keeps the fuller name (a given name beats a surname, a
// full name beats an acronym), gains the other names as aliases and fills
// in a missing role, affiliation or description.
//
// # Claims: the similarity rule
//
// Two statements by the same (case) actor, reported by different sources,
// are one claim when, after normalisation (lower case, curly and straight
// apostrophes folded, "n't" read as "not", punctuation dropped), either
//
//   - exact: their words are the same;
//   - containment: of the 3-word shingles of the shorter (shingles never span
//     an elision "..." or "…" or a bracketed insertion), at least 80%
//     (ContainmentThreshold) occur in the longer, and the shorter has at least
//     3 shingles (MinShingles): a trimmed or re-punctuated quote, a quote
//     with an elision, a fragment of a longer quote;
//   - word overlap: the Jaccard overlap of their content words (stopwords
//     dropped, a crude suffix stemming) is at least 0.75
//     (WordJaccardThreshold), the smaller set has at least 3 words
//     (MinContentWords), and their negation words ("not", "no", "never"...)
//     are the same: translation variants and re-phrasings.
//
// Two claims in one source are never merged (an article that says a thing
// twice reports it once). A merged claim keeps every citation, the earliest
// date and the text of its earliest report, and gets a dependence group
// (Claim.Group, copied to Evidence.Group) so that scoring counts an echo once.
//
// The search is indexed, never all pairs: per speaker, an inverted index of
// exact keys and shingles, and a prefix-filter index of content words
// (for Jaccard ≥ t two sets share an element among the first
// n − ⌈t·n⌉ + 1 elements of each in one global order), so adding a source
// costs time in the size of that source and the postings it hits.
package casebuild
