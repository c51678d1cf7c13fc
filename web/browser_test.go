package web

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/chromedp/chromedp/kb"
	"github.com/cruxlab/crux/examples"
	"github.com/cruxlab/crux/internal/testenv"
	"github.com/cruxlab/crux/store"
)

// browser starts a headless Chromium with a fresh profile and returns a
// tab's context. JavaScript exceptions and console errors are collected.
func browser(t *testing.T) (context.Context, func() []string) {
	opts := testenv.ChromiumOptions(t, t.TempDir(), 1400, 1000)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	var mu sync.Mutex
	var problems []string
	chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if e.Type == "error" {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value))
				}
				problems = append(problems, "console.error: "+strings.Join(parts, " "))
			}
		}
	})
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), problems...) }
}

func signInBrowser(t *testing.T, ctx context.Context, base, user string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`input[name="user"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="user"]`), user),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testPassword),
		chromedp.Submit(chromedp.CSS(`form.login`)),
		chromedp.WaitVisible(chromedp.CSS(`table.cases`)),
	)
	if err != nil {
		t.Fatalf("sign in as %s: %v", user, err)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// TestBrowserWorkbench drives the workbench in Chromium on the example
// case: sign in, rate a cell by keyboard and by click, watch the scores
// change, then open the disagreement view after a second analyst rated the
// same cell differently.
func TestBrowserWorkbench(t *testing.T) {
	ctx, problems := browser(t)
	e := newEnv(t, Options{})
	c := exampleCase(t, e)
	bg := context.Background()
	alice, _ := e.st.UserByName(bg, "alice")
	bob, _ := e.st.UserByName(bg, "bob")
	e.st.Grant(bg, c.ID, bob.ID, store.Editor, alice.ID)

	signInBrowser(t, ctx, e.ts.URL, "alice")
	// the case list shows the example case; open it
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[href="/cases/`+c.ID+`"]`)), chromedp.WaitVisible(chromedp.CSS(`#matrix`))); err != nil {
		t.Fatalf("open the example case: %v", err)
	}
	if got := text(t, ctx, ".casehead h1"); got != c.Title {
		t.Errorf("case title %q", got)
	}
	h1, e1 := c.Hypotheses[0].ID, c.Evidence[0].ID
	post := `#score-table tr[data-h="` + h1 + `"] td.posterior`
	before := text(t, ctx, post)

	// keyboard: focus the cell, press 5 (II)
	cell := `button.cell[data-e="` + e1 + `"][data-h="` + h1 + `"]`
	err := chromedp.Do(ctx,
		chromedp.Focus(chromedp.CSS(cell)),
		chromedp.KeyEvent("5"),
		chromedp.Poll[chromedp.Void](`document.getElementById("status").textContent.startsWith("saved")`, chromedp.WithPollingTimeout(10*time.Second)),
	)
	if err != nil {
		t.Fatalf("rate by keyboard: %v (status %q)", err, text(t, ctx, "#status"))
	}
	// the scores panel refreshes without a reload
	afterJS := fmt.Sprintf(`(document.querySelector(%q)||{}).textContent !== %q`, post, before)
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](afterJS, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("posterior of %s stayed %s after rating %s×%s II: %v", h1, before, e1, h1, err)
	}
	after := text(t, ctx, post)
	if got := text(t, ctx, cell); got != "II" {
		t.Errorf("cell shows %q, want II", got)
	}
	stored, _, err := e.st.Case(bg, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r := stored.Evidence[0].Ratings[h1]; r.Value != "II" || r.Analyst != "alice" {
		t.Errorf("stored rating %+v", r)
	}
	t.Logf("posterior of %s: %s → %s", h1, before, after)

	// a click steps the cell's rating (II → NA)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(cell)),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).textContent === "NA"`, cell), chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Poll[chromedp.Void](`document.getElementById("status").textContent.startsWith("saved")`, chromedp.WithPollingTimeout(10*time.Second)),
	); err != nil {
		t.Fatalf("rate by click: %v", err)
	}
	// the arrow keys move between cells
	focusedJS := `document.activeElement && document.activeElement.dataset.h`
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(cell)), chromedp.KeyEvent(kb.ArrowRight)); err != nil {
		t.Fatal(err)
	}
	if h, _ := chromedp.Run(ctx, chromedp.Evaluate[string](focusedJS)); h != c.Hypotheses[1].ID {
		t.Errorf("ArrowRight focused %q, want %q", h, c.Hypotheses[1].ID)
	}

	// bob disagrees on the same cell through the API
	resp, body := e.do("PUT", "/api/cases/"+c.ID+"/ratings/"+e1+"/"+h1, "bob", e.etagOf("bob", c.ID), map[string]string{"value": "CC"})
	if resp.StatusCode != 200 {
		t.Fatalf("bob rates: %d %s", resp.StatusCode, body)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/cases/"+c.ID+"/disagreement"), chromedp.WaitVisible(chromedp.CSS(`#disagreements`))); err != nil {
		t.Fatalf("disagreement view: %v", err)
	}
	row := text(t, ctx, `#disagreements tbody tr`)
	if !strings.Contains(row, e1) || !strings.Contains(row, "alice") || !strings.Contains(row, "bob") {
		t.Errorf("first disagreement row: %q", row)
	}
	// sorting by diagnosticity, the report and the timeline chart render
	for _, p := range []string{"/cases/" + c.ID + "?sort=diagnosticity", "/cases/" + c.ID + "/report", "/cases/" + c.ID + "/timeline"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+p), chromedp.WaitVisible(chromedp.CSS(`main`))); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	scored := 0
	for _, h := range c.Hypotheses {
		if h.Scored() {
			scored++
		}
	}
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#timeline polyline").length`)); err != nil || n != scored {
		t.Errorf("timeline has %d lines (%v), want %d", n, err, scored)
	}
	// add a hypothesis through the form: a new column appears
	before2 := len(c.Hypotheses)
	if err := chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/cases/"+c.ID), chromedp.WaitVisible(chromedp.CSS(`#matrix`)),
		chromedp.Click(chromedp.CSS(`details.add summary`)),
		chromedp.SendKeys(chromedp.CSS(`#add-hypothesis input[name="title"]`), "Accident during a test flight <b>"),
		chromedp.Click(chromedp.CSS(`#add-hypothesis button[type="submit"]`)),
	); err != nil {
		t.Fatalf("add a hypothesis: %v", err)
	}
	// the page reloads after the write: poll across the reload
	cols := 0
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline) && cols != len(c.Hypotheses)+1; {
		time.Sleep(200 * time.Millisecond)
		cols, _ = chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#matrix th.hyp").length`))
	}
	if cols != len(c.Hypotheses)+1 {
		t.Fatalf("after adding a hypothesis the matrix has %d columns (had %d)", cols, before2)
	}
	if got := text(t, ctx, `#matrix th.hyp:last-child`); !strings.Contains(got, "Accident during a test flight <b>") {
		t.Errorf("new column %q", got)
	}
	// move the first evidence row down: the order is saved and reloaded
	first, second := c.Evidence[0].ID, c.Evidence[1].ID
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#matrix tbody tr[data-e="`+first+`"] button.move[data-dir="1"]`))); err != nil {
		t.Fatalf("move a row: %v", err)
	}
	var top string
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline) && top != second; {
		time.Sleep(200 * time.Millisecond)
		top, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector("#matrix tbody tr")||{dataset:{}}).dataset.e||""`))
	}
	if top != second {
		t.Errorf("after moving %s down the first row is %q, want %s", first, top, second)
	}
	if stored, _, _ := e.st.Case(bg, c.ID); stored == nil || stored.Evidence[0].ID != second || stored.Evidence[1].ID != first {
		t.Error("the new order is not stored")
	}
	if os.Getenv("CRUX_SCREENSHOTS") != "" {
		for _, p := range []string{"", "/timeline", "/disagreement"} {
			var png []byte
			chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/cases/"+c.ID+p), chromedp.WaitVisible(chromedp.CSS(`main`)))
			png, _ = chromedp.Run(ctx, chromedp.FullScreenshot(100))
			os.WriteFile(os.Getenv("CRUX_SCREENSHOTS")+"/page"+strings.ReplaceAll(p, "/", "-")+".png", png, 0o644)
		}
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("JavaScript problems: %q", p)
	}
}

func (e *env) etagOf(user, caseID string) string {
	e.t.Helper()
	resp, body := e.do("GET", "/api/cases/"+caseID+"/matrix", user, "", nil)
	if resp.StatusCode != 200 {
		e.t.Fatalf("GET matrix: %d %s", resp.StatusCode, body)
	}
	return resp.Header.Get("ETag")
}

// TestBrowserXSS plants hostile quotes in a claim, the article text, an
// actor, a hypothesis and an evidence item, opens every page in Chromium,
// and checks that nothing ran and the text shows as text.
func TestBrowserXSS(t *testing.T) {
	ctx, problems := browser(t)
	e := newEnv(t, Options{})
	plantHostile(t, e)
	// a second analyst, so the disagreement view lists the hostile cell
	e.do("PUT", "/api/cases/"+e.caseID+"/ratings/E1/H1", "bob", e.etag("bob"), map[string]string{"value": "II", "reason": hostile[1]})
	signInBrowser(t, ctx, e.ts.URL, "alice")
	base := e.ts.URL + "/cases/" + e.caseID
	for _, p := range []string{"", "?sort=diagnosticity", "/sources", "/sources/S1", "/actors", "/timeline", "/report", "/report.html", "/disagreement", "/history", "/access"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p), chromedp.WaitReady(chromedp.CSS(`body`))); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		xss, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__xss !== undefined || document.querySelectorAll("img").length > 0`))
		if err != nil {
			t.Fatal(err)
		}
		if xss {
			t.Errorf("%s: the hostile quote ran or made an element", p)
		}
		body, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		if err != nil {
			t.Fatal(err)
		}
		if p == "/report" {
			// the report frame loads and shows the case, escaped
			var title string
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && title == ""; time.Sleep(100 * time.Millisecond) {
				title, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`(function(){var f=document.querySelector("iframe.report");var d=f&&f.contentDocument;return d&&d.body?d.body.innerText:""})()`))
			}
			if !strings.Contains(title, "Fire at the harbor warehouse") {
				t.Errorf("the report frame shows %.200q", title)
			}
		}
		if dir := os.Getenv("CRUX_SCREENSHOTS"); dir != "" && (p == "/sources/S1" || p == "/report") {
			png, _ := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			os.WriteFile(dir+"/xss"+strings.ReplaceAll(p, "/", "-")+".png", png, 0o644)
		}
		if p == "/sources/S1" || p == "/disagreement" || p == "" {
			if !strings.Contains(body, hostile[0]) && !strings.Contains(body, hostile[1]) {
				t.Errorf("%s: the hostile quote is not shown as text:\n%s", p, body)
			}
		}
	}
	// in the matrix, rate the hostile row: the refreshed scores panel is
	// inserted from the server's fragment and must not run anything either
	if err := chromedp.Do(ctx, chromedp.Navigate(base), chromedp.WaitVisible(chromedp.CSS(`#matrix`)),
		chromedp.Focus(chromedp.CSS(`button.cell[data-e="E1"][data-h="H2"]`)), chromedp.KeyEvent("4"),
		chromedp.Poll[chromedp.Void](`document.getElementById("status").textContent.startsWith("saved")`, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Sleep(300*time.Millisecond),
	); err != nil {
		t.Fatalf("rate in the hostile case: %v", err)
	}
	if xss, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__xss !== undefined || document.querySelectorAll("img").length > 0`)); xss {
		t.Error("the scores refresh ran the hostile quote")
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("JavaScript problems: %q", p)
	}
}

// TestBrowserActors merges two actors of the example case with the
// actors page's form in Chromium, then splits them apart again.
func TestBrowserActors(t *testing.T) {
	ctx, problems := browser(t)
	e := newEnv(t, Options{})
	c := exampleCase(t, e)
	signInBrowser(t, ctx, e.ts.URL, "alice")
	keep, drop := c.Actors[0], c.Actors[1]
	rows := `document.querySelectorAll("table.actors tbody tr").length`
	if err := chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/cases/"+c.ID+"/actors"), chromedp.WaitVisible(chromedp.CSS(`form.merge`))); err != nil {
		t.Fatalf("open the actors page: %v", err)
	}
	before, err := chromedp.Run(ctx, chromedp.Evaluate[int](rows))
	if err != nil {
		t.Fatal(err)
	}
	if before != len(c.Actors) {
		t.Errorf("%d actor rows for %d actors", before, len(c.Actors))
	}
	if dir := os.Getenv("CRUX_SCREENSHOTS"); dir != "" {
		png, _ := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		os.WriteFile(dir+"/actors.png", png, 0o644)
	}
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`form.merge select[name="keep"]`), keep.ID),
		chromedp.SetValue(chromedp.CSS(`form.merge select[name="drop"]`), drop.ID),
		chromedp.Submit(chromedp.CSS(`form.merge`)),
		chromedp.WaitVisible(chromedp.CSS(`p.flash`)),
	)
	if err != nil {
		t.Fatalf("merge by form: %v", err)
	}
	if got := text(t, ctx, "p.flash"); got != "Merged "+drop.ID+" into "+keep.ID+"." {
		t.Fatalf("after merging: %q", got)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](rows)); n != before-1 {
		t.Errorf("%d actor rows after a merge, want %d", n, before-1)
	}
	// split the last of the kept actor's names off again with its row's
	// form (the merge made the dropped actor's names its aliases)
	form := `#actor-` + keep.ID + ` form.split`
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(form+` label:last-of-type input[name="alias"]`)),
		chromedp.Submit(chromedp.CSS(form)),
	)
	if err != nil {
		t.Fatalf("split by form: %v", err)
	}
	// (the page is reloading: read its flash until the new one is there)
	var got string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && !strings.HasPrefix(got, "Split "); time.Sleep(100 * time.Millisecond) {
		got, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector("p.flash")||{}).textContent||""`))
	}
	if !strings.HasPrefix(got, "Split ") {
		t.Fatalf("after splitting: %q", got)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](rows)); n != before {
		t.Errorf("%d actor rows after the split, want %d", n, before)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("JavaScript problems: %q", p)
	}
}

// TestBrowserDemo is the first run of `crux serve` as a visitor sees it:
// no account, the example case readable, nothing editable.
func TestBrowserDemo(t *testing.T) {
	ctx, problems := browser(t)
	e := newEnv(t, Options{})
	bg := context.Background()
	c := examples.KremlinDrone()
	if _, err := e.st.CreateCase(bg, c, store.System); err != nil {
		t.Fatal(err)
	}
	if err := e.st.Grant(bg, c.ID, store.Everyone, store.Viewer, store.System); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/"),
		chromedp.Click(chromedp.CSS(`a[href="/cases/`+c.ID+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#matrix`)))
	if err != nil {
		t.Fatalf("a visitor opens the example case: %v", err)
	}
	n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#matrix button.cell").length`))
	disabled, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#matrix button.cell:disabled").length`))
	if n != len(c.Evidence)*len(c.Hypotheses) || disabled != n {
		t.Errorf("%d cells, %d disabled; want %d, all disabled", n, disabled, len(c.Evidence)*len(c.Hypotheses))
	}
	if got := text(t, ctx, "#score-table tbody"); got == "" {
		t.Error("no scores shown to the visitor")
	}
	// the harbor test case was not shared with everyone: not listed
	if err := chromedp.Do(ctx, chromedp.Navigate(e.ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`main`))); err != nil {
		t.Fatal(err)
	}
	if list := text(t, ctx, "main"); strings.Contains(list, "harbor") || strings.Contains(list, "Fire at the harbor") {
		t.Errorf("a private case is listed to a visitor: %q", list)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("JavaScript problems: %q", p)
	}
}
