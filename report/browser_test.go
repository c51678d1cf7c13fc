package report

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/cruxlab/crux/internal/testenv"
)

// browserEvents collects what a page did that a self-contained report must
// never do.
type browserEvents struct {
	mu       sync.Mutex
	requests []string // every network request after the page itself
	errors   []string // console errors, exceptions, error log entries
	dialogs  []string // alert/confirm/prompt: a script ran
}

func (ev *browserEvents) add(list *[]string, s string) {
	ev.mu.Lock()
	*list = append(*list, s)
	ev.mu.Unlock()
}

// renderInChromium loads page (a report) from a file in Chromium, takes a
// full-page screenshot and a PDF print into dir, and returns what happened.
func renderInChromium(t *testing.T, pageHTML []byte, dir string) (*browserEvents, map[string]int64) {
	t.Helper()
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, pageHTML, 0o644); err != nil {
		t.Fatal(err)
	}
	pageURL := "file://" + file
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	actx, acancel := chromedp.NewExecAllocator(ctx, testenv.ChromiumOptions(t, filepath.Join(dir, "profile"), 1200, 900)...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()

	// Open the tab first so that the listener sees every event of the load.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	ev := &browserEvents{}
	dialogs := make(chan string, 16)
	err := chromedp.Listen(bctx, func(e any) {
		switch e := e.(type) {
		case *network.EventRequestWillBeSent:
			if e.Request.URL != pageURL {
				ev.add(&ev.requests, e.Request.URL)
			}
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				ev.add(&ev.errors, "console: "+strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			ev.add(&ev.errors, "exception: "+e.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			if e.Entry.Level == log.EntryLevelError {
				ev.add(&ev.errors, "log: "+e.Entry.Text+" "+e.Entry.URL)
			}
		case *page.EventJavascriptDialogOpening:
			ev.add(&ev.dialogs, e.Message)
			select {
			case dialogs <- e.Message:
			default:
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	go func() { // a dialog blocks the page: dismiss it (outside the listener)
		for range dialogs {
			chromedp.Call(bctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	defer close(dialogs)
	for _, enable := range []func() error{
		func() error { _, err := chromedp.Call(bctx, network.Enable, network.EnableParams{}); return err },
		func() error { _, err := chromedp.Call(bctx, log.Enable, cdp.Empty{}); return err },
		func() error { _, err := chromedp.Call(bctx, runtime.Enable, cdp.Empty{}); return err },
	} {
		if err := enable(); err != nil {
			t.Fatalf("chromium: %v", err)
		}
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(pageURL), chromedp.WaitReady("footer")); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	title, err := chromedp.Run(bctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	svgs, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll("svg").length`))
	if err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	printBackground := true
	res, err := chromedp.Call(bctx, page.PrintToPDF, page.PrintToPDFParams{PrintBackground: &printBackground})
	if err != nil {
		t.Fatalf("print: %v", err)
	}
	pdf := res.Data
	if !strings.HasPrefix(title, "What we know so far") {
		t.Errorf("page title %q", title)
	}
	if err := os.WriteFile(filepath.Join(dir, "report.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "report.pdf"), pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 800 || b.Dy() < 1500 {
		t.Errorf("screenshot is %v: the report did not render at full length", b)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Error("printing to PDF failed")
	}
	return ev, map[string]int64{"svg": int64(svgs), "png": int64(len(shot)), "pdf": int64(len(pdf))}
}

func TestHTMLInChromium(t *testing.T) {
	cases := testCases(t)
	cases["hostile"] = hostileCase(t)
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := HTML(&buf, c, nil, Options{}); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if d := os.Getenv("CRUX_REPORT_SHOTS"); d != "" {
				dir = d // keep the screenshots to look at
				os.MkdirAll(filepath.Join(dir, name), 0o755)
				dir = filepath.Join(dir, name)
			}
			ev, sizes := renderInChromium(t, buf.Bytes(), dir)
			t.Logf("%s: %d SVG charts rendered, screenshot %d bytes, PDF %d bytes (in %s)", name, sizes["svg"], sizes["png"], sizes["pdf"], dir)
			if sizes["svg"] != 3 {
				t.Errorf("%d charts in the page, want 3", sizes["svg"])
			}
			if len(ev.requests) > 0 {
				t.Errorf("the report made %d network request(s): %v", len(ev.requests), ev.requests)
			}
			if len(ev.errors) > 0 {
				t.Errorf("console errors: %v", ev.errors)
			}
			if len(ev.dialogs) > 0 {
				t.Errorf("a script ran and opened a dialog: %v", ev.dialogs)
			}
		})
	}
}

// TestChromiumCatchesRequests shows the test can fail: a page that loads an
// image and runs a script is caught.
func TestChromiumCatchesRequests(t *testing.T) {
	bad := []byte(`<!DOCTYPE html><html><head><title>What we know so far: bad</title></head><body>` +
		strings.Repeat("<p>filler</p>", 200) + `<img src="http://127.0.0.1:9/x.png"><script>console.error("boom")</script><footer>x</footer><svg></svg><svg></svg><svg></svg></body></html>`)
	ev, _ := renderInChromium(t, bad, t.TempDir())
	if len(ev.requests) == 0 {
		t.Error("the image request was not seen")
	}
	if len(ev.errors) == 0 {
		t.Error("the console error was not seen")
	}
}
