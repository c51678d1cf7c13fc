// Package extract finds attributed statements in a document: who said
// what, with which cue, directly or in reported speech. It does no I/O
// (WriteBrat takes an io.Writer) and needs no model or network.
//
// Extract(src) returns the actors (speakers: people, organisations,
// groups, anonymous sources, with role, affiliation, aliases and
// description), the claims (crux.Claim: speaker, cue, cue class, mode,
// text, one citation with byte spans into src.Text, dated src.Published)
// and the raw attributions (source, cue and possibly discontinuous
// content spans) that WriteBrat writes in the brat standoff format of
// the PolNeAR corpus. An attribution without a speaker ("the team
// appeared to ...", "Asked whether ...") has Claim -1.
//
// How it works, in one linear pass over the text:
//
//   - tokenize each paragraph (a line) into words, punctuation and quote
//     marks; Markdown link syntax around a cue ("[argued](#)") is dropped,
//     so raw Markdown and text from a Markdown parser read alike;
//   - pair quote marks (straight and curly; curly ones nest); a quote
//     left open at the end of a paragraph runs on into the next quoted
//     paragraph (multi-paragraph quotes);
//   - split sentences, never inside a quote, not after abbreviations and
//     initials, and not between a quote and the "he said" that follows;
//   - in each sentence, try "according to X" first, then speech cues,
//     then other cues (see cueLexicon for the verbs and their classes),
//     reading the speaker before the cue ("Peskov admitted", "Oleg
//     Ignatov, a senior analyst at X, agreed", "an official with close
//     ties to the military told") or after it ("..., said Kirby"), and the
//     content before the cue (a quote or a clause: "...," he said) or
//     after it (X said (that) ...), with split quotes joined; a sentence
//     or paragraph that is only a quote continues the last direct quote;
//   - resolve each speaker mention to an actor (see resolve): names and
//     surnames, acronyms in parentheses, pronouns to the last speaker of
//     their kind, "the official" to the last actor with that role,
//     indefinite descriptions to new anonymous actors.
//
// Speed. Paragraphs are tokenized about 16 KB of text at a time into
// 16-byte tokens that hold no pointers: offsets, flags and the index of
// the word's lexicon entry. A word of up to 15 ASCII letters and digits
// (nearly all words) is scanned, flagged and keyed from one or two 8-byte
// loads, without a branch on what it holds (but one, which guesses
// well, for the rare word with a capital inside or ending in -ly), and
// found in a perfect-hash table by two reads and one comparison (words
// of up to eight bytes have a table of 16-byte slots of their own). Each set of rule words
// (titles, determiners, ...) is a bit on the lexicon entry, so a rule
// tests a bit, not a map. While splitting sentences the tokenizer's
// flags tell which rules can apply: a sentence without a cue,
// "according", "asked", a colon or a cue noun skips the rules, and a cue
// rule visits only the cue tokens. Speakers are read into place, not
// returned by value; names, surnames and roles are found in small
// open-addressing tables (nameTable) that are reused from text to text,
// with keys carved from a per-text arena. The result is built in pooled
// slices and copied out once at its exact size (materialize).
// BenchmarkExtract (PolNeAR train, 3.86 MB) reports MB/s and MB per
// CPU-second; on one core of the shared 2-core VM this was built on it
// gives 70-88 MB/s when the host is quiet or moderately loaded and about
// 41 under the heaviest memory contention we could make (another process
// streaming through 512 MB on the other core), 1.22x the extractor of the
// session before in paired runs and 22% fewer instructions
// (BENCHMARKS.md). It allocates 7.7 MB in 12,900 allocations for the
// 3.86 MB (3 allocations per KB), nearly all of it the result itself.
//
// Every rule is general (a small lexicon of cue verbs, titles and role
// nouns); none knows an article. The rules are heuristics; the tests show
// each at work and the comments say where it fails. Measured on PolNeAR
// dev (84 articles never used for tuning) with brat_score.py: content
// strict F1 0.520, content soft F1 0.719 (P 0.848, R 0.624), attribution
// F1 0.663 (P 0.782, R 0.575); train: 0.498, 0.707, 0.645.
//
// Besides verbs, a few other constructions count as cues: cue nouns with
// a possessor ("his criticism of ...", "allegations that ..."), "NAME:
// “quote”", Title-Case headlines ("X Says ..."), and sourceless
// impressions ("seems stable", "Asked if ...,").
package extract
