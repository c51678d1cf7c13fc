package extract

import (
	"strings"

	"github.com/cruxlab/crux"
)

// The cue lexicon.
//
// Each line below is one cue verb: its class (crux.CueClass), a kind, and
// every inflected form (written out, no stemming, so that "sees" never
// matches "seed"). Kinds:
//
//	S  speech verb: takes a quote or a clause and may follow its content
//	   ("...," Kirby said / "...," said Kirby / ..., the report says)
//	C  takes a clause or an object after the speaker only
//	   (X believes that ...; X criticized the plan)
//
// The list was drawn up from general newswriting usage and checked against
// the PolNeAR train split: a verb is listed when, in train, its forms are
// annotated as an attribution cue in most of their occurrences. Belief
// and intention verbs (believe, want, hope) are listed because PolNeAR
// annotates beliefs as attributions; crux's callers may filter by class.
//
// Some verbs count only with their particle (see cue in extract.go):
// point out/to, refer to, allude to, talk about, speak about/of/out, push
// for/back, fired/shot back, made (it) clear, sided with, voted
// for/against/to.
//
// Where it fails: verbs used in a non-reporting sense ("the poll shows",
// "she called him" vs "she called for") are taken as cues when they have a
// subject and a complement; nouns ("his statement that ...") are not cues.
const cueLexicon = `
assert S say says said saying
assert S tell tells told telling
assert S add adds added adding
assert S write writes wrote writing written
assert S stated stating
assert S declare declares declared declaring
assert S announce announces announced announcing
assert S tweet tweets tweeted tweeting
assert S post posts posted posting
assert S explain explains explained explaining
assert S note notes noted noting
assert S continued
assert S recall recalls recalled recalling
assert S reply replies replied replying
assert S respond responds responded responding
assert S remark remarks remarked remarking
assert S observe observes observed observing
assert S emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised
assert S stress stresses stressed stressing
assert S insist insists insisted insisting
assert S maintain maintains maintained maintaining
assert S repeat repeats repeated repeating
assert S reiterate reiterates reiterated reiterating
assert S mention mentions mentioned mentioning
assert S boast boasts boasted boasting
assert S quip quips quipped quipping
assert S joke jokes joked joking
assert S recount recounts recounted recounting
assert S declare declares declared declaring
assert S promise promises promised promising
assert S pledge pledges pledged pledging
assert S vow vows vowed vowing
assert S describe describes described describing
assert S tout touts touted touting
assert S cite cites cited citing
assert S tell tells told telling
assert S assure assures assured assuring
assert S complain complains complained complaining
assert S point points pointed pointing
assert S echo echoes echoed echoing
assert S read reads
assert S predict predicts predicted predicting
assert S counter counters countered countering
assert S contend contends contended contending
assert S affirm affirms affirmed affirming
assert S assert asserts asserted asserting
deny S deny denies denied denying
deny S reject rejects rejected rejecting
deny S dismiss dismisses dismissed dismissing
deny S refute refutes refuted refuting
deny S dispute disputes disputed disputing
deny C refuse refuses refused refusing
deny C decline declines declined declining
accuse C accuse accuses accused accusing
accuse C blame blames blamed blaming
accuse C criticize criticizes criticized criticizing criticise criticised
accuse C attacked attacking
accuse C blast blasts blasted blasting
accuse C slam slams slammed slamming
accuse C denounce denounces denounced denouncing
accuse C condemn condemns condemned condemning
accuse C decry decries decried decrying
accuse C mock mocks mocked mocking
accuse C ridicule ridicules ridiculed ridiculing
accuse C charge charges charged charging
accuse C lambaste lambastes lambasted lambasting
accuse C chide chides chided chiding
accuse C rip rips ripped ripping
admit S admit admits admitted admitting
admit S acknowledge acknowledges acknowledged acknowledging
admit S concede concedes conceded conceding
admit S confess confesses confessed confessing
assess S argue argues argued arguing
assess S suggest suggests suggested suggesting
assess S conclude concludes concluded concluding
assess S venture ventures ventured venturing
assess C believe believes believed believing
assess C think thinks thought thinking
assess S estimate estimates estimated estimating
assess C expect expects expecting
assess C fear fears feared fearing
assess C hope hopes hoped hoping
assess C want wants wanted wanting
assess C worry worries worried worrying
assess C doubt doubts doubted doubting
assess C feel feels felt
assess C know knows knew
assess C praise praises praised praising
assess C defend defends defended defending
assess C endorse endorses endorsed endorsing
assess C supports supported supporting
assess C oppose opposes opposed
assess C urge urges urged urging
assess C call calls called calling
assess C propose proposes proposed proposing
assess C seek seeks sought seeking
assess C thank thanks thanked thanking
assess C predict predicts predicted predicting
assess S wonder wonders wondered wondering
assess S speculate speculates speculated speculating
assess S guess guesses guessed guessing
assess S reckon reckons reckoned reckoning
assess S caution cautions cautioned cautioning
allege S allege alleges alleged alleging
allege S claim claims claimed claiming
allege S charge charges charged charging
warn S warn warns warned warning
warn S threaten threatens threatened threatening
report S report reports reported reporting
report S show shows showed shown showing
report S finds found finding
report C reveal reveals revealed revealing
report S indicate indicates indicated indicating
report S disclose discloses disclosed disclosing
report S confirm confirms confirmed confirming
agree S agree agrees agreed agreeing
agree S concur concurs concurred concurring
ask S ask asks asked asking
assess C express expresses expressed expressing
assess C offer offers offered offering
assess C refer refers referred referring
assess C talk talks talked talking
assess C discuss discusses discussed discussing
assess C plan plans planned planning
assess C intend intends intended intending
assess C hail hails hailed hailing
assess C applaud applauds applauded applauding
assess C welcome welcomes welcomed welcoming
assess C lament laments lamented lamenting
assess C challenged challenging
assess C sees saw
assess C consider considers considered considering
assert S remind reminds reminded reminding
assert S plead pleads pleaded pleading
assert S emailed emailing
assert S shout shouts shouted shouting
assert S hint hints hinted hinting
assert S answer answers answered answering
assert S retweet retweets retweeted retweeting
assert S chant chants chanted chanting
assert S forecast forecasts forecasted forecasting
assert S quote quotes quoted quoting
assert S imply implies implied implying
assert C voice voices voiced voicing
assert C order orders ordered ordering
assess C portray portrays portrayed portraying
accuse C rail rails railed railing
accuse C assail assails assailed assailing
accuse C bemoan bemoans bemoaned bemoaning
assess C highlight highlights highlighted highlighting
assess C encourage encourages encouraged encouraging
assess C project projected projecting
assess C signal signals signaled signalled signaling
assess C remember remembers remembered remembering
assess C reference referenced referencing
assess C recommend recommends recommended recommending
assess C liken likens likened likening
assess C invoke invokes invoked invoking
assess C champion champions championed championing
assess C approve approves approved approving
assess C prefer prefers preferred preferring
assess C apologize apologizes apologized apologizing
ask C questioned questioning
ask S demand demands demanded demanding
assess C backs backed backing
assess C favor favors favored favoring favour favours favoured favouring
assess C decide decides decided deciding
assess C view views viewed
assess C see sees
assess C request requests requested requesting
assess C compare compares compared comparing
assess C learn learns learned learnt
report C list lists listed listing
report C identify identifies identified identifying
assert S yell yells yelled yelling
assert C speak speaks spoke speaking
assess C push pushes pushed pushing
assess C voted
accuse C deride derides derided deriding
accuse C rebuke rebukes rebuked rebuking
accuse C insult insults insulted insulting
accuse C scold scolds scolded scolding
accuse C berate berates berated berating
accuse C belittle belittles belittled belittling
accuse C disparage disparages disparaged disparaging
accuse C castigate castigates castigated castigating
accuse C excoriate excoriates excoriated excoriating
accuse C chastise chastises chastised chastising
assess C laud lauds lauded lauding
assess C deem deems deemed deeming
assess C characterize characterizes characterized characterizing characterise characterised
assess C dubbed labeled labelled branded
assert S commented commenting
assert S interject interjects interjected interjecting
assert S muse muses mused musing
assert S clarify clarifies clarified clarifying
assert S reaffirm reaffirms reaffirmed reaffirming
assert S proclaim proclaims proclaimed proclaiming
assert S testify testifies testified testifying
assert C utter utters uttered uttering
assert C articulate articulates articulated articulating
report C unveil unveils unveiled unveiling
report C outline outlines outlined outlining
report C detailed detailing
report C documented documenting
assess C congratulate congratulates congratulated congratulating
assess C credited crediting
assess C downplay downplays downplayed downplaying
assess C realize realizes realized realizing realise realises realised
assess C imagine imagines imagined imagining
assess C envision envisions envisioned envisioning
assess C allude alludes alluded alluding
assess C sided siding
deny C rebuff rebuffs rebuffed rebuffing
deny S rebut rebuts rebutted rebutting
deny C balk balks balked balking
assert S brag brags bragged bragging
assert S opine opines opined opining
assert S exclaim exclaims exclaimed exclaiming
assert S elaborate elaborates elaborated elaborating
assert S recite recites recited reciting
assess C vouch vouches vouched vouching
deny C contradict contradicts contradicted contradicting
assess C foresee foresees foresaw foreseen foreseeing
assess C herald heralds heralded heralding
accuse C revile reviles reviled reviling
accuse C reprimand reprimands reprimanded reprimanding
assess C surmise surmises surmised surmising
assess C marvel marvels marveled marvelled marveling marvelling
assess C relish relishes relished relishing
accuse C repudiate repudiates repudiated repudiating
assess C vented venting
assess C floated
assess C contemplate contemplates contemplated contemplating
assert S make makes made making
assert S fired firing shot

`

// cueEntry is one cue form.
type cueEntry struct {
	lemma      string
	class      crux.CueClass
	speech     bool // kind S
	infinitive bool // takes "to" + verb as its content (infinitiveCues)
	// particle says which of cue's restrictions by lemma apply (set
	// once here: cue tests one small integer, not the lemma's string
	// against each restricted lemma); pNone for most cues.
	particle uint8
	// form is what cue asks of the cue form itself (formLemma, ...), set
	// once per form here: a bit test, not a comparison of strings.
	form uint8
}

// The bits of cueEntry.form.
const (
	formLemma  uint8 = 1 << iota // the form is the lemma ("call")
	formLemmaS                   // the lemma and "s" ("calls")
	formEd                       // ends in "ed"
	formIng                      // ends in "ing"
	formAsked                    // "asked"
	formCalled                   // "called"
	formThanks                   // "thanks"
	formObject                   // in objectCues: takes a listener ("told CNN that")
)

// formBits is cueEntry.form for the form f of lemma lemma.
func formBits(f, lemma string) uint8 {
	var b uint8
	for _, c := range []struct {
		bit uint8
		is  bool
	}{
		{formLemma, f == lemma}, {formLemmaS, f == lemma+"s"},
		{formEd, strings.HasSuffix(f, "ed")}, {formIng, strings.HasSuffix(f, "ing")},
		{formAsked, f == "asked"}, {formCalled, f == "called"}, {formThanks, f == "thanks"},
		{formObject, objectCues.has(f)},
	} {
		if c.is {
			b |= c.bit
		}
	}
	return b
}

// The restrictions that cue applies to a cue by its lemma (cueEntry.particle).
const (
	pNone     = iota
	pPoint    // "point": "pointed out", "pointed to" only
	pCall     // "call": "called for", "called on" take the particle
	pSided    // "sided with" only
	pTo       // "refer", "allude": "referred to" only
	pPush     // "push": "pushed back", "pushed for" only
	pFired    // "fired back" only
	pMake     // "make": "made clear", "made it clear" only
	pVoted    // "voted for", "voted against", "voted to" only
	pTalk     // "talk": "talked about" only
	pSpeak    // "speak": "spoke about", "spoke of", "spoke out" only
	pRead     // "read", "post": before a colon or a quote only
	pThank    // "thank": not "thanks to"
	pMaintain // "maintain": a quote or "that" only
)

// particleOf is the particle restriction of the cues of lemma lemma.
func particleOf(lemma string) uint8 {
	switch lemma {
	case "point":
		return pPoint
	case "call":
		return pCall
	case "sided":
		return pSided
	case "refer", "allude":
		return pTo
	case "push":
		return pPush
	case "fired":
		return pFired
	case "make":
		return pMake
	case "voted":
		return pVoted
	case "talk":
		return pTalk
	case "speak":
		return pSpeak
	case "read", "post":
		return pRead
	case "thank":
		return pThank
	case "maintain":
		return pMaintain
	}
	return pNone
}

var cues = map[string]cueEntry{}

func init() {
	for _, line := range strings.Split(cueLexicon, "\n") {
		f := strings.Fields(line)
		if len(f) < 3 {
			continue
		}
		e := cueEntry{lemma: f[2], class: crux.CueClass(f[0]), speech: f[1] == "S", infinitive: infinitiveCues.has(f[2]), particle: particleOf(f[2])}
		for _, form := range f[2:] {
			intern(form)
			if _, dup := cues[form]; !dup {
				cues[form] = e
			}
		}
	}
	// Confirm is agreement more than reporting when a person does it.
	for _, f := range []string{"confirm", "confirms", "confirmed", "confirming"} {
		cues[f] = cueEntry{lemma: "confirm", class: crux.Agree, speech: true, particle: particleOf("confirm")}
	}
	for f, e := range cues {
		e.form = formBits(f, e.lemma)
		intern(f)
		ve := vocab[f]
		ve.cue = &e
		vocab[f] = ve
	}
}

// wordSet is a set of lexicon words. Each of the first 64 sets has a bit
// that tokenizing copies onto every token of its words (through their
// vocab entry), so a rule tests a token with a bit test, not a map
// look-up; has looks up any string.
type wordSet struct {
	bit uint64 // 0 for a set past the 64th: in looks the word up in m
	m   map[string]bool
}

// setBits counts the sets given a bit.
var setBits int

func set(words string) *wordSet {
	s := &wordSet{m: map[string]bool{}}
	if setBits < 64 {
		s.bit = 1 << setBits
		setBits++
	}
	for _, w := range strings.Fields(words) {
		s.m[w] = true
		intern(w)
		ve := vocab[w]
		ve.sets |= s.bit
		vocab[w] = ve
	}
	return s
}

// has reports whether w is in the set.
func (s *wordSet) has(w string) bool { return s.m[w] }

// in reports whether the token's word is in the set.
func (t *token) in(s *wordSet) bool {
	if s.bit != 0 {
		return vtab.sets[t.v]&s.bit != 0
	}
	return s.m[t.key()]
}

// setUnion is the union of word sets, for a token tested against
// several sets at once (see inAny).
type setUnion struct {
	bits uint64     // the sets' bits or-ed, when they all have one
	sets []*wordSet // when one has none: tested one by one
}

// union is the union of sets.
func union(sets ...*wordSet) *setUnion {
	u := &setUnion{}
	for _, s := range sets {
		if s.bit == 0 {
			return &setUnion{sets: sets}
		}
		u.bits |= s.bit
	}
	return u
}

// inAny reports whether the token's word is in any set of u: with one
// bit test when they all have bits (not one test, and one branch to
// guess, per set).
func (t *token) inAny(u *setUnion) bool {
	if u.sets == nil {
		return vtab.sets[t.v]&u.bits != 0
	}
	for _, s := range u.sets {
		if t.in(s) {
			return true
		}
	}
	return false
}

// Unions of sets that the speaker rules test together.
var (
	skipOrTime       = union(skipBetween, timeWords)
	stopOrSkip       = union(speakerStop, skipBetween)
	stopSkipOrTime   = union(speakerStop, skipBetween, timeWords)
	stopOrDeterminer = union(speakerStop, determiners)
	titleOrPerson    = union(titles, personHeads)
	personalHeads    = union(roleHeads, personHeads, titles, orgWords)
)

// skipBetween are words that may stand between a speaker and its cue
// ("Peskov also said", "Kirby has repeatedly denied").
var skipBetween = set(`also immediately later previously repeatedly publicly recently reportedly then once again
	has have had would will did does do is are was were been be could might may should
	vehemently flatly firmly strongly quickly privately openly further still never not just only often
	first later already clearly initially subsequently separately similarly even ultimately frequently
	has also had also overall`)

// timeWords are skipped after a cue or between speaker and cue
// ("said Wednesday", "on Thursday").
var timeWords = set(`monday tuesday wednesday thursday friday saturday sunday today yesterday tonight
	morning afternoon evening night earlier later week month year weekend recently last this next
	jan jan. january feb feb. february march april may june july august aug aug. september sept sept.
	october oct oct. november nov nov. december dec dec.`)

// pronouns that can be speakers; the value tells the kind of antecedent.
// pronoun reports whether the token is one of pronouns, and its kind.
func (t *token) pronoun() (crux.ActorKind, bool) {
	k := vtab.pron[t.v]
	return k, k != ""
}

var pronouns = map[string]crux.ActorKind{
	"he": crux.Person, "she": crux.Person, "i": crux.Person, "we": crux.Group,
	"they": crux.Group, "it": crux.Organization, "who": crux.Person,
}

// determiners open a common noun phrase speaker ("the official").
var determiners = set(`the a an one some many several most few two three four five six seven eight nine ten
	another other others this that these those both all each every any no its his her their our`)

// titles are roles written before a name ("President", "Sen.").
var titles = set(`president vice minister prime secretary senator sen sen. gov gov. governor rep rep. representative
	mayor chancellor king queen prince general gen gen. admiral colonel col col. lt lt. sgt sgt. captain capt capt. judge justice
	dr dr. mr mr. mrs mrs. ms ms. prof prof. professor ambassador chairman chairwoman chair director
	speaker leader commissioner attorney sheriff chief pope rabbi reverend rev rev. father fr fr. sir lord lady dame
	spokesman spokeswoman spokesperson adviser advisor aide analyst expert scientist economist strategist
	pollster official officer commander deputy lawmaker congressman congresswoman candidate nominee
	founder ceo president-elect head executive editor columnist correspondent reporter journalist
	researcher scholar historian lawyer activist critic author owner manager member fellow consultant
	operative organizer coordinator campaigner supporter donor cofounder co-founder secretary-general
	diplomat envoy negotiator investigator prosecutor host anchor commentator writer blogger press
	councillor councilman councilwoman politician delegate superdelegate worker voter officials experts analysts`)

// roleHeads are nouns that make a common noun phrase a plausible speaker
// ("a senior analyst", "the official", "U.S. officials").
var roleHeads = set(`official officials spokesman spokeswoman spokesperson spokesmen aide aides analyst analysts expert experts
	adviser advisers advisor advisors source sources officer officers diplomat diplomats strategist strategists
	pollster pollsters economist economists scientist scientists researcher researchers critic critics
	supporter supporters observer observers lawmaker lawmakers leader leaders minister ministry report reports
	study studies poll polls survey surveys statement statements campaign court judge committee agency
	government administration department spokespeople people voters voter residents resident witness witnesses
	democrats republicans democrat republican member members staff staffer staffers lawyer lawyers attorney
	attorneys activist activists group groups organization organisation party president senator governor
	candidate candidates nominee reporter reporters journalist journalists columnist editor editors
	commentator commentators author authors document documents memo letter letters data analysis figures
	police military army authorities authority office council service services intelligence
	officer insider insiders person man woman someone executive executives founder director
	engineer engineers worker workers employee employees teacher teachers doctor doctors nurse nurses farmer farmers pilot pilots soldier soldiers student students
	allies friends confidants percent respondents advocates proponents opponents organizers organisers majority minority half third quarter americans`)

// orgWords mark a capitalised name as an organisation.
var orgWords = set(`institute council committee party ministry department agency times post news press group
	association university commission court campaign house kremlin office bureau foundation center centre
	corporation company inc corp ltd network tribune journal magazine bank fund union federation league
	administration government army navy police service services senate congress parliament duma assembly
	network channel reuters tass ria cnn bbc abc nbc cbs fox msnbc npr ap afp cia fbi nsa isw nato
	organization organisation coalition alliance board commission authority project society club times`)

// speakerStop ends a backward scan for a speaker noun phrase.
var speakerStop = set(`and or but that which who whom whose when where while because if as than to of in on at for with
	by from about into after before since during without over under against between through not no`)

// nationality-like adjectives stay in a role ("Ukrainian President")
// rather than become an affiliation. A word ending in one of these
// suffixes that is not followed by another capitalised noun is taken as
// an adjective.
func isGentilic(w string) bool {
	var kb [maxLowerKey]byte
	lw, _ := lowerKey(&kb, w) // (no copy of w)
	for _, suf := range []string{"ian", "ean", "ese", "ish", "ic", "an", "i", "ch"} {
		if len(lw) > len(suf)+2 && string(lw[len(lw)-len(suf):]) == suf {
			return true
		}
	}
	return false
}

func init() {
	for p := range pronouns {
		intern(p)
	}
	for w := range headlineLabels.m {
		intern(w)
	}
	// words the rules test by name
	intern("when", "seem", "seems", "seemed", "appear", "appears", "appeared", "expected", "asked", "widely", "not", "is", "are", "was", "were",
		"if", "whether", "about", "what", "why", "how", "when")
	intern("clear", "back") // particles: "made it clear", "fired back"
	intern("according", "to", "out", "for", "on", "thanks", "that", "with", "however", "but", "and", "also",
		"who", "of", "the", "a", "an", "one", "another", "some", "many", "several", "others", "both")
}

// Flags that tokenizing copies onto tokens, so that hot loops test bits
// instead of looking words up.
func init() {
	mark := func(s *wordSet, fl uint32) {
		for w := range s.m {
			intern(w)
			ve := vocab[w]
			ve.flags |= uint16(fl)
			vocab[w] = ve
		}
	}
	mark(impressionCues, fImpress)
	mark(titles, fTitle|fNameStop)
	mark(determiners, fNameStop)
	mark(speakerStop, fNameStop)
	mark(nounCueWords, fNounCue)
	mark(pollWords, fPoll)
}
