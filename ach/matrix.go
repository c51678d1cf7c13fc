package ach

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"unsafe"

	"github.com/cruxlab/crux"
)

// Matrix is a case's hypotheses × evidence matrix in dense arrays, ready
// for fast scoring. Cells are stored evidence-major: cell (i, k) of
// evidence i and hypothesis k is at index i*H + k.
type Matrix struct {
	H, E int

	HypID    []string
	HypTitle []string
	Catchall []bool
	LogPrior []float64 // ln of the normalised prior; −Inf for a prior of 0

	EvID   []string
	EvText []string
	EvIdx  []int // index of the item in Case.Evidence

	Value      []Code    // E*H; a cell's Heuer score is HeuerOf(code)
	Lik        []float64 // E*H: P(E|H) before the reliability discount
	Applicable []bool    // E*H: false for NA

	CredLevel []int8    // E: −1, 0, +1
	RelLevel  []int8    // E: −1, 0, +1
	Weight    []float64 // E: credibility weight × relevance weight
	Truth     []float64 // E: r, the truth probability (1 with NoDiscount)
	relIdx    []int8    // E: reliability on the five-step scale, −1 ungraded
	credIdx   []int8    // E: credibility on the five-step scale, −1 ungraded

	Group     []int   // E: dependence group of each item, 0..NGroups−1
	NGroups   int     //
	GroupSize []int   // NGroups
	Members   [][]int // NGroups: the items of each group, ascending

	// Likelihood classes: the distinct likelihoods of each row, so that a
	// row's logarithms are taken once per class, not once per cell. Row i's
	// classes are clsVal[clsStart[i]:clsStart[i+1]] with their cell counts
	// in clsCnt; cls[i*H+k] is the class of cell (i, k), naClass for NA.
	// Rows with more than maxClasses distinct likelihoods (possible only
	// with explicit likelihoods) are computed cell by cell (dense[i]).
	cls      []uint8
	clsStart []int32
	clsVal   []float64
	clsCnt   []float64
	dense    []bool

	table      map[crux.RatingValue]float64
	noDiscount bool
	Excluded   int // evidence items left out by AsOf
}

// Code is a rating value in one byte: 0..4 for CC, C, N, I, II, then
// CodeNA and CodeUnrated.
type Code uint8

// The codes that are not on the CC..II scale.
const (
	CodeNA      Code = 5
	CodeUnrated Code = 6
)

// CodeOf returns the code of a rating value.
func CodeOf(v crux.RatingValue) Code {
	switch v {
	case crux.VeryConsistent:
		return 0
	case crux.Consistent:
		return 1
	case crux.Neutral:
		return 2
	case crux.Inconsistent:
		return 3
	case crux.VeryInconsistent:
		return 4
	case crux.NotApplicable:
		return CodeNA
	}
	return CodeUnrated
}

// Value returns the rating value of a code.
func (c Code) Value() crux.RatingValue {
	switch {
	case c < 5:
		return crux.RatingValues[c]
	case c == CodeNA:
		return crux.NotApplicable
	}
	return crux.Unrated
}

// Step moves a code n steps as crux.RatingValue.Step does.
func (c Code) Step(n int) Code {
	if c >= 5 {
		return c
	}
	return Code(max(0, min(4, int(c)+n)))
}

// codeHeuer is the Heuer score of each code (index c&7, so that the
// look-up needs no bounds check).
var codeHeuer = [8]float64{0, 0, 0, -1, -2, 0, 0, 0}

// HeuerOf returns the Heuer score of a code: −1 for I, −2 for II, else 0.
func HeuerOf(c Code) float64 { return codeHeuer[c&7] }

var asOfPattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// ValidAsOf reports whether s is an as-of date Options.AsOf accepts
// (YYYY-MM-DD), so that callers can refuse a bad one as bad usage before
// scoring.
func ValidAsOf(s string) bool { return asOfPattern.MatchString(s) }

// NewMatrix builds the matrix of a case: its scored hypotheses and the
// evidence dated no later than opts.AsOf.
func NewMatrix(c *crux.Case, opts Options) (*Matrix, error) {
	if c == nil {
		return nil, errors.New("ach: no case")
	}
	if opts.AsOf != "" && !ValidAsOf(opts.AsOf) {
		return nil, fmt.Errorf("ach: as-of date %q: want YYYY-MM-DD", opts.AsOf)
	}
	table, err := likelihoodTable(opts.Likelihoods)
	if err != nil {
		return nil, err
	}
	m := &Matrix{table: table, noDiscount: opts.NoDiscount}
	col := map[string]int{}
	var priors []*float64
	for _, h := range c.Hypotheses {
		if !h.Scored() {
			continue
		}
		if _, dup := col[h.ID]; dup {
			return nil, fmt.Errorf("ach: duplicate hypothesis id %q", h.ID)
		}
		col[h.ID] = len(m.HypID)
		m.HypID = append(m.HypID, h.ID)
		m.HypTitle = append(m.HypTitle, h.Title)
		m.Catchall = append(m.Catchall, h.Catchall)
		priors = append(priors, h.Prior)
	}
	m.H = len(m.HypID)
	if m.H == 0 {
		return nil, errors.New("ach: the case has no accepted hypotheses to score")
	}
	if m.LogPrior, err = logPriors(priors, m.HypID); err != nil {
		return nil, err
	}
	claimDate := map[string]string{}
	if opts.AsOf != "" {
		for _, cl := range c.Claims {
			claimDate[cl.ID] = cl.Date
		}
	}
	for i, e := range c.Evidence {
		date := e.Date
		if date == "" {
			date = claimDate[e.ClaimID]
		}
		if opts.AsOf != "" && len(date) >= 10 && date[:10] > opts.AsOf {
			m.Excluded++
			continue
		}
		m.EvIdx = append(m.EvIdx, i)
	}
	m.E = len(m.EvIdx)
	H, E := m.H, m.E
	m.EvID, m.EvText = make([]string, E), make([]string, E)
	m.Value, m.Lik, m.Applicable = make([]Code, E*H), make([]float64, E*H), make([]bool, E*H)
	m.CredLevel, m.RelLevel, m.Weight, m.Truth = make([]int8, E), make([]int8, E), make([]float64, E), make([]float64, E)
	m.relIdx, m.credIdx = make([]int8, E), make([]int8, E)
	idx := newColIndex(m.HypID)
	var tab [5]float64
	for x, v := range crux.RatingValues[:5] {
		tab[x] = table[v]
	}
	neutral := tab[CodeOf(crux.Neutral)]
	// Every cell starts unrated (N's likelihood, applicable); the ratings
	// then overwrite the cells they rate.
	fill(m.Applicable, true)
	fill(m.Lik, neutral)
	fill(m.Value, CodeUnrated)
	for i, ci := range m.EvIdx {
		e := &c.Evidence[ci]
		m.EvID[i], m.EvText[i] = e.ID, e.Text
		cl, rl := CredibilityLevel(e.Reliability, e.Credibility), relevanceLevel(e.Relevance)
		m.CredLevel[i], m.RelLevel[i] = int8(cl), int8(rl)
		m.Weight[i] = levelWeight(cl) * levelWeight(rl)
		m.relIdx[i], m.credIdx[i] = int8(reliabilityIndex(e.Reliability)), int8(credibilityIndex(e.Credibility))
		m.Truth[i] = 1
		if !opts.NoDiscount {
			m.Truth[i] = truthAt(int(m.relIdx[i]), int(m.credIdx[i]), 0)
		}
		cell := func(k int, hid string, r crux.Rating) error {
			code := CodeOf(r.Value)
			if code == CodeUnrated && r.Value != crux.Unrated {
				return fmt.Errorf("ach: evidence %q, hypothesis %q: unknown rating %q", e.ID, hid, r.Value)
			}
			j := i*H + k
			m.Value[j] = code
			switch {
			case code == CodeNA:
				m.Applicable[j] = false
			case r.Likelihood != nil:
				l := *r.Likelihood
				if math.IsNaN(l) || l <= 0 || l > 1 {
					return fmt.Errorf("ach: evidence %q, hypothesis %q: likelihood %v outside (0, 1]", e.ID, hid, l)
				}
				m.Lik[j] = l
			case code < 5:
				m.Lik[j] = tab[code]
			}
			return nil
		}
		for hid, r := range e.Ratings {
			if k := idx.lookup(hid); k >= 0 { // else a rejected or suggested hypothesis
				if err := cell(k, hid, r); err != nil {
					return nil, err
				}
			}
		}
	}
	m.buildClasses(tab)
	m.groupEvidence(c)
	return m, nil
}

// fill sets every element of s to v, by doubling copies.
func fill[T any](s []T, v T) {
	if len(s) == 0 {
		return
	}
	s[0] = v
	for n := 1; n < len(s); n *= 2 {
		copy(s[n:], s[:n])
	}
}

// colIndex finds a hypothesis's column by its ID: an open-addressing
// table (linear probing, at most half full) with a cheap hash of the ID's
// length and bytes, much faster than a Go map for the 10⁶ look-ups of a
// large case. An ID not in the table gives −1.
type colIndex struct {
	mask  uint32
	slots []int32 // column + 1; 0 is empty
	ids   []string
}

func newColIndex(ids []string) *colIndex {
	n := uint32(8)
	for n < uint32(4*len(ids)) {
		n <<= 1
	}
	x := &colIndex{mask: n - 1, slots: make([]int32, n), ids: ids}
	for k, id := range ids {
		j := colHash(id) & x.mask
		for x.slots[j] != 0 {
			j = (j + 1) & x.mask
		}
		x.slots[j] = int32(k + 1)
	}
	return x
}

// colHash is FNV-1a over the ID's last four bytes (IDs such as H1..H100
// or generated ones differ most at their end), seeded with its length;
// collisions only cost a probe.
func colHash(s string) uint32 {
	h := uint32(2166136261) ^ uint32(len(s))
	for i := max(0, len(s)-4); i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h ^ h>>15
}

func (x *colIndex) lookup(id string) int {
	j := colHash(id) & x.mask
	for {
		c := x.slots[j]
		if c == 0 {
			return -1
		}
		if k := x.ids[c-1]; len(k) == len(id) && (unsafe.StringData(k) == unsafe.StringData(id) || k == id) {
			return int(c - 1)
		}
		j = (j + 1) & x.mask
	}
}

const (
	naClass    = 255
	maxClasses = 254
)

// buildClasses gives every row the five default likelihoods as classes 0..4
// (a cell rated CC..II, or unrated, which counts as N, takes the class of
// its code), followed by the row's distinct explicit likelihoods.
func (m *Matrix) buildClasses(tab [5]float64) {
	H := m.H
	m.cls = make([]uint8, m.E*H)
	m.clsStart = make([]int32, m.E+1)
	m.dense = make([]bool, m.E)
	m.clsVal = make([]float64, 0, 5*m.E)
	m.clsCnt = make([]float64, 0, 5*m.E)
	for i := 0; i < m.E; i++ {
		start := len(m.clsVal)
		m.clsVal = append(m.clsVal, tab[:]...)
		m.clsCnt = append(m.clsCnt, 0, 0, 0, 0, 0)
		for k := 0; k < H; k++ {
			j := i*H + k
			code := m.Value[j]
			switch {
			case !m.Applicable[j]:
				m.cls[j] = naClass
				continue
			case code == CodeUnrated && m.Lik[j] == tab[2]:
				code = 2
			}
			c := -1
			if code < 5 && m.Lik[j] == tab[code] {
				c = int(code)
			} else {
				for x := start + 5; x < len(m.clsVal); x++ {
					if m.clsVal[x] == m.Lik[j] {
						c = x - start
						break
					}
				}
				if c < 0 {
					if len(m.clsVal)-start == maxClasses {
						m.dense[i] = true
						m.clsVal, m.clsCnt = m.clsVal[:start], m.clsCnt[:start]
						break
					}
					c = len(m.clsVal) - start
					m.clsVal = append(m.clsVal, m.Lik[j])
					m.clsCnt = append(m.clsCnt, 0)
				}
			}
			m.cls[j] = uint8(c)
			m.clsCnt[start+c]++
		}
		m.clsStart[i+1] = int32(len(m.clsVal))
	}
}

// logPriors normalises the priors: all nil means uniform; a nil prior among
// set ones takes the mean of the set ones.
func logPriors(priors []*float64, ids []string) ([]float64, error) {
	sum, n := 0.0, 0
	for i, p := range priors {
		if p == nil {
			continue
		}
		if math.IsNaN(*p) || math.IsInf(*p, 0) || *p < 0 {
			return nil, fmt.Errorf("ach: hypothesis %q: prior must be a finite number ≥ 0", ids[i])
		}
		sum += *p
		n++
	}
	fill := 1.0
	if n > 0 {
		fill = sum / float64(n)
	}
	vals := make([]float64, len(priors))
	total := 0.0
	for i, p := range priors {
		vals[i] = fill
		if p != nil {
			vals[i] = *p
		}
		total += vals[i]
	}
	if total <= 0 || math.IsInf(total, 0) {
		return nil, errors.New("ach: every prior is 0: at least one hypothesis needs a positive prior")
	}
	for i := range vals {
		vals[i] = math.Log(vals[i] / total)
	}
	return vals, nil
}

// groupEvidence joins items that share a Group or a ClaimID (transitively)
// into dependence groups, numbered in order of their first member.
func (m *Matrix) groupEvidence(c *crux.Case) {
	parent := make([]int, m.E)
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	union := func(a, b int) {
		ra, rb := find(a), find(b)
		if ra < rb {
			parent[rb] = ra
		} else if rb < ra {
			parent[ra] = rb
		}
	}
	byGroup, byClaim := map[string]int{}, map[string]int{}
	for i, ci := range m.EvIdx {
		e := &c.Evidence[ci]
		if e.Group != "" {
			if j, ok := byGroup[e.Group]; ok {
				union(i, j)
			} else {
				byGroup[e.Group] = i
			}
		}
		if e.ClaimID != "" {
			if j, ok := byClaim[e.ClaimID]; ok {
				union(i, j)
			} else {
				byClaim[e.ClaimID] = i
			}
		}
	}
	m.Group = make([]int, m.E)
	num := map[int]int{}
	for i := 0; i < m.E; i++ {
		r := find(i)
		g, ok := num[r]
		if !ok {
			g = len(num)
			num[r] = g
			m.Members = append(m.Members, nil)
		}
		m.Group[i] = g
		m.Members[g] = append(m.Members[g], i)
	}
	m.NGroups = len(m.Members)
	m.GroupSize = make([]int, m.NGroups)
	for g, mem := range m.Members {
		m.GroupSize[g] = len(mem)
	}
}

// temper moves a likelihood in logit space: logit(L') = t·logit(L).
func temper(l, t float64) float64 {
	if t == 1 || l >= 1 {
		return l
	}
	x := t * math.Log(l/(1-l))
	// Keep a likelihood that tempering pushes below the smallest normal
	// float positive, so that its logarithm stays finite.
	return max(1/(1+math.Exp(-x)), 0x1p-1022)
}

// RowVector writes into dst (length H) the contribution of evidence item i
// to the log posterior with truth probability r and likelihoods tempered by
// t in logit space (t = 1: as rated):
//
//	dst[k] = ln( (r·L_k + (1−r)·L̄) / L̄ )
//
// where L̄ is the mean likelihood over the hypotheses the item applies to;
// NA cells get 0. A row rated the same everywhere contributes all zeros.
func (m *Matrix) RowVector(i int, r, t float64, dst []float64) {
	if m.dense[i] {
		m.rowVectorDense(i, r, t, dst)
		return
	}
	var lut [256]float64
	m.classVector(i, r, t, &lut)
	for k, c := range m.cls[i*m.H : (i+1)*m.H] {
		dst[k] = lut[c]
	}
}

// classVector writes the contribution of each likelihood class of row i
// into lut (lut[naClass] = 0) and returns the row's mean likelihood.
func (m *Matrix) classVector(i int, r, t float64, lut *[256]float64) float64 {
	a, b := m.clsStart[i], m.clsStart[i+1]
	vals, cnts := m.clsVal[a:b], m.clsCnt[a:b]
	sum, n := 0.0, 0.0
	for c, v := range vals {
		l := temper(v, t)
		lut[c] = l
		sum += l * cnts[c]
		n += cnts[c]
	}
	lut[naClass] = 0
	if n == 0 {
		return 0
	}
	mean := sum / n
	lm := math.Log(mean)
	q := (1 - r) * mean
	for c := range vals {
		lut[c] = math.Log(r*lut[c]+q) - lm
	}
	return mean
}

func (m *Matrix) rowVectorDense(i int, r, t float64, dst []float64) {
	H := m.H
	lik, app := m.Lik[i*H:(i+1)*H], m.Applicable[i*H:(i+1)*H]
	sum, n := 0.0, 0
	for k := 0; k < H; k++ {
		if app[k] {
			l := temper(lik[k], t)
			dst[k] = l
			sum += l
			n++
		}
	}
	if n == 0 {
		clear(dst[:H])
		return
	}
	mean := sum / float64(n)
	lm := math.Log(mean)
	q := (1 - r) * mean
	for k := 0; k < H; k++ {
		if app[k] {
			dst[k] = math.Log(r*dst[k]+q) - lm
		} else {
			dst[k] = 0
		}
	}
}

// Contributions returns the rows' contribution vectors (E*H, see
// RowVector) with their own truth probabilities, and the groups' combined
// vectors (NGroups*H): the mean of the members' vectors.
func (m *Matrix) Contributions() (rows, groups []float64) {
	H := m.H
	rows = m.rowVectors()
	groups = make([]float64, m.NGroups*H)
	for g, mem := range m.Members {
		dst := groups[g*H : (g+1)*H]
		for _, i := range mem {
			row := rows[i*H : (i+1)*H]
			for k := range dst {
				dst[k] += row[k]
			}
		}
		if len(mem) > 1 {
			inv := 1 / float64(len(mem))
			for k := range dst {
				dst[k] *= inv
			}
		}
	}
	return rows, groups
}

// rowVectors returns the rows' contribution vectors (E*H).
func (m *Matrix) rowVectors() []float64 {
	H := m.H
	rows := make([]float64, m.E*H)
	for i := 0; i < m.E; i++ {
		m.RowVector(i, m.Truth[i], 1, rows[i*H:(i+1)*H])
	}
	return rows
}

// multiGroups returns the combined vectors of the groups of more than one
// item only, packed (multi[at[g]*H:] is group g's vector; at[g] is −1 for
// a single item, whose vector is its row), and the unnormalised log
// posterior, summed group by group in the same order and with the same
// values as LogPosterior(Contributions()), so the results are identical
// without an NGroups*H array that mostly repeats the rows.
func (m *Matrix) multiGroups(rows []float64) (multi []float64, at []int32, lp []float64) {
	H := m.H
	at = make([]int32, m.NGroups)
	n := 0
	for g, mem := range m.Members {
		at[g] = -1
		if len(mem) > 1 {
			at[g] = int32(n)
			n++
		}
	}
	multi = make([]float64, n*H)
	lp = append([]float64(nil), m.LogPrior...)
	for g, mem := range m.Members {
		if at[g] < 0 {
			row := rows[mem[0]*H : (mem[0]+1)*H]
			for k := range lp {
				lp[k] += 0 + row[k] // as the group vector 0 + row would be
			}
			continue
		}
		dst := multi[int(at[g])*H : int(at[g]+1)*H]
		for _, i := range mem {
			row := rows[i*H : (i+1)*H]
			for k := range dst {
				dst[k] += row[k]
			}
		}
		inv := 1 / float64(len(mem))
		for k := range dst {
			dst[k] *= inv
		}
		for k := range lp {
			lp[k] += dst[k]
		}
	}
	return multi, at, lp
}

// LogPosterior returns the unnormalised log posterior of every hypothesis:
// ln prior + the sum of the groups' vectors.
func (m *Matrix) LogPosterior(groups []float64) []float64 {
	H := m.H
	lp := append([]float64(nil), m.LogPrior...)
	for g := 0; g < m.NGroups; g++ {
		row := groups[g*H : (g+1)*H]
		for k := range lp {
			lp[k] += row[k]
		}
	}
	return lp
}

// Normalize turns log scores into probabilities with log-sum-exp.
func Normalize(lp []float64) []float64 {
	mx := math.Inf(-1)
	for _, v := range lp {
		mx = max(mx, v)
	}
	p := make([]float64, len(lp))
	if math.IsInf(mx, -1) || math.IsNaN(mx) {
		for k := range p {
			p[k] = 1 / float64(len(p))
		}
		return p
	}
	s := 0.0
	for k, v := range lp {
		p[k] = math.Exp(v - mx)
		s += p[k]
	}
	for k := range p {
		p[k] /= s
	}
	return p
}

// HeuerScores returns the unweighted and weighted inconsistency scores.
func (m *Matrix) HeuerScores() (plain, weighted []float64) {
	H := m.H
	plain, weighted = make([]float64, H), make([]float64, H)
	for i := 0; i < m.E; i++ {
		w := m.Weight[i]
		row := m.Value[i*H : (i+1)*H]
		for k, c := range row {
			if s := codeHeuer[c&7]; s != 0 {
				plain[k] += s
				weighted[k] += w * s
			}
		}
	}
	return plain, weighted
}

// Diagnosticity returns ln(max/min) of item i's discounted likelihoods over
// the hypotheses it applies to; row is its contribution vector.
func (m *Matrix) Diagnosticity(i int, row []float64) float64 {
	H := m.H
	lo, hi, n := math.Inf(1), math.Inf(-1), 0
	for k := 0; k < H; k++ {
		if m.Applicable[i*H+k] {
			lo, hi = min(lo, row[k]), max(hi, row[k])
			n++
		}
	}
	if n < 2 || hi-lo < 1e-12 {
		return 0
	}
	return hi - lo
}
