package extract

// The lexicon indices of the words the rules test by name: a test of a
// token compares two integers (t.v == wAnd), not two strings. Every
// such word is in the lexicon (wordIndex panics at start-up otherwise,
// which any test would show).
var (
	wA, wAbout, wAccording, wAlmost, wAlso, wAlthough, wAn, wAnd, wAnother, wAre, wAsked, wAt,
	wBut, wBy, wCall, wCalls, wClear, wDuring, wEchoing, wEven, wExpected, wFor, wFrom,
	wHowever, wIn, wIs, wIt, wJust, wMany, wMost, wNearly, wNever, wNot, wOf, wOn, wOne, wOnly,
	wOver, wPeople, wPercent, wRoughly, wSaid, wSay, wSaying, wSays, wSeveral, wSome, wSupport,
	wThat, wThe, wThere, wThese, wThis, wThose, wThough, wTo, wTold, wUnder, wWas, wWere,
	wWhen, wWhereas, wWhich, wWhile, wWho, wWhose, wWidely, wWith, wWrote uint16
)

// setWordIndices sets the word indices above;
// buildVtab calls it.
func setWordIndices() {
	wA = wordIndex("a")
	wAbout = wordIndex("about")
	wAccording = wordIndex("according")
	wAlmost = wordIndex("almost")
	wAlso = wordIndex("also")
	wAlthough = wordIndex("although")
	wAn = wordIndex("an")
	wAnd = wordIndex("and")
	wAnother = wordIndex("another")
	wAre = wordIndex("are")
	wAsked = wordIndex("asked")
	wAt = wordIndex("at")
	wBut = wordIndex("but")
	wBy = wordIndex("by")
	wCall = wordIndex("call")
	wCalls = wordIndex("calls")
	wClear = wordIndex("clear")
	wDuring = wordIndex("during")
	wEchoing = wordIndex("echoing")
	wEven = wordIndex("even")
	wExpected = wordIndex("expected")
	wFor = wordIndex("for")
	wFrom = wordIndex("from")
	wHowever = wordIndex("however")
	wIn = wordIndex("in")
	wIs = wordIndex("is")
	wIt = wordIndex("it")
	wJust = wordIndex("just")
	wMany = wordIndex("many")
	wMost = wordIndex("most")
	wNearly = wordIndex("nearly")
	wNever = wordIndex("never")
	wNot = wordIndex("not")
	wOf = wordIndex("of")
	wOn = wordIndex("on")
	wOne = wordIndex("one")
	wOnly = wordIndex("only")
	wOver = wordIndex("over")
	wPeople = wordIndex("people")
	wPercent = wordIndex("percent")
	wRoughly = wordIndex("roughly")
	wSaid = wordIndex("said")
	wSay = wordIndex("say")
	wSaying = wordIndex("saying")
	wSays = wordIndex("says")
	wSeveral = wordIndex("several")
	wSome = wordIndex("some")
	wSupport = wordIndex("support")
	wThat = wordIndex("that")
	wThe = wordIndex("the")
	wThere = wordIndex("there")
	wThese = wordIndex("these")
	wThis = wordIndex("this")
	wThose = wordIndex("those")
	wThough = wordIndex("though")
	wTo = wordIndex("to")
	wTold = wordIndex("told")
	wUnder = wordIndex("under")
	wWas = wordIndex("was")
	wWere = wordIndex("were")
	wWhen = wordIndex("when")
	wWhereas = wordIndex("whereas")
	wWhich = wordIndex("which")
	wWhile = wordIndex("while")
	wWho = wordIndex("who")
	wWhose = wordIndex("whose")
	wWidely = wordIndex("widely")
	wWith = wordIndex("with")
	wWrote = wordIndex("wrote")
}

// wordIndex is the lexicon index of w.
func wordIndex(w string) uint16 {
	if v := lexiconIndex(w); v != 0 && vtab.keys[v] == w {
		return v
	}
	panic("extract: " + w + " is not in the lexicon")
}
