package ach

import (
	"math"
	"math/rand/v2"
	"sort"
)

// The Monte Carlo perturbation model. Every dependence group (for Heuer's
// score: every item) independently takes one of nine states: a shift u of
// its grades and a second perturbation t, each −1, 0 or +1 with
// probabilities 1/4, 1/2, 1/4. See the package documentation.
const (
	// HeavyGroups is the number of most variable groups simulated state by
	// state; the remaining ones are summed as one Gaussian with their exact
	// mean and covariance.
	HeavyGroups = 64
	// Strength is κ: a likelihood's logit is multiplied by 1/κ, 1 or κ.
	Strength = 2.0
	// pruneSigma: a hypothesis whose mean score trails the leader's by more
	// than the heavy groups' largest swing of the difference plus
	// pruneSigma standard deviations of the difference's Gaussian part
	// never comes first (P < 1e-15).
	pruneSigma = 8
	nStates    = 9
)

var stateP = func() (p [nStates]float64) {
	q := [3]float64{0.25, 0.5, 0.25}
	for s := range p {
		p[s] = q[s/3] * q[s%3]
	}
	return p
}()

// simulation draws samples of a score vector that is base plus the sum of
// G groups' vectors, each group in one of nStates states whose vectors
// fill writes (nStates × H values, state-major).
type simulation struct {
	H, G  int
	base  []float64
	fill  func(g int, dst []float64)
	heavy int
	// scalar, when set, says that group g's nine state vectors are w[s]·h
	// for one vector h: it writes h and returns w. The covariance of such
	// a group is Var(w)·h·hᵀ, one column instead of nine.
	scalar func(g int, h []float64) (w [nStates]float64)
}

// run returns P(first) per entry, and whether every group was simulated
// exactly (no Gaussian part).
func (sim *simulation) run(samples int, rng *rand.Rand) (pf []float64, exact bool) {
	H, G := sim.H, sim.G
	pf = make([]float64, H)
	if H == 0 || samples <= 0 {
		return pf, true
	}
	buf := make([]float64, nStates*H)
	mean := make([]float64, H) // of one group
	total := slices0(sim.base) // mean of the sum
	trace := make([]float64, G)
	groupMean := func(g int) {
		sim.fill(g, buf)
		clear(mean)
		for s := 0; s < nStates; s++ {
			v := buf[s*H : (s+1)*H]
			for k := range mean {
				mean[k] += stateP[s] * v[k]
			}
		}
	}
	// Pass 1: the mean of the sum, and how variable each group is.
	for g := 0; g < G; g++ {
		groupMean(g)
		tr := 0.0
		for s := 0; s < nStates; s++ {
			v := buf[s*H : (s+1)*H]
			for k := range v {
				d := v[k] - mean[k]
				tr += stateP[s] * d * d
			}
		}
		trace[g] = tr
		for k := range total {
			total[k] += mean[k]
		}
	}
	lead := 0
	for k := range total {
		if total[k] > total[lead] {
			lead = k
		}
	}
	// The heaviest groups are simulated exactly.
	order := make([]int, G)
	for g := range order {
		order[g] = g
	}
	sort.SliceStable(order, func(a, b int) bool { return trace[order[a]] > trace[order[b]] })
	nh := min(G, sim.heavy)
	isHeavy := make([]bool, G)
	for _, g := range order[:nh] {
		isHeavy[g] = true
	}
	// Pass 2: the heavy groups' deviations; for every hypothesis k, the
	// largest swing of T_lead − T_k the heavy groups can cause, and the
	// variance of T_lead − T_k from the light groups.
	heavyDev := make([]float64, nh*nStates*H) // deviations from the group mean
	hpos := make([]int, G)
	for x, g := range order[:nh] {
		hpos[g] = x
	}
	bound := make([]float64, H)
	varDiff := make([]float64, H)
	for g := 0; g < G; g++ {
		groupMean(g)
		for s := 0; s < nStates; s++ {
			v := buf[s*H : (s+1)*H]
			for k := range v {
				v[k] -= mean[k]
			}
		}
		if isHeavy[g] {
			copy(heavyDev[hpos[g]*nStates*H:], buf[:nStates*H])
			for k := 0; k < H; k++ {
				b := 0.0
				for s := 0; s < nStates; s++ {
					b = max(b, math.Abs(buf[s*H+lead]-buf[s*H+k]))
				}
				bound[k] += b
			}
			continue
		}
		for s := 0; s < nStates; s++ {
			v, p := buf[s*H:(s+1)*H], stateP[s]
			dl := v[lead]
			for k, dk := range v {
				varDiff[k] += p * (dl - dk) * (dl - dk)
			}
		}
	}
	// Contenders: hypotheses that can come first at all. T_lead − T_k
	// falls below 0 only if the heavy groups swing it by their bound and
	// the Gaussian part by more than pruneSigma of its standard deviations.
	var cont []int
	for k := 0; k < H; k++ {
		gap := total[lead] - total[k]
		if k == lead || !(gap > bound[k]+pruneSigma*math.Sqrt(max(0, varDiff[k]))+1e-9*(1+math.Abs(total[lead]))) {
			cont = append(cont, k)
		}
	}
	nc := len(cont)
	// Pass 2: the covariance of the light groups among the contenders.
	exact = nh == G
	var chol []float64
	if !exact {
		cov := make([]float64, nc*nc)
		// The light groups' deviations, scaled by √p (nine columns per
		// group, one for a scalar group), are gathered into d, covL columns
		// per contender, and cov += d·dᵀ per batch: one pass over cov per
		// batch instead of one per group, with four accumulators.
		const covBatch = 16
		const covL = covBatch * nStates
		d := make([]float64, nc*covL)
		var sq [nStates]float64
		for s := range sq {
			sq[s] = math.Sqrt(stateP[s])
		}
		cols := 0 // columns of d in use
		flush := func() {
			if cols == 0 {
				return
			}
			n := (cols + 3) &^ 3 // the columns past cols are zeros
			for a := 0; a < nc; a++ {
				da := d[a*covL : (a+1)*covL : (a+1)*covL]
				row := cov[a*nc : a*nc+a+1]
				for b := range row {
					db := d[b*covL : (b+1)*covL : (b+1)*covL]
					var s0, s1, s2, s3 float64
					for x := 0; x < n; x += 4 {
						s0 += da[x] * db[x]
						s1 += da[x+1] * db[x+1]
						s2 += da[x+2] * db[x+2]
						s3 += da[x+3] * db[x+3]
					}
					row[b] += (s0 + s1) + (s2 + s3)
				}
			}
			clear(d)
			cols = 0
		}
		h := make([]float64, H)
		for g := 0; g < G; g++ {
			if isHeavy[g] {
				continue
			}
			if cols+nStates > covL {
				flush()
			}
			if sim.scalar != nil {
				w := sim.scalar(g, h)
				wm, wv := 0.0, 0.0
				for s := range w {
					wm += stateP[s] * w[s]
				}
				for s := range w {
					wv += stateP[s] * (w[s] - wm) * (w[s] - wm)
				}
				sd := math.Sqrt(wv)
				for a, k := range cont {
					d[a*covL+cols] = sd * h[k]
				}
				cols++
				continue
			}
			groupMean(g)
			for a, k := range cont {
				da := d[a*covL+cols : a*covL+cols+nStates]
				for s := range da {
					da[s] = sq[s] * (buf[s*H+k] - mean[k])
				}
			}
			cols += nStates
		}
		flush()
		chol = cholesky(cov, nc)
	}
	// The heavy groups' deviations, restricted to the contenders.
	heavyC := make([]float64, nh*nStates*nc)
	for hs := 0; hs < nh*nStates; hs++ {
		src, dst := heavyDev[hs*H:(hs+1)*H], heavyC[hs*nc:(hs+1)*nc]
		for a, k := range cont {
			dst[a] = src[k]
		}
	}
	// Sampling.
	x := make([]float64, nc)
	z := make([]float64, nc)
	win := make([]float64, nc)
	var bits uint64
	nbits := 0
	for n := 0; n < samples; n++ {
		for a, k := range cont {
			x[a] = total[k]
		}
		for hg := 0; hg < nh; hg++ {
			if nbits < 4 {
				bits, nbits = rng.Uint64(), 64
			}
			u, t := twoBits(bits&3), twoBits((bits>>2)&3)
			bits >>= 4
			nbits -= 4
			s := u*3 + t
			v := heavyC[(hg*nStates+s)*nc : (hg*nStates+s+1)*nc]
			for a := range x {
				x[a] += v[a]
			}
		}
		if chol != nil {
			for a := range z {
				z[a] = rng.NormFloat64()
			}
			for a := 0; a < nc; a++ {
				row := chol[a*nc : a*nc+a+1]
				sum := 0.0
				for b, l := range row {
					sum += l * z[b]
				}
				x[a] += sum
			}
		}
		best := math.Inf(-1)
		for _, v := range x {
			best = max(best, v)
		}
		ties := 0
		for _, v := range x {
			if cmpTol(v, best) == 0 {
				ties++
			}
		}
		for a, v := range x {
			if cmpTol(v, best) == 0 {
				win[a] += 1 / float64(ties)
			}
		}
	}
	for a, k := range cont {
		pf[k] = win[a] / float64(samples)
	}
	return pf, exact
}

// twoBits maps two random bits to a state index 0, 1, 1, 2 (probabilities
// 1/4, 1/2, 1/4).
func twoBits(b uint64) int {
	switch b {
	case 0:
		return 0
	case 3:
		return 2
	}
	return 1
}

func slices0(v []float64) []float64 { return append([]float64(nil), v...) }

// cholesky returns the lower-triangular L with L·Lᵀ = a (n×n, lower
// triangle used), treating directions of (numerically) zero variance as
// zero.
func cholesky(a []float64, n int) []float64 {
	l := make([]float64, n*n)
	maxd := 0.0
	for i := 0; i < n; i++ {
		maxd = max(maxd, a[i*n+i])
	}
	eps := 1e-12 * maxd
	for j := 0; j < n; j++ {
		s := a[j*n+j]
		for k := 0; k < j; k++ {
			s -= l[j*n+k] * l[j*n+k]
		}
		if s <= eps {
			continue // column stays 0
		}
		d := math.Sqrt(s)
		l[j*n+j] = d
		for i := j + 1; i < n; i++ {
			t := a[i*n+j]
			for k := 0; k < j; k++ {
				t -= l[i*n+k] * l[j*n+k]
			}
			l[i*n+j] = t / d
		}
	}
	return l
}

// strengths are the three values of t.
var strengths = [3]float64{1 / Strength, 1, Strength}

// posteriorSimulation: a group's state (u, t) shifts the Admiralty grades of
// all its members u steps (worse for +1) and tempers their likelihoods by
// strengths[t]; its vector is the mean of its members' RowVectors.
func (m *Matrix) posteriorSimulation() *simulation {
	H := m.H
	tmp := make([]float64, H)
	return &simulation{H: H, G: m.NGroups, base: m.LogPrior, heavy: heavyGroups, fill: func(g int, dst []float64) {
		clear(dst)
		mem := m.Members[g]
		inv := 1 / float64(len(mem))
		for s := 0; s < nStates; s++ {
			u, t := s/3-1, strengths[s%3]
			v := dst[s*H : (s+1)*H]
			for _, i := range mem {
				r := 1.0
				if !m.noDiscount {
					r = truthAt(int(m.relIdx[i]), int(m.credIdx[i]), u)
				}
				m.RowVector(i, r, t, tmp)
				for k := range v {
					v[k] += tmp[k] * inv
				}
			}
		}
	}}
}

// heuerSimulation: each item's state moves its credibility level and its
// relevance level by −1, 0 or +1 (clamped to low..high).
func (m *Matrix) heuerSimulation() *simulation {
	H := m.H
	weights := func(i int) (w [nStates]float64) {
		for s := range w {
			cl := max(-1, min(1, int(m.CredLevel[i])+s/3-1))
			rl := max(-1, min(1, int(m.RelLevel[i])+s%3-1))
			w[s] = levelWeight(cl) * levelWeight(rl)
		}
		return w
	}
	return &simulation{H: H, G: m.E, base: make([]float64, H), heavy: heavyGroups, scalar: func(i int, h []float64) [nStates]float64 {
		for k, c := range m.Value[i*H : (i+1)*H] {
			h[k] = codeHeuer[c&7]
		}
		return weights(i)
	}, fill: func(i int, dst []float64) {
		row := m.Value[i*H : (i+1)*H]
		for s := 0; s < nStates; s++ {
			cl := max(-1, min(1, int(m.CredLevel[i])+s/3-1))
			rl := max(-1, min(1, int(m.RelLevel[i])+s%3-1))
			w := levelWeight(cl) * levelWeight(rl)
			v := dst[s*H : (s+1)*H]
			for k, c := range row {
				v[k] = w * codeHeuer[c&7]
			}
		}
	}}
}

// Robustness runs both simulations and returns P(first) for the posterior
// and for the weighted inconsistency score, and whether both were exact.
func (m *Matrix) Robustness(samples int, seed uint64) (post, heuer []float64, exact bool) {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	post, e1 := m.posteriorSimulation().run(samples, rng)
	heuer, e2 := m.heuerSimulation().run(samples, rng)
	return post, heuer, e1 && e2
}

// heavyGroups is HeavyGroups; tests lower it to compare the Gaussian part
// with the exact simulation.
var heavyGroups = HeavyGroups
