package casebuild

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cruxlab/crux"
)

func actorIndex(c *crux.Case, id string) int {
	for i := range c.Actors {
		if c.Actors[i].ID == id {
			return i
		}
	}
	return -1
}

// MergeActors is the analyst's hand merge: actor dropID becomes part of
// keepID (names become aliases, missing role, affiliation and description
// are filled in), every claim of dropID is repointed to keepID, and claims
// of the two that now restate each other (the similarity rule) are merged
// into one claim in a dependence group. Evidence drawn from a merged-away
// claim is kept (an analyst's ratings are never thrown away) and repointed
// to the surviving claim, in its group.
func MergeActors(c *crux.Case, keepID, dropID string) error {
	if keepID == dropID {
		return fmt.Errorf("merge actors: %q and %q are the same actor", keepID, dropID)
	}
	ki, di := actorIndex(c, keepID), actorIndex(c, dropID)
	if ki < 0 {
		return fmt.Errorf("merge actors: unknown actor %q", keepID)
	}
	if di < 0 {
		return fmt.Errorf("merge actors: unknown actor %q", dropID)
	}
	drop := c.Actors[di]
	keep := &c.Actors[ki]
	// an explicit merge keeps the kept actor's name unless it is only a
	// surname, an acronym or a role.
	mergeActorInto(keep, drop)
	if keep.Kind == crux.Anonymous && drop.Kind != crux.Anonymous {
		keep.Kind = drop.Kind
	}
	c.Actors = append(c.Actors[:di], c.Actors[di+1:]...)

	var mine []int // claims of the merged actor, in case order
	for i := range c.Claims {
		if c.Claims[i].SpeakerID == dropID {
			c.Claims[i].SpeakerID = keepID
		}
		if c.Claims[i].SpeakerID == keepID {
			mine = append(mine, i)
		}
	}
	dedupeClaims(c, mine)
	return nil
}

// dedupeClaims merges, among the given claims (indexes into c.Claims), every
// later claim that restates an earlier one and shares no source with it.
func dedupeClaims(c *crux.Case, idx []int) {
	texts := map[string]string{}
	for _, s := range c.Sources {
		texts[s.ID] = s.Text
	}
	renderings := func(cl *crux.Claim) []normText {
		out := []normText{normalize(cl.Text)}
		for _, ct := range cl.Citations {
			if t, ok := texts[ct.SourceID]; ok && ct.Content.Start >= 0 && ct.Content.End <= len(t) && ct.Content.Start <= ct.Content.End {
				out = append(out, normalize(t[ct.Content.Start:ct.Content.End]))
			}
		}
		return out
	}
	removed := map[int]bool{}
	rename := map[string]string{} // removed claim ID → surviving claim ID
	for a := 0; a < len(idx); a++ {
		if removed[idx[a]] {
			continue
		}
		for bb := a + 1; bb < len(idx); bb++ {
			if removed[idx[bb]] {
				continue
			}
			x, y := &c.Claims[idx[a]], &c.Claims[idx[bb]]
			if shareSource(x, y) || !restates(renderings(x), renderings(y)) {
				continue
			}
			x.Citations = append(x.Citations, y.Citations...)
			if y.Date != "" && (x.Date == "" || dayOf(y.Date) < dayOf(x.Date)) {
				x.Date, x.Text = y.Date, y.Text
			}
			if x.Group == "" {
				x.Group = "g-" + x.ID
			}
			rename[y.ID] = x.ID
			removed[idx[bb]] = true
		}
	}
	if len(removed) == 0 {
		return
	}
	groups := map[string]string{}
	for _, cl := range c.Claims {
		groups[cl.ID] = cl.Group
	}
	kept := c.Claims[:0]
	for i, cl := range c.Claims {
		if !removed[i] {
			kept = append(kept, cl)
		}
	}
	c.Claims = kept
	for i := range c.Evidence {
		e := &c.Evidence[i]
		if to, ok := rename[e.ClaimID]; ok {
			e.ClaimID = to
		}
		if e.Kind == crux.FromClaim && groups[e.ClaimID] != "" {
			e.Group = groups[e.ClaimID]
		}
	}
}

func shareSource(x, y *crux.Claim) bool {
	for _, a := range x.Citations {
		for _, b := range y.Citations {
			if a.SourceID == b.SourceID {
				return true
			}
		}
	}
	return false
}

func restates(xs, ys []normText) bool {
	for i := range xs {
		for j := range ys {
			if r, _ := similar(&xs[i], &ys[j]); r != NoMatch {
				return true
			}
		}
	}
	return false
}

// SplitActor is the analyst's hand split: the given aliases (names the
// actor was mentioned by) are taken from actorID into a new actor named
// after the first of them, and every citation whose speaker mention, as
// written in its source, is one of those aliases moves with it. A claim
// whose citations all move is repointed; a claim with citations on both
// sides is split in two (the new claim gets the moved citations). It
// returns the new actor's ID.
func SplitActor(c *crux.Case, actorID string, aliases []string) (string, error) {
	ai := actorIndex(c, actorID)
	if ai < 0 {
		return "", fmt.Errorf("split actor: unknown actor %q", actorID)
	}
	if len(aliases) == 0 {
		return "", fmt.Errorf("split actor %q: no aliases to split off", actorID)
	}
	old := &c.Actors[ai]
	move := map[string]bool{}
	for _, a := range aliases {
		k := strings.ToLower(strings.TrimSpace(a))
		if k == "" {
			return "", fmt.Errorf("split actor %q: empty alias", actorID)
		}
		if k == strings.ToLower(old.Name) && len(old.Aliases) == 0 {
			return "", fmt.Errorf("split actor %q: cannot split off its only name", actorID)
		}
		move[k] = true
	}
	na := crux.Actor{
		ID:   "A" + strconv.Itoa(nextNumber(c.Actors, func(a crux.Actor) string { return a.ID }, "A")),
		Name: strings.TrimSpace(aliases[0]),
		Kind: old.Kind,
	}
	for _, a := range aliases[1:] {
		na.Aliases = append(na.Aliases, strings.TrimSpace(a))
	}
	// what stays with the old actor
	var rest []string
	for _, n := range append([]string{old.Name}, old.Aliases...) {
		if !move[strings.ToLower(n)] {
			rest = append(rest, n)
		}
	}
	if len(rest) == 0 {
		return "", fmt.Errorf("split actor %q: no name would be left", actorID)
	}
	old.Name, old.Aliases = rest[0], rest[1:]
	if len(old.Aliases) == 0 {
		old.Aliases = nil
	}
	c.Actors = append(c.Actors, na)

	texts := map[string]string{}
	for _, s := range c.Sources {
		texts[s.ID] = s.Text
	}
	mention := func(ct crux.Citation) string {
		t, ok := texts[ct.SourceID]
		if !ok || ct.Speaker == nil || ct.Speaker.Start < 0 || ct.Speaker.End > len(t) || ct.Speaker.Start > ct.Speaker.End {
			return ""
		}
		return strings.ToLower(strings.TrimSpace(t[ct.Speaker.Start:ct.Speaker.End]))
	}
	nextC := nextNumber(c.Claims, func(cl crux.Claim) string { return cl.ID }, "C")
	n := len(c.Claims)
	for i := 0; i < n; i++ {
		cl := &c.Claims[i]
		if cl.SpeakerID != actorID {
			continue
		}
		var stay, moving []crux.Citation
		for _, ct := range cl.Citations {
			if move[mention(ct)] {
				moving = append(moving, ct)
			} else {
				stay = append(stay, ct)
			}
		}
		switch {
		case len(moving) == 0:
		case len(stay) == 0:
			cl.SpeakerID = na.ID
		default:
			cl.Citations = stay
			moved := *cl
			moved.ID = "C" + strconv.Itoa(nextC)
			nextC++
			moved.SpeakerID = na.ID
			moved.Citations = moving
			moved.Group = ""
			moved.Date = earliestCitation(moving, cl.Date)
			cl.Date = earliestCitation(stay, cl.Date)
			if len(stay) == 1 && cl.Group == "g-"+cl.ID {
				cl.Group = ""
			}
			if len(moving) > 1 {
				moved.Group = "g-" + moved.ID
			}
			c.Claims = append(c.Claims, moved)
		}
	}
	return na.ID, nil
}

func earliestCitation(cs []crux.Citation, fallback string) string {
	best := ""
	for _, ct := range cs {
		if d := dayOf(ct.Date); d != "" && (best == "" || d < best) {
			best = d
		}
	}
	if best == "" {
		return fallback
	}
	return best
}
