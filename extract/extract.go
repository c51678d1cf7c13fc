package extract

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/cruxlab/crux"
)

// Attribution is one attribution as found in the text: the raw spans of
// the speaker mention, the cue and the content (byte spans into the
// source's Text; the content may be discontinuous, as in a quote split
// around "he said"). Claim is the index of the claim it produced in
// Result.Claims.
type Attribution struct {
	Source  []crux.Span `json:"source,omitempty"`
	Cue     []crux.Span `json:"cue"`
	Content []crux.Span `json:"content"`
	Claim   int         `json:"claim"`
}

// Result is what Extract finds in one source.
type Result struct {
	Actors       []crux.Actor  `json:"actors"`
	Claims       []crux.Claim  `json:"claims"`
	Attributions []Attribution `json:"attributions"`
}

// scratchPool keeps a *scratch between calls so that extracting many
// documents does not regrow the paragraph buffers and the name tables.
var scratchPool sync.Pool

// scratch is the part of an extractor that outlives one call, emptied.
type scratch struct {
	p                         paragraph
	batch                     []token
	paras                     []batchPara
	used, hard                tokSet
	keys                      []actorKeys
	byName, bySurname, byRole nameTable[int]
	seen                      nameTable[seenName]
	places                    nameTable[bool]
	actors                    []crux.Actor
	claims                    []crux.Claim
	atts                      []Attribution
	cits                      []crux.Citation
	spanPool                  []crux.Span
}

// maxPara bounds the paragraph handed to the tokenizer; a longer line is
// cut at a space (or hard) so memory stays proportional to maxPara.
const maxPara = 1 << 20

// Extract finds the attributed statements of src. It never fails: text
// with no attributions (or not text at all, or invalid UTF-8) yields an
// empty result. It runs in time linear in len(src.Text). Tokens hold
// 32-bit offsets: of a text over 2 GiB (far beyond what document.Parse
// accepts) only the first 2 GiB are read.
func Extract(src *crux.Source) *Result {
	x := &extractor{src: src, text: src.Text, lastPerson: -1, lastGroup: -1, lastActor: -1, lastDirect: -1, lastIndexed: -1}
	sc, ok := scratchPool.Get().(*scratch)
	if !ok {
		sc = &scratch{}
	}
	x.p, x.used, x.hard, x.keys, x.batch, x.paras = sc.p, sc.used, sc.hard, sc.keys, sc.batch, sc.paras
	// The result's spans are carved from the scratch's span buffer (then
	// from chunks of spanChunk) and copied out at the end (see
	// materialize): a buffer of the result's own per text left 40% of
	// it unused.
	x.spanBuf = sc.spanPool[:0]
	x.byName, x.bySurname, x.byRole, x.seen, x.places = sc.byName, sc.bySurname, sc.byRole, sc.seen, sc.places
	defer func() {
		// Keep the buffers and the tables' room, not their contents
		// (which point into this text).
		// A table grown by a huge text is dropped: it would hold its
		// memory for every small text (a reset costs only the entries
		// written, see nameTable).
		const keep = 1 << 12
		x.p.text = ""
		clear(x.res.Actors)
		clear(x.res.Claims)
		clear(x.res.Attributions)
		clear(x.cits)
		if x.byName.len() > keep || x.seen.len() > keep || x.places.len() > keep || len(x.res.Claims) > keep || len(x.res.Attributions) > keep {
			scratchPool.Put(&scratch{p: x.p, batch: x.batch, paras: x.paras})
			return
		}
		clear(x.keys)
		x.byName.reset()
		x.bySurname.reset()
		x.byRole.reset()
		x.seen.reset()
		x.places.reset()
		*sc = scratch{p: x.p, batch: x.batch, paras: x.paras, used: x.used, hard: x.hard, keys: x.keys[:0],
			actors: x.res.Actors[:0], claims: x.res.Claims[:0], atts: x.res.Attributions[:0], cits: x.cits[:0], spanPool: x.spanPool,
			byName: x.byName, bySurname: x.bySurname, byRole: x.byRole, seen: x.seen, places: x.places}
		scratchPool.Put(sc)
	}()
	// The result is built in the scratch's slices and copied out at its
	// exact size at the end (less to allocate and clear than slices
	// sized by a guess, and no regrowing).
	x.res = &Result{Actors: sc.actors[:0], Claims: sc.claims[:0], Attributions: sc.atts[:0]}
	x.cits = sc.cits[:0]
	// Paragraphs are tokenized a batch at a time (about batchBytes of
	// text) before the rules run on each: the tokenizer's tables and
	// branches stay warm over many paragraphs instead of one.
	text := x.text
	if len(text) > maxText {
		text = text[:maxText]
	}
	batch := x.batch[:0]
	paras := x.paras[:0]
	flush := func() {
		for _, bp := range paras {
			x.paragraph(bp.start, batch[bp.a:bp.b:bp.b], bp.tc)
		}
		x.joinContent() // (the claim of a quote continued up to here)
		batch, paras = batch[:0], paras[:0]
	}
	size := 0
	i := 0
	for i < len(text) {
		j := strings.IndexByte(text[i:], '\n')
		end := len(text)
		if j >= 0 {
			end = i + j
		}
		for i < end {
			stop := end
			if stop-i > maxPara {
				stop = i + maxPara
				if k := strings.LastIndexByte(text[i:stop], ' '); k > 0 {
					stop = i + k
				}
			}
			a := len(batch)
			var tc tokCounts
			batch, tc = tokenize(text, i, stop, batch)
			paras = append(paras, batchPara{start: i, a: a, b: len(batch), tc: tc})
			size += stop - i
			if size >= batchBytes {
				flush()
				size = 0
			}
			i = stop
		}
		i = end + 1
	}
	flush()
	x.batch, x.paras = batch, paras
	out, n := x.materialize()
	if n > cap(sc.spanPool) && cap(sc.spanPool) < maxSpanPool {
		// the span buffer fell short: a larger one for the next text
		x.spanPool = make([]crux.Span, 0, min(max(2*cap(sc.spanPool), n, 256), maxSpanPool))
	} else {
		x.spanPool = sc.spanPool
	}
	if out.Actors == nil {
		out.Actors = []crux.Actor{}
	}
	if out.Claims == nil {
		out.Claims = []crux.Claim{}
	}
	if out.Attributions == nil {
		out.Attributions = []Attribution{}
	}
	return out
}

// localIDs holds the IDs "c1" ... and "a1" ... of the first claims and
// actors of a text, made once: most texts need no other.
var localIDs = func() (ids [2][]string) {
	for k, prefix := range []string{"c", "a"} {
		ids[k] = make([]string, 512)
		for n := range ids[k] {
			ids[k][n] = prefix + strconv.Itoa(n)
		}
	}
	return ids
}()

// localID is prefix (c or a) followed by n.
func localID(prefix byte, n int) string {
	k := 0
	if prefix == 'a' {
		k = 1
	}
	if n < len(localIDs[k]) {
		return localIDs[k][n]
	}
	return string(prefix) + strconv.Itoa(n)
}

// maxText is the longest text Extract reads (token offsets are int32).
const maxText = math.MaxInt32

// batchBytes is about how much text is tokenized before the rules run.
const batchBytes = 16 << 10

// batchPara is one paragraph of a batch: where it starts in the text,
// its tokens batch[a:b] and their counts.
type batchPara struct {
	start, a, b int
	tc          tokCounts
}

type seenName struct {
	full, appos string
}

type extractor struct {
	src  *crux.Source
	text string
	p    paragraph
	res  *Result

	byName                           nameTable[int]      // lower-cased names and aliases → actor index
	bySurname, byRole                nameTable[int]      // last name / role head → last actor with it
	seen                             nameTable[seenName] // lower-cased last word of a multiword name → the name
	places                           nameTable[bool]     // single words written after in/from/to/near: place names
	lastPerson, lastGroup, lastActor int
	lastDirect                       int // attribution that a following pure quote continues
	pending                          *pendingCue
	used, hard                       tokSet          // see rules
	cits                             []crux.Citation // backing array of the claims' citations
	spanBuf                          []crux.Span     // chunk that spans carves slices from
	spanPool                         []crux.Span     // the span buffer the scratch keeps for the next text
	keys                             []actorKeys     // per actor: its index keys
	titleCase                        bool            // the paragraph is a Title-Case headline: capitalised cues count
	batch                            []token         // the tokens of a batch of paragraphs
	paras                            []batchPara     // the paragraphs of the batch
	sflags                           uint32          // the trigger flags of the sentence's tokens (see triggers)
	scues                            []int32         // the indices of the sentence's cue forms outside quotes, in order (a part of p.cues)
	lastIndexed                      int             // the actor index last wrote into bySurname and byRole
	// keyArena holds the text's lower-cased table keys that are not
	// a part of the text (see nameKey): a key is a substring of its
	// buffer, so that keys cost an allocation per buffer, not one
	// each. A Builder never rewrites the bytes it has handed out; the
	// tables that hold the keys are reset when Extract returns, and
	// the result holds none.
	keyArena strings.Builder
	// aliases is the room that actors' alias lists are carved from (see
	// appendAlias): the result keeps it, so it is the text's own, never
	// pooled.
	aliases []string
	// srcs holds the speakers that cue reads in a sentence (see rules):
	// the sentence's last one (which a later cue may reuse) and the one
	// being read. (Here, not in rules: they are not zeroed per
	// sentence; cue zeroes what it reads into.)
	srcs [2]mention
	// lastSrcSpan is the source span of the attribution of the
	// sentence's last speaker in x.srcs (see rules and sentenceSubject).
	lastSrcSpan []crux.Span
	// markAt and markEnd: the sentence's attributions markAt to
	// markEnd-1 are not marked yet in its tokSets (see rules).
	markAt, markEnd int
	// dirty: a rule may have added tokens to used and hard in this
	// sentence. Between sentences they are empty: rules clears them
	// when the sentence has left tokens in them (few do), not anew
	// for each sentence.
	dirty bool
	// joinAt is 1 + the attribution whose quote continued and whose
	// claim's text joinContent has yet to set; 0: none.
	joinAt int
}

// pendingCue is a speaker-first cue ending its paragraph with a colon;
// the quote that follows is its content.
type pendingCue struct {
	m       mention
	cue     []crux.Span
	class   crux.CueClass
	cueText string
}

func (x *extractor) paragraph(start int, toks []token, tc tokCounts) {
	p := &x.p
	if tc.quotes == 0 && tc.flags&triggers == 0 && tc.links == 0 {
		// No quote and no word a rule starts at: no attribution. Only
		// names are noted, and the state a sentence without one leaves.
		p.quiet(x.text, toks)
		if len(p.toks) > 0 {
			x.noteNames()
			x.lastDirect = -1
			x.pending = nil
		}
		return
	}
	p.load(x.text, toks, tc)
	if len(p.toks) == 0 {
		return
	}
	x.noteNames()
	x.titleCase = start == 0 && isTitleCase(p)
	c0 := int32(0)
	for _, s := range p.sents {
		x.sflags = s.flags
		x.scues = p.cues[c0:s.cues]
		c0 = s.cues
		if s.b-s.a > maxSentence {
			x.longSentence(int(s.a), int(s.b))
			continue
		}
		x.sentence(int(s.a), int(s.b))
	}
}

// maxSentence bounds the tokens the rules read as one sentence: a longer
// one (no text of the corpus has a sentence of over 329 tokens) is read
// in pieces of maxSentence tokens. The rules ask, at each cue form, about
// the tokens of the sentence before it and the attributions found in it
// so far, so that a sentence of n tokens with a cue every few (one
// paragraph of "Bloom said, " repeated) took time in n²: 55 s for 1.2 MB.
// (A var: tests lower it.)
var maxSentence int32 = 1024

// longSentence runs sentence on the sentence toks[a:b], of over
// maxSentence tokens, a piece of maxSentence tokens at a time, each with
// its own cue forms (x.scues holds the sentence's) and trigger flags (as
// endSentence makes them).
func (x *extractor) longSentence(a, b int) {
	toks := x.p.toks
	cues := x.scues
	for a0 := a; a0 < b; {
		b0 := min(b, a0+int(maxSentence))
		n := 0
		for n < len(cues) && int(cues[n]) < b0 {
			n++
		}
		var fl uint32
		for k := a0; k < b0; k++ {
			fl |= toks[k].flags
		}
		fl &= triggers &^ fCue
		if n > 0 {
			fl |= fCue
		}
		x.sflags, x.scues = fl, cues[:n]
		cues = cues[n:]
		x.sentence(a0, b0)
		a0 = b0
	}
}

// isTitleCase reports whether the paragraph is a headline in Title Case
// ("Bellwether County Says Trump Should Win"): most words of four or
// more letters capitalised, and short. Only the first paragraph of a
// text is tested.
func isTitleCase(p *paragraph) bool {
	if len(p.toks) > 40 {
		return false
	}
	long, caps := 0, 0
	for _, t := range p.toks {
		if t.kind == tWord && t.e-t.s >= 4 {
			long++
			if t.flags&fCap != 0 {
				caps++
			}
		}
	}
	return long >= 3 && caps*5 >= long*4
}

// noteNames records multiword proper names, their appositions and
// acronyms, so that a later bare surname ("Ponomaryov told CNN") can be
// expanded to the full name.
func (x *extractor) noteNames() {
	p := &x.p
	toks := p.toks
	next := 0 // tokens before it are scanned
	for _, ci := range p.caps {
		i := int(ci)
		// (the flags are tested together: fewer branches to guess)
		if i < next || toks[i].flags&(fNameStop|fInQuote) != 0 || toks[i].kind != tWord {
			continue
		}
		// toks[i] continues the name (it has fCap, being in caps, and
		// no fTitle, which comes with fNameStop): the run is read from
		// the next token
		j := i + 1
		for j < len(toks) && toks[j].flags&(fCap|fInQuote|fTitle) == fCap && toks[j].kind == tWord {
			j++
		}
		if j-i == 1 && i > 0 && toks[i-1].isIn(locativePreps) && toks[i].flags&(fAllCaps|fPoss) == 0 {
			// "in Tallinn", "from Riga": a place name (see placeLike)
			var kb [64]byte
			w := x.text[toks[i].s:toks[i].e]
			lk, h := lowerKey(&kb, w)
			if _, ok, at := x.places.locateHash(lk, h); !ok {
				x.places.putAt(at, x.nameKey(lk, w), true)
			}
		}
		if j-i >= 2 && j-i <= 4 {
			last := toks[j-1]
			if last.flags&fPoss == 0 {
				var kb [64]byte
				w := x.text[last.s:last.e]
				lk, h := lowerKey(&kb, w)
				if _, ok, at := x.seen.locateHash(lk, h); !ok {
					sn := seenName{full: x.text[toks[i].s:last.e]}
					if j+1 < len(toks) && toks[j].v == punctV[','] && toks[j+1].kind == tWord && (toks[j+1].v == wA || toks[j+1].v == wAn || toks[j+1].v == wThe) {
						k := j + 1
						for k < len(toks) && k < j+30 && toks[k].kind != tPunct && p.toks[k].flags&fInQuote == 0 {
							k++
						}
						sn.appos = x.text[toks[j+1].s:toks[k-1].e]
					}
					x.seen.putAt(at, x.nameKey(lk, w), sn)
				}
			}
		}
		next = j
	}
}

var locativePreps = set(`in from to near outside inside across toward towards throughout`)

// sentence finds the attributions of the sentence toks[a:b].
func (x *extractor) sentence(a, b int) {
	pendingBefore := x.pending
	// (a sentence with no word a rule starts at skips them: most)
	if x.sflags&triggers != 0 && x.rules(a, b) {
		return
	}
	// A sentence that is one quote continues the previous direct quote
	// ("...," he said. "More words.") or fills a pending colon cue.
	if q, ok := x.pureQuote(a, b); ok {
		toks := x.p.toks
		sp := crux.Span{Start: int(toks[q.open].s), End: int(toks[q.close].e)}
		if pc := x.pending; pc != nil {
			x.pending = nil
			x.add(&pc.m, pc.cue, pc.cueText, pc.class, []crux.Span{sp}, crux.Direct)
			return
		}
		if x.lastDirect >= 0 {
			// The claim's text, its content spans joined, is made
			// once the quote has ended (see joinContent), not anew
			// for each sentence of it.
			if x.joinAt != x.lastDirect+1 {
				x.joinContent()
				x.joinAt = x.lastDirect + 1
			}
			at := &x.res.Attributions[x.lastDirect]
			at.Content = x.spansPlus(at.Content, sp)
			return
		}
		return
	}
	x.lastDirect = -1
	if x.pending != pendingBefore {
		return // set by this sentence: "X wrote:" at the paragraph end
	}
	x.pending = nil
}

// rules runs the attribution rules on the sentence toks[a:b] and reports
// whether one found an attribution.
func (x *extractor) rules(a, b int) bool {
	p := &x.p
	toks := p.toks
	found := false
	// "according to" first: its content may hold other verbs. Then
	// speech verbs, then the others, each skipping the tokens that an
	// attribution already covers.
	nw := x.tokSets(b - a)
	// The tokens that the attributions found here cover are marked in
	// used and hard (see mark) only when a later rule asks, the
	// attributions from x.markAt on at once (see markTo): most sentences
	// have one cue, and no rule asks after its attribution. A later cue
	// word asks about itself only (unmarkedCover).
	x.markAt = len(x.res.Attributions)
	if !found && x.sflags&fPoll != 0 && x.inPoll(a, b) {
		found = true
	}
	sf := x.sflags
	if sf&fAccording != 0 {
		// (the "according" tokens only: fAccording)
		for i := a; ; i++ {
			if i = nextFlagged(toks[:b-1], i, fAccording); i >= b-1 {
				break
			}
			if toks[i].flags&fInQuote == 0 && toks[i+1].v == wTo {
				if _, ok := x.according(a, b, i); ok {
					found = true
				}
				break
			}
		}
	}
	if x.titleCase && sf&fColon != 0 && x.headline(a, b) {
		// "Name: What They Said" in a Title-Case headline
		found = true
	}
	if sf&fColon != 0 && !found && x.namedColonQuote(a, b) {
		found = true
	}
	if sf&fCue != 0 {
		var lastSrc *mention     // the speaker of the sentence's last attribution (in x.srcs)
		least := uint32(fSpeech) // the least flags of a cue form; 0: one for the second pass
		// (titleCase first: it is rarely true, while found varies)
		for pass := 0; pass < 2 && !(x.titleCase && found); pass++ {
			want := uint32(fSpeech)
			if pass == 1 {
				if least != 0 {
					break
				}
				want = 0
			}
			for _, ci := range x.scues { // the sentence's cue forms
				i := int(ci)
				t := &toks[i]
				// speech cues in the first pass, the others in the
				// second; none in a quote (the flags tested at once)
				f := t.flags & (fSpeech | fInQuote)
				least = min(least, f) // (no branch)
				if f != want {
					continue
				}
				// (the attributions found before are asked about
				// this token, not marked: see unmarkedCover)
				var nested, isHard bool
				if x.dirty {
					nested, isHard = x.used.has(i-a), x.hard.has(i-a)
				}
				if x.markAt < len(x.res.Attributions) {
					u, h := x.unmarkedCover(i)
					nested, isHard = nested || u, isHard || h
				}
				if isHard {
					continue
				}
				if t.kind != tWord || t.flags&fCap != 0 && !(x.titleCase && i > a) {
					continue
				}
				if nested && !nestedCues {
					continue
				}
				// The speaker is read into the one of x.srcs that
				// lastSrc is not: kept, it becomes lastSrc without a
				// copy.
				m := &x.srcs[0]
				if lastSrc == m {
					m = &x.srcs[1]
				}
				if x.cue(a, b, i, t.cue(), lastSrc, nested, m) {
					found = true
					if m.e > m.s || m.reuse { // (not a sourceless "was asked")
						lastSrc = m
						x.lastSrcSpan = x.res.Attributions[len(x.res.Attributions)-1].Source
					}
				}
			}
		}
	}
	// (nounCues and impressions mark the attributions up to here when
	// they ask; the headline's is not marked)
	x.markEnd = len(x.res.Attributions)
	if sf&fColon != 0 && !found {
		found = x.headline(a, b)
	}
	if sf&(fNounCue|fImpress|fAsked) != 0 {
		used, hard := x.used[:nw], x.hard[:nw]
		x.dirty = true // (they add the tokens of what they find)
		if sf&fNounCue != 0 && x.nounCues(a, b, used, hard) {
			found = true
		}
		if sf&(fImpress|fAsked) != 0 && x.impressions(a, b, used, hard) {
			found = true
		}
	}
	if x.dirty {
		x.clearTokSets(nw)
	}
	return found
}

// markTo marks (see mark) the attributions of the sentence toks[a:b]
// from x.markAt to end-1, not marked yet.
func (x *extractor) markTo(end, a, b int, used, hard tokSet) {
	x.dirty = true
	for k := x.markAt; k < end; k++ {
		x.mark(&x.res.Attributions[k], a, b, used, hard)
	}
	x.markAt = max(x.markAt, end)
}

// markRest is markTo(x.markEnd), for nounCues and impressions.
func (x *extractor) markRest(a, b int, used, hard tokSet) {
	if x.markAt < x.markEnd {
		x.markTo(x.markEnd, a, b, used, hard)
	}
}

// mark notes the tokens of the sentence toks[a:b] that attribution at
// covers: used, and hard when outside its content (see sentence).
func (x *extractor) mark(at *Attribution, a, b int, used, hard tokSet) {
	st := x.p.toks[a:b]
	lo, hi, srcFar := coverRange(at)
	// Tokens are in text order and do not overlap: those within
	// [lo, hi) are a run, and so are those starting in a far source's
	// span.
	cover := func(k int) {
		used.add(k)
		if !inSpans(at.Content, int(st[k].s)) {
			hard.add(k)
		}
	}
	if len(at.Content) == 1 {
		markRun(st, used, hard, lo, hi, at.Content[0])
	} else {
		k0, k1 := tokenRun(st, lo, hi)
		for k := k0; k < k1; k++ {
			cover(k)
		}
	}
	if srcFar {
		for _, sp := range at.Source {
			k := 0
			for k < len(st) && int(st[k].s) < sp.Start {
				k++
			}
			for ; k < len(st) && int(st[k].s) < sp.End; k++ {
				cover(k)
			}
		}
	}
}

// coverRange is the byte range [lo, hi) whose tokens attribution at
// covers (see mark), and whether its source is far from it (its tokens
// are covered apart). The cue and content cover a range; a source counts
// too when it is next to them, not when it is the sentence subject
// reused for a second verb ("Graham called ... and said ...").
func coverRange(at *Attribution) (lo, hi int, srcFar bool) {
	lo, hi = at.Cue[0].Start, at.Cue[0].End
	for _, sp := range at.Content {
		lo, hi = min(lo, sp.Start), max(hi, sp.End)
	}
	srcFar = len(at.Source) > 0 && at.Source[0].End < lo && lo-at.Source[0].End > 20
	if !srcFar {
		for _, sp := range at.Source {
			lo, hi = min(lo, sp.Start), max(hi, sp.End)
		}
	}
	return lo, hi, srcFar
}

// unmarkedCover reports whether the attributions not marked yet (see
// rules) cover toks[k]: whether mark would add it to used and to hard.
// It asks about one token from the attributions' spans, without the
// walks over the sentence's tokens that marking them takes.
func (x *extractor) unmarkedCover(k int) (used, hard bool) {
	t := &x.p.toks[k]
	s, e := int(t.s), int(t.e)
	for j := x.markAt; j < len(x.res.Attributions); j++ {
		at := &x.res.Attributions[j]
		lo, hi, srcFar := coverRange(at)
		u := s >= lo && e <= hi
		if !u && srcFar {
			for _, sp := range at.Source {
				u = u || sp.Start <= s && s < sp.End
			}
		}
		used = used || u
		hard = hard || u && !inSpans(at.Content, s)
	}
	return used, hard
}

// tokenRun is the run st[k0:k1] of the tokens within [lo, hi). Its ends
// are found by walking in from the ends of st, a sentence (not by
// binary search, whose branches would guess wrong): a cue with its
// source and content covers most of a sentence (two thirds on average),
// and the tokens before and after them are few.
func tokenRun(st []token, lo, hi int) (k0, k1 int) {
	k0, k1 = 0, len(st)
	for k0 < len(st) && int(st[k0].s) < lo {
		k0++
	}
	for k1 > k0 && int(st[k1-1].e) > hi {
		k1--
	}
	return k0, k1
}

// markRun is mark for an attribution of one content span c (most of
// them): in the run of tokens within [lo, hi) the content's tokens are
// a run [c0, c1), and the others are hard. (Its own function: its
// loops' few variables stay in registers.)
func markRun(st []token, used, hard tokSet, lo, hi int, c crux.Span) {
	k0, k1 := tokenRun(st, lo, hi)
	c0, c1 := k0, k1
	for c0 < k1 && int(st[c0].s) < c.Start {
		c0++
	}
	for c1 > c0 && int(st[c1-1].s) >= c.End {
		c1--
	}
	used.addRun(k0, k1)
	hard.addRun(k0, c0)
	hard.addRun(c1, k1)
}

// nestedCues lets "X said ..." inside another attribution's content
// start an attribution of its own (PolNeAR annotates both). Off: on the
// train split it raised content-soft recall by 0.005 and cost 0.037 of
// precision (soft F1 0.639 → 0.630).
var nestedCues = false

// usedIn reports whether any of toks[s:e] is covered by an attribution
// already found in the sentence toks[a:b] (marking those not marked
// yet, see rules).
func (x *extractor) usedIn(s, e, a, b int) bool {
	if x.markAt < len(x.res.Attributions) {
		x.markTo(len(x.res.Attributions), a, b, x.used, x.hard)
	}
	return x.used.anyIn(s-a, e-a)
}

// tokSet is a set of the tokens of a sentence, a bit each (bit k: the
// sentence's k-th token), in a word per 64 tokens: clearing it, or
// adding a run of tokens, writes a word or two (most sentences have
// fewer than 64 tokens), not a byte per token.
type tokSet []uint64

// tokSets makes the sets x.used and x.hard (see rules) hold a sentence
// of n tokens and returns how many words of them it takes. They are
// empty: rules leaves them so (see extractor.dirty).
func (x *extractor) tokSets(n int) (nw int) {
	nw = (n + 63) >> 6
	if len(x.used) < nw {
		x.used = make(tokSet, max(nw, 4))
		x.hard = make(tokSet, max(nw, 4))
	}
	return nw
}

// clearTokSets empties the first nw words of x.used and x.hard, which
// hold the sentence's tokens, and leaves them clean (see extractor.dirty).
func (x *extractor) clearTokSets(nw int) {
	// (a loop, not clear: one or two words do not pay for a call)
	for k := range nw {
		x.used[k], x.hard[k] = 0, 0
	}
	x.dirty = false
}

func (s tokSet) has(k int) bool { return s[k>>6]&(1<<(k&63)) != 0 }

func (s tokSet) add(k int) { s[k>>6] |= 1 << (k & 63) }

// addRun adds the tokens lo to hi-1 (none when hi <= lo).
func (s tokSet) addRun(lo, hi int) {
	if hi <= lo {
		return
	}
	w0, w1 := lo>>6, (hi-1)>>6
	m0, m1 := ^uint64(0)<<(lo&63), ^uint64(0)>>(63-(hi-1)&63)
	if w0 == w1 {
		s[w0] |= m0 & m1
		return
	}
	s[w0] |= m0
	for w := w0 + 1; w < w1; w++ {
		s[w] = ^uint64(0)
	}
	s[w1] |= m1
}

// anyIn reports whether any of the tokens lo to hi-1 is in s.
func (s tokSet) anyIn(lo, hi int) bool {
	for k := lo; k < hi; k++ {
		if s.has(k) {
			return true
		}
	}
	return false
}

// inSpans reports whether off lies in one of spans (each with Start <=
// End: one unsigned comparison tests both ends).
func inSpans(spans []crux.Span, off int) bool {
	for _, sp := range spans {
		if uint(off-sp.Start) < uint(sp.End-sp.Start) {
			return true
		}
	}
	return false
}

// impressionCues are verbs of appearance that PolNeAR counts as
// attributions without a source ("the team appeared to make a
// decision", "Clinton is expected to win").
var impressionCues = set(`seem seems seemed appear appears appeared expected`)

// askedOpeners follow a sentence-initial "Asked" whose question is the
// content ("Asked whether ..., the senator said ...").
var askedOpeners = set(`if whether about what why how who when to which whom whose`)

// impressions finds sourceless attributions: "X seemed/appears/is
// expected to ..." and "Asked if ...,". They carry no claim (Claim is
// -1): nobody is quoted.
func (x *extractor) impressions(a, b int, used, hard tokSet) bool {
	p := &x.p
	toks := p.toks
	found := false
	// "Asked if ..., X said" / "When asked about ..., X said" / "Asked on
	// Fox News who leads ...": the question up to the comma.
	ak := a
	if ak+1 < b && toks[ak].v == wWhen {
		ak++
	}
	if toks[ak].v == wAsked && ak+2 < b && toks[ak].flags&fInQuote == 0 {
		c0 := ak + 1
		if toks[c0].flags&fLy != 0 {
			c0++ // "Asked specifically what ..."
		}
		for c0 < b && c0 < ak+3 && toks[c0].in(timeWords) {
			c0++ // "Asked Tuesday about ..."
		}
		if c0 < b && (toks[c0].in(preps) || toks[c0].v == wBy) && !toks[c0].in(askedOpeners) {
			// "Asked on Fox News who ...": skip the setting
			for k := c0 + 1; k < b && k < c0+7 && toks[k].kind == tWord; k++ {
				if toks[k].in(askedOpeners) && toks[k].v != wTo && toks[k].v != wAbout {
					c0 = k
					break
				}
			}
		}
		c1 := c0
		for c1 < b && !(toks[c1].kind == tPunct && toks[c1].v == punctV[','] && toks[c1].flags&fInQuote == 0) {
			c1++
		}
		if c0 < b && toks[c0].in(askedOpeners) && c1-c0 >= 3 && c1 < b {
			x.addSourceless(x.spans(crux.Span{Start: int(toks[ak].s), End: int(toks[ak].e)}), x.spans(crux.Span{Start: int(toks[c0].s), End: int(toks[c1-1].e)}))
			found = true
		}
	}
	// "..., he said when asked whether ...": the question to its end.
	for i := ak + 1; i+2 < b; i++ {
		if i = nextFlagged(toks[:b-2], i, fAsked); i+2 >= b {
			break
		}
		if toks[i].v != wAsked || toks[i-1].v != wWhen {
			continue
		}
		x.markRest(a, b, used, hard)
		if used.has(i-a) || toks[i].flags&fInQuote != 0 || i-1 == a {
			continue
		}
		c0 := i + 1
		if toks[c0].v == wBy {
			// "when asked by a reporter whether ..."
			for k := c0 + 1; k < b && k < c0+6 && toks[k].kind == tWord; k++ {
				if toks[k].in(askedOpeners) && toks[k].v != wTo && toks[k].v != wAbout {
					c0 = k
					break
				}
			}
		}
		if !toks[c0].in(askedOpeners) || toks[c0].flags&fInQuote != 0 {
			continue
		}
		c1 := x.contentEnd(c0, b)
		if c1-c0 < 3 {
			continue
		}
		x.addSourceless(x.spans(crux.Span{Start: int(toks[i].s), End: int(toks[i].e)}), x.spans(crux.Span{Start: int(toks[c0].s), End: int(toks[c1-1].e)}))
		found = true
		used.addRun(i-a, c1-a)
	}
	for i := a + 1; i+2 < b; i++ {
		if i = nextFlagged(toks[:b-2], i, fImpress); i+2 >= b {
			break
		}
		t := &toks[i]
		x.markRest(a, b, used, hard)
		if used.has(i-a) || toks[i].flags&fInQuote != 0 {
			continue
		}
		// "seemed to ...", or "seems stable" / "appears weak" / "it
		// appears that ...": a complement that is not a setting
		// ("appeared on Fox", "appeared at a rally").
		n := &toks[i+1]
		complement := t.v != wExpected && n.v != wTo && n.kind == tWord && toks[i+1].flags&fInQuote == 0 && n.flags&fCap == 0 &&
			!n.in(preps) && !n.in(adjunctStart) && !n.in(timeWords) && !n.in(speakerStop) || n.v == wThat && t.v != wExpected
		if n.v != wTo && !complement {
			continue
		}
		cs := i
		if t.v == wExpected {
			k := i - 1
			for k > a && (toks[k].v == wWidely || toks[k].v == wNot || toks[k].v == wAlso) {
				k--
			}
			if !(toks[k].v == wIs || toks[k].v == wAre || toks[k].v == wWas || toks[k].v == wWere) {
				continue
			}
			cs = k
		}
		c0 := i + 1
		c1 := x.contentEndKind(c0, b, true)
		if c1-c0 < 3 && !(complement && c1 > c0) {
			continue
		}
		c := crux.Span{Start: int(toks[c0].s), End: int(toks[c1-1].e)}
		var content []crux.Span
		if m, ok := x.nounPhraseBack(a, cs-1); ok && m.pron == "" {
			content = x.spans(crux.Span{Start: int(toks[m.s].s), End: int(toks[m.e-1].e)}, c)
		} else {
			content = x.spans(c)
		}
		x.addSourceless(x.spans(crux.Span{Start: int(toks[cs].s), End: int(t.e)}), content)
		found = true
		used.addRun(i-a, c1-a)
	}
	return found
}

// nextFlagged returns the first of toks[i:] with a flag of f, or
// len(toks). (A loop of its own, of few variables: they stay in
// registers.)
func nextFlagged(toks []token, i int, f uint32) int {
	for ; i < len(toks); i++ {
		if toks[i].flags&f != 0 {
			return i
		}
	}
	return len(toks)
}

// nounCueWords are nouns of saying, believing and judging that PolNeAR
// annotates as cues with their complement: "his criticism of the plan",
// "Trump's attacks on Clinton", "allegations that he ...", "support for
// Sanders".
var nounCueWords = set(`criticism criticisms attack attacks allegation allegations accusation accusations claim claims
	assertion assertions insistence complaint complaints denial denials support opposition praise endorsement
	warning warnings belief fears hopes argument suggestion charges concerns promise pledge call calls demands`)

// nounCuePreps follow a cue noun and open its content.
var nounCuePreps = set(`of on for against that to about`)

// sourcelessNouns are the cue nouns that make an attribution without a
// possessor ("allegations that he ..."); the others need one ("his
// attacks on", "Trump's call for").
var sourcelessNouns = set(`criticism criticisms allegation allegations accusation accusations claim claims assertion assertions complaint complaints denial denials warnings`)

// nounCues finds "[POSSESSOR] NOUN PREP CONTENT" ("his criticism of the
// company", "allegations that ..."). The possessor (a possessive
// pronoun or name) is the source; without one the attribution is
// sourceless (only for the nouns of sourcelessNouns). These attributions
// carry no claim (Claim -1): the possessor is kept as a source span but
// not resolved to an actor. The content runs to the next clause break.
// Where it fails:
// a noun used for something else ("the support for the bridge was
// rusty") is taken as a cue.
func (x *extractor) nounCues(a, b int, used, hard tokSet) bool {
	p := &x.p
	toks := p.toks
	found := false
	for i := a; i+2 < b; i++ {
		if i = nextFlagged(toks[:b-2], i, fNounCue); i+2 >= b {
			break
		}
		t := &toks[i]
		x.markRest(a, b, used, hard)
		if used.has(i-a) || toks[i].flags&fInQuote != 0 {
			continue
		}
		if !toks[i+1].in(nounCuePreps) || toks[i+1].flags&fInQuote != 0 {
			continue
		}
		if (t.v == wCall || t.v == wCalls) && toks[i+1].v != wFor || t.v == wSupport && toks[i+1].v != wFor {
			continue
		}
		c0 := i + 2
		if toks[i+1].v == wThat {
			c0 = i + 1
		}
		c1 := x.contentEndKind(c0, b, toks[i+1].v != wThat)
		if c1 <= c0 || used.has(c0-a) {
			continue
		}
		var src []crux.Span
		if i > a && (toks[i-1].flags&fPoss != 0 || toks[i-1].in(possessives)) && toks[i-1].flags&fInQuote == 0 {
			s := i - 1
			for s > a && toks[s-1].kind == tWord && toks[s-1].flags&fCap != 0 && toks[s].flags&fCap != 0 && toks[s-1].flags&fInQuote == 0 {
				s-- // "Donald Trump's"
			}
			src = x.spans(crux.Span{Start: int(toks[s].s), End: int(toks[i-1].e)})
		}
		if src == nil && !t.in(sourcelessNouns) {
			continue // "a drone attack on the Kremlin", "support for the bridge"
		}
		cue := x.spans(crux.Span{Start: int(t.s), End: int(toks[i+1].e)})
		content := x.spans(crux.Span{Start: int(toks[c0].s), End: int(toks[c1-1].e)})
		if src == nil {
			x.addSourceless(cue, content)
		} else {
			x.res.Attributions = append(x.res.Attributions, Attribution{Source: src, Cue: cue, Content: content, Claim: -1})
		}
		used.addRun(i-a, c1-a)
		found = true
		i = c1 - 1
	}
	return found
}

var possessives = set(`his her their its our my your`)

func (x *extractor) addSourceless(cue, content []crux.Span) {
	x.res.Attributions = append(x.res.Attributions, Attribution{Cue: cue, Content: content, Claim: -1})
}

// headlineLabels before a colon label a story, not a speaker
// ("Breaking: ...", "BYLINE: ...", "So: ...").
var headlineLabels = set(`breaking revealed boom bombshell byline so update correction remember exclusive watch developing`)

// headline handles "Speaker: what they said" (headlines, ledes): a
// noun phrase from the sentence start up to a colon.
func (x *extractor) headline(a, b int) bool {
	p := &x.p
	toks := p.toks
	for c := a + 1; c < b && c <= a+6; c++ {
		if toks[c].flags&fInQuote != 0 {
			return false
		}
		if toks[c].kind != tPunct {
			continue
		}
		if (toks[c].v == punctV['.'] || toks[c].v == punctV['-']) && toks[c].s == toks[c-1].e {
			continue // "Dr. Ben Carson:"
		}
		if toks[c].v != punctV[':'] || c+2 >= b {
			return false
		}
		m, ok := x.nounPhraseBack(a, c-1)
		if !ok || m.s != a || m.pron != "" || c == a+1 && toks[a].in(headlineLabels) || toks[c-1].flags&fCap == 0 && strings.HasSuffix(x.text[toks[c-1].s:toks[c-1].e], "ed") {
			return false
		}
		c1 := x.contentEnd(c+1, b)
		if c1-(c+1) < 2 || toks[b-1].v == punctV['?'] {
			// a question is not a claim ("Attack or False Flag?")
			return false
		}
		if a == 0 && c1 >= b-1 && b < len(toks) {
			// "NAME: sentence. More sentences.": a transcript's speaker
			// label opening the paragraph speaks to its end
			e := len(toks)
			for e > b && toks[e-1].kind == tPunct && toks[e-1].flags&fInQuote == 0 {
				e--
			}
			if toks[e-1].v != punctV['?'] {
				c1 = e
			}
		}
		content := x.spans(crux.Span{Start: int(toks[c+1].s), End: int(toks[c1-1].e)})
		x.add(&m, x.spans(crux.Span{Start: int(toks[c].s), End: int(toks[c].e)}), ":", crux.Assert, content, x.mode(content))
		return true
	}
	return false
}

// namedColonQuote handles "... Republican pollster Daron Shaw: “QUOTE”":
// a named speaker right before a colon that opens a quote, anywhere in
// the sentence.
func (x *extractor) namedColonQuote(a, b int) bool {
	p := &x.p
	toks := p.toks
	for c := a + 2; ; c++ {
		// (the colons only: fColon)
		if c = nextFlagged(toks[:b-1], c, fColon); c >= b-1 {
			break
		}
		if toks[c].flags&fInQuote != 0 || toks[c+1].kind != tQuote || toks[c+1].flags&fInQuote == 0 {
			continue
		}
		m, ok := x.nounPhraseBack(a, c-1)
		if !ok || m.name == "" {
			return false
		}
		q := p.quotes[p.qreg[c+1]]
		if q.open != c+1 {
			return false
		}
		content := x.spans(crux.Span{Start: int(toks[q.open].s), End: int(toks[q.close].e)})
		x.add(&m, x.spans(crux.Span{Start: int(toks[c].s), End: int(toks[c].e)}), ":", crux.Assert, content, crux.Direct)
		return true
	}
	return false
}

// pureQuote reports whether toks[a:b] is one quote (with at most
// punctuation after it).
func (x *extractor) pureQuote(a, b int) (quote, bool) {
	p := &x.p
	if p.toks[a].flags&fInQuote == 0 || p.toks[a].kind != tQuote {
		return quote{}, false
	}
	q := p.quotes[p.qreg[a]]
	if q.open != a {
		return quote{}, false
	}
	for k := q.close + 1; k < b; k++ {
		if p.toks[k].kind != tPunct {
			return quote{}, false
		}
	}
	return q, true
}

// pollWords head a survey cited as a source ("In a CNN poll, ...").
var pollWords = set(`poll polls survey surveys`)

// inPoll handles a sentence opening "In a/the ... poll (released
// Monday), CONTENT": PolNeAR annotates "In" as the cue and the poll as
// the source.
func (x *extractor) inPoll(a, b int) bool {
	p := &x.p
	toks := p.toks
	if a+3 >= b || toks[a].v != wIn || toks[a].flags&fInQuote != 0 || !toks[a+1].in(determiners) {
		return false
	}
	poll := false
	k := a + 2
	for ; k < b && k < a+16 && toks[k].flags&fInQuote == 0; k++ {
		if toks[k].kind == tPunct && toks[k].v != punctV['-'] && toks[k].v != punctV['/'] && toks[k].v != punctV['&'] && toks[k].v != punctV['.'] && toks[k].v != punctV['\''] {
			break
		}
		if toks[k].in(pollWords) {
			poll = true
		}
	}
	if !poll || k >= b || toks[k].v != punctV[','] || toks[k].flags&fInQuote != 0 {
		return false
	}
	c0 := k + 1
	c1 := x.contentEnd(c0, b)
	if c1-c0 < 3 {
		return false
	}
	m := mention{s: a + 1, e: k, common: x.text[toks[a+1].s:toks[k-1].e], head: "poll", kind: crux.Organization}
	if toks[a+1].v == wA || toks[a+1].v == wAn {
		m.indef = true
	}
	content := x.spans(crux.Span{Start: int(toks[c0].s), End: int(toks[c1-1].e)})
	x.add(&m, x.spans(crux.Span{Start: int(toks[a].s), End: int(toks[a].e)}), x.text[toks[a].s:toks[a].e], crux.Assert, content, x.mode(content))
	return true
}

// according handles "according to X, ..." and "..., according to X".
func (x *extractor) according(a, b, i int) (int, bool) {
	p := &x.p
	toks := p.toks
	m, ok := x.nounPhraseFwd(i+2, b)
	// The source of "according to" runs to the next comma or the
	// sentence end ("according to early results of exit polls conducted
	// for the AP, ..."): past what the noun phrase reader takes.
	np := i + 2
	for np < b && np < i+32 && toks[np].flags&fInQuote == 0 && !(toks[np].kind == tPunct && toks[np].v != punctV['-'] && toks[np].v != punctV['/'] && toks[np].v != punctV['&'] && toks[np].v != punctV['\''] && toks[np].v != punctV['.'] && toks[np].v != punctV['('] && toks[np].v != punctV[')']) && !isTerminal(&toks[np]) {
		np++
	}
	if np < b && toks[np].kind == tPunct && toks[np].v != punctV[','] && !isTerminal(&toks[np]) {
		np = 0 // a quote, dash or colon: keep the noun phrase reader's answer
	}
	for np > i+2 && toks[np-1].kind == tPunct {
		np--
	}
	if !ok && np > i+2 && np-(i+2) <= 30 {
		m = mention{s: i + 2, e: np, common: x.text[toks[i+2].s:toks[np-1].e], head: toks[np-1].key(), kind: crux.Organization}
		if toks[i+2].v == wA || toks[i+2].v == wAn {
			m.indef, m.kind = true, crux.Anonymous
		}
		ok = true
	} else if ok && np > m.e && np-(i+2) <= 30 && m.pron == "" {
		m.e = np
	}
	if !ok {
		return 0, false
	}
	cue := x.spans(crux.Span{Start: int(toks[i].s), End: int(toks[i+1].e)})
	var content []crux.Span
	end := m.e
	if i == a || (i == a+1 && toks[a].kind == tQuote) {
		// According to X, CONTENT.
		c0 := m.e
		for c0 < b && toks[c0].kind == tPunct && toks[c0].v == punctV[','] {
			c0++
		}
		c1 := x.contentEnd(c0, b)
		if c1 <= c0 {
			return 0, false
		}
		content = x.spans(crux.Span{Start: int(toks[c0].s), End: int(toks[c1-1].e)})
		end = c1
	} else {
		// CONTENT, according to X.
		c1 := i
		for c1 > a && toks[c1-1].kind == tPunct && (toks[c1-1].v == punctV[','] || toks[c1-1].key() == "--") {
			c1--
		}
		c0 := a
		for k := c1 - 1; k > a; k-- {
			if toks[k].flags&fInQuote == 0 && toks[k].v == punctV['('] {
				// "(the actual number is 15 percent, according to X)"
				c0 = k + 1
				break
			}
		}
		if c1-c0 < 1 {
			return 0, false
		}
		content = x.spans(crux.Span{Start: int(toks[c0].s), End: int(toks[c1-1].e)})
		if m.e+1 < b && toks[m.e].v == punctV[','] && !toks[m.e+1].in(clauseBreak) && !x.newClauseAt(m.e+1, b) {
			// ..., according to X, the rest of the clause.
			if c2 := x.contentEnd(m.e+1, b); c2 > m.e+1 {
				content = x.spansPlus(content, crux.Span{Start: int(toks[m.e+1].s), End: int(toks[c2-1].e)})
				end = c2
			}
		}
		if len(content) == 1 && c1-c0 < 3 {
			return 0, false
		}
	}
	x.add(&m, cue, "according to", crux.Assert, content, x.mode(content))
	return end, true
}

// cue handles a cue verb at toks[i], of lexicon entry e. prev is the
// speaker of the sentence's last attribution (nil: none), whose source
// span is x.lastSrcSpan. When it adds an attribution it reports
// true, with the speaker in m (the zero mention for one without a
// source); otherwise m holds anything. m must not be prev. (The speaker
// is written to m, not returned: a mention is large, and the caller
// keeps it in place.)
func (x *extractor) cue(a, b, i int, e *cueEntry, prev *mention, nested bool, m *mention) bool {
	p := &x.p
	toks := p.toks
	cueEnd := i + 1
	// Particles and restrictions. nv is the lexicon entry of the next
	// word outside quotes; 0, the empty entry (no key, no sets), when
	// there is none.
	nv := uint16(0)
	if cueEnd < b && toks[cueEnd].flags&fInQuote == 0 {
		nv = toks[cueEnd].v
	}
	// (most cues have no restriction: one test of e.particle)
	if e.particle != pNone {
		next := vtab.keys[nv]
		switch e.particle {
		case pPoint:
			if next != "out" && next != "to" {
				return false
			}
			cueEnd++
		case pCall:
			if next == "for" || next == "on" {
				cueEnd++
			}
		case pSided:
			if next != "with" {
				return false
			}
			cueEnd++
		case pTo:
			if next != "to" {
				return false
			}
			cueEnd++
		case pPush, pFired:
			if next != "back" && (next != "for" || e.particle != pPush) {
				return false
			}
			cueEnd++
		case pMake:
			// "made clear that", "made it clear that"
			if next == "it" && cueEnd+1 < b && toks[cueEnd+1].v == wClear {
				cueEnd++
			} else if next != "clear" {
				return false
			}
			cueEnd++
		case pVoted:
			if next != "for" && next != "against" && next != "to" {
				return false
			}
			if next != "to" {
				cueEnd++
			}
		case pTalk, pSpeak:
			if cueEnd+1 < b && toks[cueEnd].flags&fLy != 0 && toks[cueEnd+1].flags&fInQuote == 0 {
				// "spoke passionately about", "talking candidly about"
				cueEnd++
				nv = toks[cueEnd].v
				next = vtab.keys[nv]
			}
			if next != "about" && !(e.particle == pSpeak && (next == "of" || next == "out")) {
				return false
			}
			cueEnd++
		case pRead:
			if next != ":" && !(cueEnd < b && toks[cueEnd].kind == tQuote) {
				return false
			}
		case pThank:
			if e.form&formThanks != 0 && next == "to" {
				return false
			}
		}
	}
	// (the next word's sets are read once for both tests)
	if ns := vtab.sets[nv]; ns&(cueBreaks.bit|reportVerbs.bit) != 0 {
		if ns&cueBreaks.bit != 0 {
			return false
		}
		if toks[cueEnd].flags&fInQuote == 0 {
			// a noun before the verb: "the congressional report said"
			return false
		}
	}
	// A noun use: "the report", "his statement", "Kerry's call".
	if i > a {
		pv := &toks[i-1]
		// (the set and the flag tested at once: one branch, mostly not
		// taken)
		if vtab.sets[pv.v]&nounDeterminers.bit|uint64(pv.flags&fPoss) != 0 && pv.kind == tWord {
			return false
		}
	}
	if e.form&formAsked != 0 && i > a && toks[i-1].flags&fInQuote == 0 && toks[i-1].in(beForms) {
		return x.askedPassive(a, b, i, m)
	}
	// A passive ("was ordered by Kyiv") has no speaker before the cue.
	for k := i - 1; nv == wBy && k >= a && k > i-3; k-- {
		if toks[k].in(beForms) {
			return false
		}
		if toks[k].flags&fLy == 0 && toks[k].v != wNot {
			break
		}
	}
	cueAt := crux.Span{Start: int(toks[i].s), End: int(toks[cueEnd-1].e)} // x.spans(cueAt) when an attribution is made
	cueText := x.text[toks[i].s:toks[cueEnd-1].e]

	*m = mention{}
	ok := x.speakerBack(m, a, i)
	if ok && !e.speech && m.pron == "" && m.e < i && toks[i-1].in(beForms) && e.form&formEd != 0 && cueEnd < b && nv != wBy && !isTerminal(&toks[cueEnd]) {
		// "North Carolina is considered a key state": a passive states
		// a view with no source; what it is about is the content
		if x.passiveView(i, cueEnd, b, m) {
			return true
		}
	}
	// (the form, a field or two of m first: most cues end here)
	if ok && e.form&(formLemma|formLemmaS) != 0 && m.e == i && m.name == "" && m.pron == "" && m.head != "" {
		poss := vtab.sets[toks[m.s].v]&possessives.bit|uint64(toks[m.s].flags&fPoss) != 0 // (one branch)
		if (e.form&formLemma != 0 || poss && e.form&formLemmaS != 0) && !strings.HasSuffix(m.head, "s") && !roleHeads.has(m.head) && !titles.has(m.head) && !personHeads.has(m.head) &&
			!strings.HasSuffix(m.head, "'t") && !strings.HasSuffix(m.head, "’t") && m.head != "wanna" && // "the donor didn't disclose"
			(toks[m.s].v == wA || toks[m.s].v == wAn || toks[m.s].v == wThe || poss) {
			// "a definitive call on", "the leading voice", "a previous
			// pledge", "his closing remarks": a noun after an adjective,
			// not a verb after its subject
			return false
		}
	}
	if ok && e.form&formCalled != 0 && cueEnd == i+1 && m.name == "" && m.pron == "" && (toks[m.s].v == wA || toks[m.s].v == wAn) &&
		!(cueEnd < b && (toks[cueEnd].in(objectPronouns) || toks[cueEnd].v == wIt) && (personHeads.has(m.head) || titles.has(m.head))) {
		// (but "A reporter for AFP called it ...": a person calls)
		// "a group called Citizens for Trump": a name, not a cue
		return false
	}
	if ok && !e.speech && !m.reuse && m.e <= i {
		// A negated non-speech verb states what did not happen ("the
		// Kremlin has not sought to ..."): not an attribution.
		for k := m.e; k < i; k++ {
			w := x.text[toks[k].s:toks[k].e]
			if toks[k].v == wNot || toks[k].v == wNever || strings.HasSuffix(w, "n't") || strings.HasSuffix(w, "n’t") {
				return false
			}
		}
	}
	if nested {
		// Inside another attribution's content only "X said (that) ..."
		// with a named or pronoun speaker starts a nested one.
		if !ok || m.name == "" && m.pron == "" || m.pron == "who" {
			return false
		}
		if bt := m.s - 1; bt >= a && (toks[bt].v == punctV[','] || toks[bt].kind == tQuote) {
			return false
		}
	}
	var before int        // the token before the speaker–cue group
	contentAfter := false // ", saying ...": the content is after the cue
	after := cueEnd
	if ok {
		before = m.s - 1
	} else {
		before = i - 1
		participle := e.form&formIng != 0 && before >= a && (toks[before].v == punctV[','] || toks[before].kind == tQuote && before > a && toks[before-1].v == punctV[','])
		if !participle && e.speech && before >= a && (toks[before].v == punctV[','] || toks[before].kind == tQuote && toks[before].flags&fClose != 0 || isTerminal(&toks[before]) && toks[before].flags&fInQuote != 0) {
			// "...," said Kirby / "...," added a New Hampshire Democrat
			ok = x.nounPhraseFwdTo(m, cueEnd, b)
			if ok {
				after = m.e
			}
		}
		bj := before
		for bj > a && toks[bj].kind == tWord && toks[bj].in(skipBetween) {
			bj--
		}
		if !ok && bj > a && (toks[bj].v == wAnd || toks[bj].v == wBut) && toks[bj].flags&fInQuote == 0 {
			// "X thanked Miami and said ...", "X put off deciding but
			// said ...": the subject of the sentence
			ok = x.sentenceSubject(m, prev, a, bj)
		}
		if !ok && before >= a && toks[before].in(participlePreps) && toks[before].flags&fInQuote == 0 && e.form&formIng != 0 {
			// "... by saying he would ...", "After saying he was
			// nervous, the man ...": the subject of the main clause
			if before == a {
				return x.participleFirst(cueEnd, b, cueAt, cueText, e, m)
			}
			ok = x.sentenceSubject(m, prev, a, before)
		}
		commaQuote := before > a && toks[before].kind == tQuote && toks[before].flags&fClose != 0 && toks[before-1].v == punctV[','] // 'of “New York values,” saying'
		if !ok && before >= a && (toks[before].v == punctV[','] || toks[before].key() == "--" || commaQuote) && e.form&formIng != 0 {
			// ", adding that ..." keeps the speaker of the sentence: the
			// last attribution's, else the sentence's subject.
			ok = x.sentenceSubject(m, prev, a, before)
			// (its content follows it: "..., telling few people about
			// their situations", not the clause before the comma)
			contentAfter = ok && !commaQuote
		}
		if !ok {
			return false
		}
	}

	// Content before the group: "…," Kirby said / ..., the report says.
	if before >= a && e.speech && !contentAfter {
		bt := &toks[before]
		var content []crux.Span
		if bt.v == punctV[','] || bt.kind == tQuote || (isTerminal(bt) && toks[before].flags&fInQuote != 0) {
			k := before
			if bt.v == punctV[','] && k-1 >= a {
				k--
			}
			if toks[k].flags&fInQuote != 0 && toks[k].kind == tQuote || toks[k].flags&fInQuote != 0 && k+1 < len(toks) && p.qreg[k+1] == p.qreg[k] && toks[k+1].kind == tQuote {
				q := p.quotes[p.qreg[k]]
				start := q.open
				if q.open-a >= 2 && toks[a].flags&fInQuote == 0 && !x.usedIn(a, q.open, a, b) {
					// 'The party, attended by hundreds, "allows us to
					// get our message out," she said': a mixed quote
					// keeps the words before the quote mark
					start = a
				}
				content = x.spans(crux.Span{Start: int(toks[start].s), End: int(toks[q.close].e)})
			} else if bt.v == punctV[','] && before-a >= 3 && !(toks[a].flags&fInQuote == 0 && toks[a].in(openerWords) && !x.hasComma(a+1, before-1)) {
				// (a clause opening with "In her speech," / "After the
				// rally," / "While ...," is a setting, not what was said)
				content = x.spans(crux.Span{Start: int(toks[a].s), End: int(toks[before-1].e)})
			}
		}
		preQuote := len(content) > 0 && isQuoteStart(x.text[content[0].Start:content[0].End])
		tail := x.tailKind(after, b, e.form&formObject != 0)
		if tail == tailNone && e.infinitive && after+1 < b && toks[after].v == wTo && toks[after+1].flags&fInQuote == 0 && x.verbAt(after+1) {
			// "Reflecting his brashness, he pledged to put New York in
			// play": the infinitive is the content
			tail = tailClause
		}
		if tail == tailClause && preQuote && after < b && toks[after].v != wThat && toks[after].v != punctV[':'] && quoteEndsComma(x.text[content[0].Start:content[0].End]) {
			// '"...," Maddow said of a list that included ...': a quote
			// closed by a comma is what the cue reports; the tail is
			// about it
			tail = tailNone
		}
		if len(content) > 0 && (tail == tailNone || tail == tailQuote && preQuote) {
			// The rest: a split quote ("…," he said, "…") or, after a
			// clause, the clause's continuation ("Over the years, she
			// said, email has helped her").
			if !preQuote && m.appEnd == 0 && after+1 < b && toks[after].v == punctV[','] && toks[after+1].flags&fInQuote == 0 {
				if isCue := toks[after+1].flags&fCue != 0; !isCue {
					if c1 := x.contentEnd(after+1, b); c1 > after+1 {
						content = x.spansPlus(content, crux.Span{Start: int(toks[after+1].s), End: int(toks[c1-1].e)})
						after = c1
					}
				}
			}
			// (a quote opening before the next cue word continues a
			// quote before the group)
			for j := after; j < b; j++ {
				if toks[j].flags&fInQuote != 0 && toks[j].kind == tQuote && toks[j].flags&fOpen != 0 {
					q := p.quotes[p.qreg[j]]
					if q.open == j && preQuote {
						content = x.spansPlus(content, crux.Span{Start: int(toks[q.open].s), End: int(toks[q.close].e)})
					}
					break
				}
				if toks[j].kind == tWord && toks[j].flags&fInQuote == 0 {
					if isCue := toks[j].flags&fCue != 0; isCue {
						break
					}
				}
			}
			mode := x.mode(content)
			x.add(m, x.spans(cueAt), cueText, e.class, content, mode)
			if mode != crux.Reported {
				x.lastDirect = len(x.res.Attributions) - 1
			}
			return true
		}
	}
	if !ok || after != cueEnd {
		return false
	}
	// Speaker first: X said (that) CONTENT.
	// (a particle, "called for", is no listener's cue)
	c0 := x.contentStart(cueEnd, b, e, cueEnd == i+1 && e.form&formObject != 0)
	if c0 >= b || (toks[c0].kind == tPunct && toks[c0].v == punctV[':'] && c0+1 >= b) {
		if toks[b-1].v == punctV[':'] && b == len(toks) {
			// X said: (quote in the next paragraph)
			x.pendColon(m, cueAt, cueText, e)
		}
		return false
	}
	if toks[c0].flags&fInQuote == 0 && (toks[c0].v == wFrom || toks[c0].v == wBy || toks[c0].in(reflexives) && e.lemma == "finds") {
		// "reported from Washington", "reported by BuzzFeed",
		// "found himself in ...": a setting or an idiom, no content
		return false
	}
	if e.particle == pMaintain && toks[c0].v != wThat && toks[c0].kind != tQuote {
		// "maintained a lead": keeping, not stating ("maintained that
		// ...", '"...," he maintained')
		return false
	}
	short := !e.speech && toks[c0].v != wThat && toks[c0].kind != tQuote
	c1 := x.contentEndKind(c0, b, short)
	if toks[c0].kind == tQuote && toks[c0].flags&fInQuote != 0 {
		// what X called “the prior model,” the club ...: the quote;
		// "wrote, “...,” and shared a link": the quote
		if q := p.quotes[p.qreg[c0]]; q.open == c0 && q.closed && q.close+1 < c1 && (!e.speech || toks[q.close+1].in(quoteTail)) {
			c1 = q.close + 1
		}
	}
	if short {
		for c1-1 > c0 && toks[c1-1].in(timeWords) && toks[c1-1].flags&fInQuote == 0 {
			c1-- // "endorsed Cruz Wednesday", "... in December"
			if c1-1 > c0 && toks[c1-1].in(preps) {
				c1--
			}
		}
	}
	if c1 <= c0 || isTerminal(&toks[c0]) || !e.speech && c1-c0 < 3 && !(toks[c0].flags&fCap != 0 && toks[c0].flags&fInQuote == 0) && !(toks[c0].v == wTo && c1-c0 == 2) && !(c1-c0 == 1 && toks[c0].in(objectPronouns)) {
		return false
	}
	content := x.spans(crux.Span{Start: int(toks[c0].s), End: int(toks[c1-1].e)})
	mode := x.mode(content)
	x.add(m, x.spans(cueAt), cueText, e.class, content, mode)
	if mode != crux.Reported {
		x.lastDirect = len(x.res.Attributions) - 1
	} else if !m.reuse && !x.sameSpeaker(x.lastDirect, len(x.res.Attributions)-1) {
		// ('"...," said X, referring to Y. "More."': a participle of
		// the same speaker leaves the quote open for continuation)
		x.lastDirect = -1
	}
	return true
}

// passiveView is cue's passive that states a view without a source ("North
// Carolina is considered a key state"), for the cue toks[i] (ending
// before toks[cueEnd]) after "is" and the subject in m: the subject and
// what follows, up to a short content's end, are the content. It reports
// whether it added the attribution (m is then the zero mention). (Out of
// cue, as the other rare cases below: cue's common paths are then
// fewer bytes of code.)
func (x *extractor) passiveView(i, cueEnd, b int, m *mention) bool {
	toks := x.p.toks
	c1 := x.contentEndKind(cueEnd, b, true)
	if c1 <= cueEnd {
		return false
	}
	x.addSourceless(x.spans(crux.Span{Start: int(toks[i-1].s), End: int(toks[cueEnd-1].e)}), x.spans(crux.Span{Start: int(toks[m.s].s), End: int(toks[c1-1].e)}))
	*m = mention{}
	return true
}

// participleFirst is cue for a participle cue opening its sentence
// ("After saying he was nervous, the man ..."), the cue cueAt (text
// cueText) ending before toks[cueEnd], of entry e: its speaker is the
// main clause's subject, after the comma, and its content the words up
// to the comma. It reports whether it added the attribution, with the
// speaker in m.
func (x *extractor) participleFirst(cueEnd, b int, cueAt crux.Span, cueText string, e *cueEntry, m *mention) bool {
	toks := x.p.toks
	c1 := cueEnd
	for c1 < b && !(toks[c1].v == punctV[','] && toks[c1].flags&fInQuote == 0) {
		c1++
	}
	// the subject: up to the main verb
	v := c1 + 1
	for v < b && v < c1+10 && toks[v].kind == tWord && toks[v].flags&fInQuote == 0 {
		w := x.text[toks[v].s:toks[v].e]
		if isCue := toks[v].flags&fCue != 0; v > c1+1 && toks[v].flags&fCap == 0 && (isCue || toks[v].in(skipBetween) || toks[v].in(pastVerbs) || strings.HasSuffix(w, "ed")) {
			break
		}
		v++
	}
	if c1+1 < b && c1-cueEnd >= 2 && v > c1+1 {
		if sm, sok := x.nounPhraseBack(c1+1, v-1); sok && sm.s == c1+1 && (sm.name != "" || sm.pron != "" || sm.common != "") {
			content := x.spans(crux.Span{Start: int(toks[cueEnd].s), End: int(toks[c1-1].e)})
			x.add(&sm, x.spans(cueAt), cueText, e.class, content, x.mode(content))
			*m = sm
			return true
		}
	}
	return false
}

// pendColon makes the speaker m of a cue ending its paragraph with a
// colon (cueAt, text cueText, of entry e) wait for the quote of the next
// paragraph (x.pending).
func (x *extractor) pendColon(m *mention, cueAt crux.Span, cueText string, e *cueEntry) {
	x.detach(m)
	x.pending = &pendingCue{m: *m, cue: x.spans(cueAt), class: e.class, cueText: cueText}
}

// sameSpeaker reports whether attributions i and j (j >= 0) have claims
// by the same actor.
func (x *extractor) sameSpeaker(i, j int) bool {
	if i < 0 {
		return false
	}
	ci, cj := x.res.Attributions[i].Claim, x.res.Attributions[j].Claim
	return ci >= 0 && cj >= 0 && x.res.Claims[ci].SpeakerID == x.res.Claims[cj].SpeakerID
}

// sentenceSubject reads into m the speaker of a cue whose subject is
// the sentence's ("X thanked Miami and said ...", "..., saying ..."):
// the speaker of the sentence's previous attribution (prev, reused with
// its span), else the subject read from toks[a] up to toks[e]. It
// reports whether there is one; m holds anything when there is not.
func (x *extractor) sentenceSubject(m, prev *mention, a, e int) bool {
	if prev != nil {
		*m = *prev
		m.span = x.lastSrcSpan
		m.reuse = true
		return true
	}
	return x.subjectFwd(m, a, e)
}

// subjectFwd reads into m the subject of the sentence starting at
// toks[a], before toks[e], past an opening setting: "In a speech on
// Tuesday, Mr. Trump struck a measured tone, saying ...", "Speaking
// Friday, she ...", "Instead, he ...", "On Sunday Trump ...". It reports
// whether there is one; m holds anything when there is not. Where it
// fails: a setting without a comma ("After the debate Trump ...") hides
// the subject.
func (x *extractor) subjectFwd(m *mention, a, e int) bool {
	p := &x.p
	toks := p.toks
	s := a
	if c := x.openerEnd(a, e); c > 0 {
		s = c
	}
	for s < e && toks[s].flags&fInQuote == 0 && (toks[s].in(timeWords) || toks[s].in(interjections) || toks[s].v == punctV[','] ||
		toks[s].v == wOn && s+1 < e && toks[s+1].in(timeWords)) {
		s++
	}
	ok := x.nounPhraseFwdTo(m, s, e)
	if s > a && (!ok || m.name == "" && m.pron == "" && m.common == "" || m.pron == "who") {
		ok = x.nounPhraseFwdTo(m, a, e) // no subject after the setting: what the sentence opens with
	}
	return ok && (m.name != "" || m.pron != "" || m.common != "") && !(m.pron == "who" && s > a)
}

// openerEnd returns the token after the comma that closes a
// sentence-initial setting ("In a speech on Tuesday, ...", "Speaking
// Friday, ..."), looked for before toks[e-1]; 0 when the sentence at a
// does not open with one.
func (x *extractor) openerEnd(a, e int) int {
	p := &x.p
	toks := p.toks
	if toks[a].flags&fInQuote != 0 || toks[a].kind != tWord || !(toks[a].in(openerWords) || isDigit(x.text[toks[a].s]) || strings.HasSuffix(x.text[toks[a].s:toks[a].e], "ing")) {
		return 0
	}
	for c := a + 1; c < e-1; c++ {
		if toks[c].v == punctV[','] && toks[c].flags&fInQuote == 0 {
			return c + 1
		}
	}
	return 0
}

// askedPassive handles "X was asked (by Y) whether ...": the asker,
// not X, is the source; without "by" the attribution has none. It is
// cue's tail for the cue toks[i] and reports as cue does, the speaker
// in m.
// Where it fails: "X was asked to leave" (a request, not a question) is
// taken as one too.
func (x *extractor) askedPassive(a, b, i int, m *mention) bool {
	p := &x.p
	toks := p.toks
	c0 := i + 1
	ok := false
	if c0 < b && toks[c0].v == wBy && toks[c0].flags&fInQuote == 0 {
		if ok = x.nounPhraseFwdTo(m, c0+1, b); !ok {
			return false
		}
		c0 = m.e
		if m.appEnd > 0 {
			c0 = m.appEnd
		}
		for c0 < b && toks[c0].v == punctV[','] && toks[c0].flags&fInQuote == 0 {
			c0++
		}
	}
	for c0 < b && toks[c0].in(timeWords) && toks[c0].flags&fInQuote == 0 {
		c0++
	}
	if c0 >= b || toks[c0].kind == tPunct {
		return false
	}
	c1 := x.contentEnd(c0, b)
	if c1-c0 < 2 {
		return false
	}
	cue := x.spans(crux.Span{Start: int(toks[i-1].s), End: int(toks[i].e)})
	content := x.spans(crux.Span{Start: int(toks[c0].s), End: int(toks[c1-1].e)})
	if !ok {
		x.addSourceless(cue, content)
		*m = mention{}
		return true
	}
	x.add(m, cue, x.text[toks[i-1].s:toks[i].e], crux.Ask, content, x.mode(content))
	return true
}

// infinitiveCues take "to" + verb as their content ("pledged to put").
var infinitiveCues = set(`promise pledge vow threaten agree ask demand plead`)

// verbAt reports whether toks[k] reads as a verb after "to": a
// lower-case word that is not a determiner, pronoun or role noun ("to
// put", not "to reporters", "to the crowd").
func (x *extractor) verbAt(k int) bool {
	t := &x.p.toks[k]
	return t.kind == tWord && t.flags&fCap == 0 && !t.in(determiners) && !t.in(possessives) && !t.in(objectPronouns) && !t.in(roleHeads) && !t.in(timeWords) && !isDigit(x.text[t.s])
}

// quoteTail after a quote that is a speech cue's content starts the
// writer's words again ("“...,” and shared a link").
var quoteTail = set(`and but as before after while when then`)

var reflexives = set(`himself herself themselves itself myself ourselves yourself`)

// cueBreaks right after a cue word ("said -- ", "said (") end the
// attribution: an aside follows, not the content.
var cueBreaks = set(`-- (`)

// reportVerbs, right after a cue word, make that word a noun subject
// ("the congressional report said", "the poll shows").
var reportVerbs = set(`said says told wrote writes shows showed found finds concluded concludes`)

// subjectPronouns open a clause after a listener ("told CNN he ...").
var subjectPronouns = set(`he she they we i`)

// tailAdverbs after a cue are settings, not content ("said onstage").
var tailAdverbs = set(`onstage backstage afterward afterwards again here`)

const (
	tailNone   = iota // nothing, or only time and setting: "said Wednesday", "said in an interview with X"
	tailQuote         // ", QUOTE": a split quote
	tailClause        // anything else: content follows the cue
)

// participlePreps introduce a participle cue whose speaker is the main
// clause's subject ("by saying", "after saying", "while insisting").
var participlePreps = set(`by after while before when in without`)

// adjunctStart are words that open a setting after a cue rather than
// its content.
var adjunctStart = set(`in on at to during after before while as with from via through about when where amid upon outside inside following later earlier who whose of`)

// hasComma reports whether a comma outside quotes lies in toks[s:e].
func (x *extractor) hasComma(s, e int) bool {
	toks := x.p.toks
	for k := s; k < e; k++ {
		if toks[k].v == punctV[','] && toks[k].flags&fInQuote == 0 {
			return true
		}
	}
	return false
}

// openerWords start a sentence-initial setting clause ("In her speech,",
// "After the rally,", "While it is unclear ...,").
var openerWords = set(`in on at during after before while when although though since because if as amid following despite upon with without`)

// tailKind tells what follows a speaker–cue group at toks[j].
func (x *extractor) tailKind(j, b int, objCue bool) int {
	p := &x.p
	toks := p.toks
	// A "that" or a colon after the setting makes a clause tail:
	// "said earlier on Friday during a news conference that ...".
	for k, lim := j, min(b, j+14); k < lim && toks[k].flags&fInQuote == 0; k++ {
		if toks[k].kind == tWord && toks[k].v != wThat {
			continue // (most: none of the tests below holds for it)
		}
		if toks[k].kind == tWord && toks[k].v == wThat && k > j || toks[k].kind == tPunct && toks[k].v == punctV[':'] {
			return tailClause
		}
		if k > j && toks[k].v == punctV[','] && k+1 < b && toks[k+1].kind == tQuote && toks[k+1].flags&fOpen != 0 {
			return tailQuote // "wrote to his followers, “...”"
		}
		if toks[k].kind == tPunct && toks[k].v != punctV['.'] && toks[k].v != punctV['-'] || isTerminal(&toks[k]) && k+1 >= b {
			break
		}
	}
	if objCue {
		// the listener: "told CNN", "told cheering supporters", "told them"
		j0 := j
		for j < b && toks[j].flags&fInQuote == 0 && (toks[j].kind == tWord || toks[j].v == punctV['.'] && j > j0 && toks[j-1].e == toks[j].s && toks[j-1].flags&fCap != 0 && j+1 < b && toks[j+1].flags&fCap != 0) && !toks[j].in(adjunctStart) && toks[j].v != wThat {
			if toks[j].kind != tWord {
				j++ // "told Mr. Obama"
				continue
			}
			if j > j0 && toks[j].in(subjectPronouns) {
				return tailClause // "told the AP she was leaving"
			}
			if (toks[j].in(timeWords) || toks[j].flags&fLy != 0) && !(j+1 < b && toks[j+1].flags&fCap != 0 && toks[j+1].flags&fInQuote == 0) {
				break // "told CNN Tuesday", not "told the Paris daily Le Monde"
			}
			j++
		}
		if j < b && toks[j].flags&fInQuote != 0 && toks[j].kind == tQuote {
			// a programme's name: told "Fox and Friends"
			if q := p.quotes[p.qreg[j]]; q.open == j && q.close-q.open <= 8 {
				if toks[q.close-1].v == punctV[','] {
					return tailNone
				}
				j = q.close + 1
			}
		}
	}
	for j < b && toks[j].kind == tWord && (toks[j].in(timeWords) || (toks[j].flags&fLy != 0 || toks[j].in(tailAdverbs)) && toks[j].flags&fInQuote == 0) {
		j++
	}
	if j >= b || isTerminal(&toks[j]) && j+1 >= b {
		return tailNone
	}
	t := &toks[j]
	if t.kind == tPunct && t.v == punctV[','] && j+1 < b && toks[j+1].kind == tQuote && toks[j+1].flags&fInQuote != 0 {
		return tailQuote
	}
	if t.kind == tPunct && (t.v == punctV[','] || t.key() == "--" || t.v == punctV[';'] || t.v == punctV['(']) {
		return tailNone
	}
	if t.kind == tWord && t.in(adjunctStart) && toks[j].flags&fInQuote == 0 {
		return tailNone
	}
	return tailClause
}

// nounDeterminers before a cue word make it a noun ("the report", "his
// call"); "others supported", "they all vowed" stay verbs.
var nounDeterminers = set(`the a an his her its their our my your this these those`)

var beForms = set(`is are was were be been being`)

var objectPronouns = set(`him her them us me you audiences crowds listeners viewers`)

// objectCues take a listener before their content ("told CNN that").
var objectCues = set(`tell told tells telling ask asked asks asking assure assured assures warn warned warns remind reminded urge urged`)

var preps = set(`in on at to with during for after before from via through about`)

var timeOrDeterminer = union(timeWords, determiners)

// contentStart skips what stands between a cue and its content: the
// listener ("told The Moscow Times"), time ("on Thursday") and setting
// ("in an interview with Meduza") when a "that", a colon or a quote
// follows within a few tokens; otherwise leading time words only. The
// cue, of entry e, ends before toks[j]; objCue: it takes a listener
// (objectCues).
func (x *extractor) contentStart(j, b int, e *cueEntry, objCue bool) int {
	p := &x.p
	toks := p.toks
	inPP := false
	for k, lim := j, min(b, j+12); e.speech && k < lim; k++ {
		t := &toks[k]
		if t.flags&fInQuote != 0 {
			break
		}
		if t.kind == tPunct {
			if t.v == punctV[':'] || t.v == punctV[','] && k > j && k+1 < b && toks[k+1].kind == tQuote && toks[k+1].flags&fOpen != 0 {
				return k + 1
			}
			if t.v == punctV['.'] {
				continue
			}
			break
		}
		if t.v == wThat && k > j {
			return k
		}
		sv := vtab.sets[t.v] // (the word's sets, read once for the tests below)
		switch {
		case sv&preps.bit != 0 || t.v == wBy:
			inPP = true
		case sv&timeOrDeterminer.bits != 0 || t.flags&fCap != 0 || isDigit(x.text[t.s]):
		case inPP || objCue || sv&roleHeads.bit != 0:
		default:
			k = b
		}
	}
	// Skip leading time words and commas: "said Wednesday (that)".
	k := j
	for k < b {
		t := &toks[k]
		if t.kind == tWord && t.in(timeWords) || t.kind == tPunct && t.v == punctV[','] {
			k++
			continue
		}
		if t.kind == tWord && t.v == wOn && k+1 < b && toks[k+1].in(timeWords) {
			k += 2
			continue
		}
		break
	}
	if k+1 < b && objCue && toks[k].flags&fInQuote == 0 && (toks[k].in(objectPronouns) || toks[k].in(roleHeads) && strings.HasSuffix(toks[k].key(), "s")) && toks[k+1].kind == tWord {
		// told them / told reporters / tells audiences (the listener)
		k++
		if toks[k].v == wThat {
			return k
		}
	}
	if k < b && objCue && toks[k].flags&fInQuote == 0 {
		// told reporters / told CNN: the listener is not content
		if m, ok := x.nounPhraseFwd(k, b); ok && m.e < b && (toks[m.e].v == wThat || toks[m.e].kind == tQuote || toks[m.e].v == punctV[':']) {
			k = m.e
			if toks[k].v == punctV[':'] {
				k++
			}
		}
	}
	return k
}

// contentEnd returns the end (exclusive) of content starting at c0: the
// sentence end without its final punctuation, or an earlier boundary: a
// second cue joined by "and" or a comma ("..., adding that"), or
// "according to".
func (x *extractor) contentEnd(c0, b int) int { return x.contentEndKind(c0, b, false) }

// clauseBreak are words that, after a comma, start a new clause rather
// than continue the reported one.
var clauseBreak = set(`but which while although though since whereas as because even yet so`)

// secondCues after a comma, semicolon or dash end the content: a second
// cue of the speaker's ("..., adding that", "; according to").
var secondCues = set(`according adding saying noting arguing explaining insisting claiming warning calling citing`)

// contentEnders are the tokens at which contentEndKind may end content;
// shortEnders those for short content (with shortBreak): the marks and
// the words its tests name, all in the lexicon already. (A set past the
// 64th has no bit: contentEndKind then tests every token.)
var (
	contentEnders = set(`, ; : ( -- and but`)
	shortEnders   = set(`, ; : ( -- and but said says told because although though since while whereas after before unless`)
)

// contentEndKind is contentEnd; short makes the content end at the first
// comma, semicolon, dash or colon (the object of a non-speech cue:
// "criticized the plan, ...").
func (x *extractor) contentEndKind(c0, b int, short bool) int {
	p := &x.p
	toks := p.toks
	end := b
	// Only the punctuation and words tested below can end the content:
	// any other token outside quotes (most of them) is passed by
	// skipToEnder.
	enders := contentEnders.bit
	if short {
		enders = shortEnders.bit
	}
	for k := c0 + 1; k < b; k++ {
		if enders != 0 {
			if k = skipToEnder(toks[:b], k, enders); k == b {
				break
			}
		}
		if toks[k].flags&fInQuote != 0 {
			q := p.quotes[p.qreg[k]]
			k = q.close
			continue
		}
		t := &toks[k]
		// (the tests of punctuation and of words apart: a token is tested
		// against its kind's only)
		if t.kind == tPunct {
			if (t.v == punctV[','] || t.v == punctV[';'] || t.v == dashV || t.v == punctV[':']) && k+1 < b {
				n := &toks[k+1]
				if short && (t.v != punctV[','] && t.v != punctV[':'] || n.in(clauseBreak) || n.v == wWho || (n.v == wWhich || n.flags&fCap != 0 && t.v == punctV[','] && k > c0+1) || n.flags&fCap == 0 && strings.HasSuffix(n.key(), "ing")) || t.v == punctV[';'] || n.in(clauseBreak) && (n.v == wBut || n.v == wWhile || n.v == wAlthough || n.v == wWhereas || n.v == wThough || n.v == wEven && k+2 < b && toks[k+2].v == wThough) || n.v == wWith && t.v == punctV[','] {
					end = k
					break
				}
			}
			if (t.v == punctV[','] || t.v == punctV[';'] || t.v == dashV) && k+1 < b {
				n := &toks[k+1]
				if n.in(secondCues) {
					end = k
					break
				}
				if n.v == wAnd && k+2 < b {
					if toks[k+2].flags&fSpeech != 0 {
						end = k
						break
					}
					if toks[k+2].v == wThere && toks[k+2].flags&fInQuote == 0 {
						// ", and there were complaints": the writer's clause
						end = k
						break
					}
					// ", and three-quarters said ...": a new speaker
					stop := false
					for q := k + 3; q < b && q < k+6 && toks[q].kind == tWord && toks[q].flags&fInQuote == 0; q++ {
						if toks[q].v == wSaid || toks[q].v == wSay || toks[q].v == wSays || toks[q].v == wTold {
							stop = true
							break
						}
						if isCue := toks[q].flags&fCue != 0; isCue || toks[q].v == wThat {
							break
						}
					}
					if stop {
						end = k
						break
					}
				}
			}
			if t.v == punctV[','] && k > c0+3 && k+1 < b && !short && (toks[k+1].v == wWhich || toks[k+1].v == wEchoing || toks[k+1].kind == tWord && toks[k+1].flags&fCap == 0 && strings.HasSuffix(x.text[toks[k+1].s:toks[k+1].e], "ing") && x.text[toks[k+1].s:toks[k+1].e] != "including" && toks[k+1].v != wAccording) {
				// "..., which includes ...": the writer's aside, not the
				// reported words
				end = k
				break
			}
			if t.v == punctV[','] && k > c0+2 && k+2 < b && toks[k+1].flags&fInQuote == 0 && !short && x.newClauseAt(k+1, b) {
				// "..., Rubio fired back", "..., she walked into ...": a
				// new clause with its own subject
				end = k
				break
			}
			if t.v == punctV[','] && k > c0 && k+2 < b && toks[k+1].flags&fInQuote == 0 && (toks[k+1].v == wA || toks[k+1].v == wAn || toks[k+1].v == wThe) && !x.hasComma(k+2, b) {
				// "..., the former Florida governor.": an apposition to the
				// last noun, running to the sentence end, is the writer's
				// description, not the reported words
				end = k
				break
			}
			if t.v == punctV['('] && k > c0+2 && !x.innerParen(k, b) {
				end = k
				break
			}
			continue
		}
		if t.kind == tWord {
			if (t.v == wAnd || t.v == wBut) && k > c0+1 && k+2 < b && toks[k+1].flags&fInQuote == 0 {
				// "..., and he railed against ...": a new clause with its
				// own subject pronoun ends the reported one.
				if pk, isPron := toks[k+1].pronoun(); isPron && toks[k+1].v != wWho && toks[k+1].v != wIt && pk != "" && toks[k+2].kind == tWord {
					if isCue := toks[k+2].flags&fCue != 0; isCue || toks[k+2].in(skipBetween) || strings.HasSuffix(toks[k+2].key(), "ed") {
						end = k
						if toks[k-1].v == punctV[','] {
							end = k - 1
						}
						break
					}
				}
			}
			if short && t.in(shortBreak) && k > c0 {
				end = k
				break
			}
			if short && k > c0 && (t.v == wSaid || t.v == wSays || t.v == wTold) && toks[k].flags&fInQuote == 0 {
				// "backed Trump said ...": the object ends, a new verb starts
				end = k
				if toks[k-1].flags&fCap != 0 && k-1 > c0 {
					end = k - 1
					for end-1 > c0 && toks[end-1].flags&fCap != 0 && toks[end-1].kind == tWord {
						end--
					}
				}
				break
			}
			if short && (t.v == wAnd || t.v == wBut) && k+1 < b && toks[k+1].kind == tWord && toks[k+1].flags&fCap == 0 {
				// "denies any wrongdoing and points out ...": a second verb
				// ("and has called for", "but would be able", "and took")
				w := x.text[toks[k+1].s:toks[k+1].e]
				if isCue := toks[k+1].flags&fCue != 0; isCue || strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing") && k > c0+2 || (toks[k+1].in(skipBetween) && toks[k+1].flags&fLy == 0 || toks[k+1].in(pastVerbs)) {
					end = k
					break
				}
			}
			if (t.v == wAnd || t.v == wBut) && k+1 < b {
				n := &toks[k+1]
				if n.v == wAlso && k+2 < b {
					n = &toks[k+2]
				}
				if n.flags&fSpeech != 0 && n.v != wSaying && strings.HasSuffix(n.key(), "ed") || n.v == wSaid || n.v == wSays ||
					n.flags&fCue != 0 && strings.HasSuffix(n.key(), "ing") && n.v != wSaying && k > c0+2 {
					// "... and asking ...", "but insisting that ..."
					end = k
					break
				}
			}
		}
	}
	// Drop final punctuation outside quotes, and a trailing ", however".
	for end > c0 && toks[end-1].kind == tPunct && toks[end-1].flags&fInQuote == 0 {
		end--
	}
	if end-2 > c0 && toks[end-1].in(interjections) && toks[end-2].v == punctV[','] && toks[end-1].flags&fInQuote == 0 {
		end -= 2
	}
	return end
}

// skipToEnder returns the first of toks[k:] that is in a quote or has a
// bit of enders, or len(toks). (A loop of its own, of few variables:
// they stay in registers, and a token costs one branch.)
func skipToEnder(toks []token, k int, enders uint64) int {
	sets := vtab.sets
	for ; k < len(toks); k++ {
		t := &toks[k]
		if sets[t.v]&enders|uint64(t.flags&fInQuote) != 0 {
			return k
		}
	}
	return len(toks)
}

// innerParen reports whether the parenthesis opening at toks[k] closes
// within a few tokens and the sentence goes on after it ("Sen. Marco
// Rubio (R-Fla.) would ..."): it belongs to the content.
func (x *extractor) innerParen(k, b int) bool {
	toks := x.p.toks
	for c := k + 1; c < b && c < k+8; c++ {
		if toks[c].v == punctV[')'] {
			return c+1 < b && !isTerminal(&toks[c+1]) && toks[c+1].kind == tWord
		}
	}
	return false
}

// shortBreak end the short object of a non-speech cue ("backs Clinton
// because ...", "supports Clinton but is not ...").
var shortBreak = set(`because but although though since while whereas after before unless`)

// pastVerbs are common irregular past tenses that start a second
// predicate after "and" ("... and took the stage").
var pastVerbs = set(`made took gave went came got kept left brought held met ran sent spent won lost put set became began`)

// newClauseAt reports whether toks[k:] opens a clause with its own
// subject: a capitalised name (one to three words) or a subject pronoun,
// then a past-tense verb or a speech cue ("Rubio fired back", "she
// walked", "Lewandowski said").
func (x *extractor) newClauseAt(k, b int) bool {
	toks := x.p.toks
	q := k
	if pk, ok := toks[q].pronoun(); ok && pk != "" && toks[q].v != wWho && toks[q].v != wIt {
		q++
	} else {
		for q < b && q < k+3 && toks[q].kind == tWord && toks[q].flags&fCap != 0 && toks[q].flags&fInQuote == 0 {
			if toks[q].in(determiners) || toks[q].in(titles) && q == k {
				return false
			}
			q++
		}
		if q == k {
			return false
		}
	}
	if q >= b || toks[q].kind != tWord || toks[q].flags&fCap != 0 {
		return false
	}
	w := x.text[toks[q].s:toks[q].e]
	isCue := toks[q].flags&fCue != 0
	return isCue && !strings.HasSuffix(w, "ing") || toks[q].in(pastVerbs) || strings.HasSuffix(w, "ed") && len(w) > 4
}

// mode tells direct, reported or mixed from the content spans.
func (x *extractor) mode(content []crux.Span) crux.Mode {
	if p := &x.p; p.nquote == 0 && len(p.toks) > 0 && content[0].Start >= int(p.toks[0].s) && content[len(content)-1].End <= int(p.toks[len(p.toks)-1].e) {
		// a paragraph without quote marks
		return crux.Reported
	}
	quoted, other := 0, 0
	for _, sp := range content {
		s := x.text[sp.Start:sp.End]
		if isQuoteStart(s) && (isQuoteEnd(s) || !strings.ContainsAny(s[1:], "\"”")) {
			quoted++
			continue
		}
		other++
		if strings.Contains(s, "\"") || strings.Contains(s, "“") || strings.Contains(s, "”") || strings.Contains(s, "''") {
			return crux.Mixed
		}
	}
	if other == 0 && quoted > 0 {
		return crux.Direct
	}
	return crux.Reported
}

// quoteEndsComma reports whether the quote s ends with a comma inside
// its closing mark or marks.
func quoteEndsComma(s string) bool {
	s = strings.TrimRight(s, "\"”'’»")
	return strings.HasSuffix(s, ",")
}

// isQuoteStart reports whether s opens with a quote mark: a straight or
// an opening curly double quote, two apostrophes, two backquotes, « or „.
// (Its first byte tells which one it can be: most texts start with none.)
func isQuoteStart(s string) bool {
	if len(s) == 0 {
		return false
	}
	switch s[0] {
	case '"':
		return true
	case '\'':
		return strings.HasPrefix(s, "''")
	case '`':
		return strings.HasPrefix(s, "``")
	case "«"[0]:
		return strings.HasPrefix(s, "«")
	case "“"[0]: // (and „)
		return strings.HasPrefix(s, "“") || strings.HasPrefix(s, "„")
	}
	return false
}

func isQuoteEnd(s string) bool {
	return strings.HasSuffix(s, "\"") || strings.HasSuffix(s, "”") || strings.HasSuffix(s, "''") || strings.HasSuffix(s, "»") || strings.HasSuffix(s, "“")
}

// spans returns a slice holding sp, carved from a shared chunk so that
// the many one- and two-span slices of a result cost one allocation per
// chunk. The slice's capacity is its length: appending copies.
func (x *extractor) spans(sp ...crux.Span) []crux.Span {
	if len(x.spanBuf)+len(sp) > cap(x.spanBuf) {
		x.spanChunk(len(sp))
	}
	n := len(x.spanBuf)
	x.spanBuf = append(x.spanBuf, sp...)
	return x.spanBuf[n : n+len(sp) : n+len(sp)]
}

// spansPlus is spans(append(s, sp)...) without the append's allocation:
// s (carved by spans, so full) is copied to a new carve with sp after
// it, or, when s is the chunk's last carve and the chunk has room, grown
// in place (the chunk past s is free). So a quote continued over n
// sentences or paragraphs (see sentence) costs time and memory in n, not
// n² (each continuation copied all the spans before it: 20,000 took
// 1.2 s and allocated 3 GB): a new chunk for a long s has room for as
// many more.
func (x *extractor) spansPlus(s []crux.Span, sp crux.Span) []crux.Span {
	n := len(x.spanBuf)
	if k := len(s); k > 0 && k <= n && n < cap(x.spanBuf) && &x.spanBuf[n-k] == &s[0] {
		x.spanBuf = append(x.spanBuf, sp)
		return x.spanBuf[n-k : n+1 : n+1]
	}
	if len(x.spanBuf)+len(s)+1 > cap(x.spanBuf) {
		x.spanChunk(2 * (len(s) + 1))
	}
	n = len(x.spanBuf)
	x.spanBuf = append(append(x.spanBuf, s...), sp)
	return x.spanBuf[n : n+len(s)+1 : n+len(s)+1]
}

// spanChunk starts a chunk for spans that holds at least need spans,
// when the scratch's span buffer (see Extract) is full: a new one that
// holds the text's spans until materialize copies them out.
func (x *extractor) spanChunk(need int) {
	x.spanBuf = make([]crux.Span, 0, max(256, need))
}

// maxSpanPool bounds the span buffer a scratch keeps (16 B a span).
const maxSpanPool = 1 << 14

// materialize copies the result out of the scratch's slices (x.res and
// x.cits, reused by the next text) at its exact size, each element
// written once: the attributions with their spans, all in one array, and
// the claims with their citations. A citation's cue and speaker spans
// are its attribution's first cue and source spans (see add): they
// point there. It returns the result and its number of spans.
func (x *extractor) materialize() (*Result, int) {
	r := x.res
	n, ncit := 0, 0
	for k := range r.Attributions {
		at := &r.Attributions[k]
		n += len(at.Source) + len(at.Cue) + len(at.Content)
	}
	for k := range r.Claims {
		ncit += len(r.Claims[k].Citations)
	}
	spans := make([]crux.Span, 0, n)
	out := &Result{Actors: slices.Clone(r.Actors)}
	if len(r.Claims) > 0 {
		out.Claims = make([]crux.Claim, len(r.Claims))
		cits := make([]crux.Citation, 0, ncit)
		for k := range r.Claims {
			c := &out.Claims[k]
			*c = r.Claims[k]
			if c.Citations != nil {
				a := len(cits)
				cits = append(cits, c.Citations...)
				c.Citations = cits[a:len(cits):len(cits)]
			}
		}
	}
	if len(r.Attributions) > 0 {
		out.Attributions = make([]Attribution, len(r.Attributions))
		for k := range r.Attributions {
			at, o := &r.Attributions[k], &out.Attributions[k]
			o.Claim = at.Claim
			spans, o.Source = carveSpans(spans, at.Source)
			spans, o.Cue = carveSpans(spans, at.Cue)
			spans, o.Content = carveSpans(spans, at.Content)
			if at.Claim >= 0 && len(out.Claims[at.Claim].Citations) > 0 {
				ci := &out.Claims[at.Claim].Citations[0]
				if len(o.Cue) > 0 {
					ci.Cue = &o.Cue[0]
				}
				if len(o.Source) > 0 {
					ci.Speaker = &o.Source[0]
				}
			}
		}
	}
	return out, n
}

// carveSpans appends s to all (which has room) and returns all and the
// copy; nil stays nil (an attribution without a source keeps a nil
// Source).
func carveSpans(all, s []crux.Span) ([]crux.Span, []crux.Span) {
	if s == nil {
		return all, nil
	}
	k := len(all)
	all = append(all, s...)
	return all, all[k:len(all):len(all)]
}

// joinContent sets the text of the claim of attribution joinAt-1 (none
// when 0), whose quote continued after it was added (see sentence): its
// content spans joined by spaces, as add joins them.
func (x *extractor) joinContent() {
	if x.joinAt == 0 {
		return
	}
	at := &x.res.Attributions[x.joinAt-1]
	x.joinAt = 0
	n := len(at.Content) - 1
	for _, sp := range at.Content {
		n += sp.End - sp.Start
	}
	var sb strings.Builder
	sb.Grow(n)
	for k, sp := range at.Content {
		if k > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(x.text[sp.Start:sp.End])
	}
	x.res.Claims[at.Claim].Text = sb.String()
}

// add records one attribution and its claim, with one citation whose cue
// and speaker spans materialize points to the attribution's first cue
// and source spans.
func (x *extractor) add(m *mention, cue []crux.Span, cueText string, class crux.CueClass, content []crux.Span, mode crux.Mode) {
	ai := x.resolve(m)
	var srcSpans []crux.Span
	if m.reuse {
		srcSpans = m.span
	} else if sp, ok := x.mentionSpan(m); ok {
		srcSpans = x.spans(sp)
	}
	text := x.text[content[0].Start:content[0].End] // no copy for one span
	if len(content) > 1 {
		parts := make([]string, 0, len(content))
		for _, sp := range content {
			parts = append(parts, x.text[sp.Start:sp.End])
		}
		text = strings.Join(parts, " ")
	}
	id := localID('c', len(x.res.Claims)+1)
	cit := crux.Citation{SourceID: x.src.ID, Content: content[0], Date: x.src.Published}
	if len(content) > 1 {
		cit.Content.End = content[len(content)-1].End
	}
	date := x.src.Published
	if len(date) > 10 {
		date = date[:10]
	}
	x.cits = append(x.cits, cit)
	n := len(x.cits)
	// The claim and the attribution are written in place, field by
	// field: appended as values, each was built on the stack and copied.
	cs := x.res.Claims
	if len(cs) == cap(cs) {
		cs = slices.Grow(cs, 1)
	}
	cs = cs[:len(cs)+1]
	c := &cs[len(cs)-1]
	c.ID, c.SpeakerID, c.Cue, c.CueClass, c.Mode = id, x.res.Actors[ai].ID, cueText, class, mode
	c.Text, c.Date, c.Group, c.Citations = text, date, "", x.cits[n-1:n:n]
	x.res.Claims = cs
	as := x.res.Attributions
	if len(as) == cap(as) {
		as = slices.Grow(as, 1)
	}
	as = as[:len(as)+1]
	at := &as[len(as)-1]
	at.Source, at.Cue, at.Content, at.Claim = srcSpans, cue, content, len(cs)-1
	x.res.Attributions = as
}
