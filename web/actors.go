package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/casebuild"
	"github.com/cruxlab/crux/store"
)

// The analyst's corrections of speaker resolution: two actors that are one
// person (a surname the extractor did not link, a role written two ways)
// are merged; an actor that is two people (two Smiths) is split by the
// names it was mentioned by. Both are case changes with a history entry,
// made on the version the analyst saw (If-Match, or the form's version).

type mergeBody struct {
	Keep string `json:"keep"`
	Drop string `json:"drop"`
}

type splitBody struct {
	Aliases []string `json:"aliases"`
}

// actorEditError turns casebuild's refusal (unknown actor, nothing to
// split off ...) into a 422 naming the problem. (An unknown actor named in
// the URL is a 404: see splitActor.)
func actorEditError(path string, err error) error {
	return &badBody{status: http.StatusUnprocessableEntity, path: path, msg: err.Error()}
}

// mergeActors merges actor drop into keep on the case at version ifv
// (the IDs without surrounding space).
func (s *Server) mergeActors(ctx context.Context, rc *reqCtx, ifv store.Version, b mergeBody) (store.Version, error) {
	if b.Keep == "" || b.Drop == "" {
		return 0, &badBody{status: http.StatusUnprocessableEntity, path: "keep", msg: "name the actor to keep and the actor to merge into it"}
	}
	note := fmt.Sprintf("merged actor %s into %s", b.Drop, b.Keep)
	return s.edit(ctx, rc, ifv, note, func(c *crux.Case) error {
		if err := casebuild.MergeActors(c, b.Keep, b.Drop); err != nil {
			return actorEditError("drop", err)
		}
		return nil
	})
}

// splitActor splits the given names of actor id off into a new actor,
// whose ID it returns.
func (s *Server) splitActor(ctx context.Context, rc *reqCtx, ifv store.Version, id string, b splitBody) (store.Version, string, error) {
	var nid string
	v, err := s.edit(ctx, rc, ifv, "split actor "+id, func(c *crux.Case) error {
		if !hasActor(c, id) {
			return &badBody{status: http.StatusNotFound, path: "id", msg: "this case has no actor " + strconv.Quote(id)}
		}
		var err error
		if nid, err = casebuild.SplitActor(c, id, b.Aliases); err != nil {
			return actorEditError("aliases", err)
		}
		return nil
	})
	return v, nid, err
}

func hasActor(c *crux.Case, id string) bool {
	for i := range c.Actors {
		if c.Actors[i].ID == id {
			return true
		}
	}
	return false
}

func (s *Server) apiMergeActors(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	v, err := ifMatch(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var b mergeBody
	if err := s.decode(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	b.Keep, b.Drop = strings.TrimSpace(b.Keep), strings.TrimSpace(b.Drop)
	nv, err := s.mergeActors(r.Context(), rc, v, b)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(nv))
	writeJSON(w, http.StatusOK, map[string]any{"version": nv, "actor": b.Keep})
}

func (s *Server) apiSplitActor(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	v, err := ifMatch(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var b splitBody
	if err := s.decode(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	nv, nid, err := s.splitActor(r.Context(), rc, v, r.PathValue("id"), b)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(nv))
	writeJSON(w, http.StatusOK, map[string]any{"version": nv, "actor": nid})
}

// ---- the actors page -------------------------------------------------------

// actorRow is one actor of the actors page with what it is said to have
// said.
type actorRow struct {
	crux.Actor
	Names  []string // its name and aliases: what a split can take
	Claims []crux.Claim
}

func (s *Server) pageActors(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	p, _, ok := s.casePage(w, r, rc, "actors")
	if !ok {
		return
	}
	byActor := map[string][]crux.Claim{}
	for _, c := range p.Case.Claims {
		byActor[c.SpeakerID] = append(byActor[c.SpeakerID], c)
	}
	rows := make([]actorRow, 0, len(p.Case.Actors))
	for _, a := range p.Case.Actors {
		rows = append(rows, actorRow{Actor: a, Names: append([]string{a.Name}, a.Aliases...), Claims: byActor[a.ID]})
	}
	// the most quoted first: where a wrong merge or split matters most
	sort.SliceStable(rows, func(i, j int) bool { return len(rows[i].Claims) > len(rows[j].Claims) })
	p.Data = map[string]any{"Rows": rows, "Kinds": actorKinds}
	p.flashFrom(r, 300)
	s.render(w, r, http.StatusOK, "actors", p)
}

// formVersion is the case version a page form was made from; without
// one it answers 400 and reports false.
func (s *Server) formVersion(w http.ResponseWriter, r *http.Request) (store.Version, bool) {
	v, err := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if err != nil || v < 1 {
		s.renderError(w, r, http.StatusBadRequest, "This form lacks the version of the case it was made from: reload the page.")
		return 0, false
	}
	return store.Version(v), true
}

// formField is a form value without surrounding space.
func formField(r *http.Request, k string) string { return strings.TrimSpace(r.PostFormValue(k)) }

// formDone answers a page form that edited the case: back to target with
// what happened, or with why nothing did (a refusal the analyst can act
// on, naming the field when validation refused it).
func (s *Server) formDone(w http.ResponseWriter, r *http.Request, target, msg string, err error) {
	var bb *badBody
	switch {
	case err == nil:
	case errors.Is(err, store.ErrConflict):
		msg = "The case changed while you were looking: nothing was changed. Check and try again."
	case errors.As(err, &bb) && len(bb.problems) > 0:
		msg = "Nothing was changed: " + bb.path + ": " + bb.msg
	case errors.As(err, &bb):
		msg = "Nothing was changed: " + bb.msg
	default:
		s.pageError(w, r, err)
		return
	}
	u, frag, _ := strings.Cut(target, "#")
	if frag != "" {
		frag = "#" + frag
	}
	http.Redirect(w, r, u+"?msg="+url.QueryEscape(msg)+frag, http.StatusSeeOther)
}

func (s *Server) actorsPage(rc *reqCtx) string {
	return "/cases/" + url.PathEscape(rc.caseID) + "/actors"
}

func (s *Server) pageMergeActors(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	v, ok := s.formVersion(w, r)
	if !ok {
		return
	}
	b := mergeBody{Keep: formField(r, "keep"), Drop: formField(r, "drop")}
	_, err := s.mergeActors(r.Context(), rc, v, b)
	s.formDone(w, r, s.actorsPage(rc), fmt.Sprintf("Merged %s into %s.", b.Drop, b.Keep), err)
}

// actorKinds are the kinds the edit form offers.
var actorKinds = []crux.ActorKind{crux.Person, crux.Organization, crux.Group, crux.Anonymous}

// pageEditActor corrects what the extractor made of an actor: its name,
// kind, role, affiliation and description. Its claims stay, and so does
// a name it is given up: as an alias, since the sources mention it so.
func (s *Server) pageEditActor(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	v, ok := s.formVersion(w, r)
	if !ok {
		return
	}
	id := r.PathValue("id")
	f := func(k string) string { return formField(r, k) }
	_, err := s.edit(r.Context(), rc, v, "edited actor "+id, func(c *crux.Case) error {
		for i := range c.Actors {
			if a := &c.Actors[i]; a.ID == id {
				name := f("name")
				if name == "" {
					return &badBody{status: http.StatusUnprocessableEntity, path: "name", msg: "an actor needs a name"}
				}
				if name != a.Name {
					if !slices.Contains(a.Aliases, a.Name) {
						a.Aliases = append(a.Aliases, a.Name)
					}
					a.Aliases = slices.DeleteFunc(a.Aliases, func(x string) bool { return x == name })
					a.Name = name
				}
				a.Kind, a.Role, a.Affiliation, a.Description = crux.ActorKind(f("kind")), f("role"), f("affiliation"), f("description")
				return nil
			}
		}
		return &badBody{status: http.StatusNotFound, path: "id", msg: "this case has no actor " + strconv.Quote(id)}
	})
	s.formDone(w, r, s.actorsPage(rc), "Saved "+id+".", err)
}

func (s *Server) pageSplitActor(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	v, ok := s.formVersion(w, r)
	if !ok {
		return
	}
	id := r.PathValue("id")
	_, nid, err := s.splitActor(r.Context(), rc, v, id, splitBody{Aliases: r.PostForm["alias"]})
	s.formDone(w, r, s.actorsPage(rc), fmt.Sprintf("Split %s off %s.", nid, id), err)
}
