package report

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The browser test opens the report of each example in headless Chromium and
// checks what a reader sees: the page loads without a console error and without
// any network request, the tables sort, the filter narrows the rows, every
// inline SVG has a non-empty bounding box, the page fits a phone's width, and no
// script runs that the report did not write. It takes a screenshot at desktop
// and phone widths, kept in $CASCADE_SCREENSHOTS when that is set.
//
// Chromium is Debian's chromium package (apt-get install chromium), or the
// binary named by $CASCADE_CHROMIUM; without one the test is skipped, saying so.

// chromium returns the path of the browser, or "".
func chromium() string {
	if p := os.Getenv("CASCADE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// pageEvents collects what a page reports that the test fails on.
type pageEvents struct {
	mu       sync.Mutex
	page     string // the report's own URL, the one request allowed
	problems []string
}

func (pe *pageEvents) add(format string, args ...any) {
	pe.mu.Lock()
	pe.problems = append(pe.problems, fmt.Sprintf(format, args...))
	pe.mu.Unlock()
}

func (pe *pageEvents) listen(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			pe.add("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		pe.add("exception: %s (%d:%d)", ev.ExceptionDetails.Text, ev.ExceptionDetails.LineNumber, ev.ExceptionDetails.ColumnNumber)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
			pe.add("log %s (%s): %s %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
		}
	case *network.EventRequestWillBeSent:
		if ev.Request.URL != pe.page {
			pe.add("network request: %s", ev.Request.URL)
		}
	case *page.EventJavascriptDialogOpening:
		pe.add("dialog opened: %s", ev.Message)
	}
}

func (pe *pageEvents) take() []string {
	pe.mu.Lock()
	defer pe.mu.Unlock()
	p := pe.problems
	pe.problems = nil
	return p
}

func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIP: the browser test does not run with -short")
	}
	exe := chromium()
	if exe == "" {
		t.Skip("SKIP: no Chromium found (install Debian's chromium package, or set CASCADE_CHROMIUM): the report was not checked in a browser")
	}
	shots := os.Getenv("CASCADE_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("mute-audio", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
	}
	// A guard against a browser that hangs, not a measure: nothing is timed.
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	actx, cancel := chromedp.NewExecAllocator(ctx, opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	for _, ex := range examples {
		t.Run(ex.name, func(t *testing.T) {
			file := filepath.Join(dir, ex.name+".html")
			if err := os.WriteFile(file, write(t, input(t, ex)), 0o644); err != nil {
				t.Fatal(err)
			}
			tctx, cancel := chromedp.NewContext(bctx)
			defer cancel()
			pe := &pageEvents{page: "file://" + file}
			if err := chromedp.Listen(tctx, pe.listen); err != nil {
				t.Fatal(err)
			}
			checkPage(t, tctx, pe, ex, shots)
		})
	}
}

// checkPage runs the checks on one report.
func checkPage(t *testing.T, ctx context.Context, pe *pageEvents, ex example, shots string) {
	run := func(what string, a chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, a); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(what, js string, v any) {
		t.Helper()
		out, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](js))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if err := jsonUnmarshal(out, v); err != nil {
			t.Fatalf("%s: %v (%s)", what, err, out)
		}
	}
	run("desktop viewport", chromedp.EmulateViewport(1280, 900))
	run("load", chromedp.Navigate(pe.page))
	run("wait", chromedp.WaitVisible(chromedp.ID("failures")))

	// Every inline SVG is drawn with a non-empty box, and holds something.
	var hasMap bool // the model has a located asset (else the map section says so)
	eval("map", `document.querySelector("#map svg") !== null || !document.querySelector("#map p.note")`, &hasMap)
	var boxes []struct {
		ID     string  `json:"id"`
		W      float64 `json:"w"`
		H      float64 `json:"h"`
		BW, BH float64
	}
	eval("svg boxes", `JSON.stringify(Array.from(document.querySelectorAll("body svg")).filter(s => !s.parentElement.closest("svg")).map(s => {
		const r = s.getBoundingClientRect(), b = s.getBBox();
		return {id: (s.closest("section") || {}).id || "", w: r.width, h: r.height, BW: b.width, BH: b.height};
	}))`, &boxes)
	wantSVG := 4 // timeline, impact, plot, map
	if !hasMap {
		wantSVG--
	}
	if ex.trials > 0 {
		wantSVG++
	}
	if len(boxes) != wantSVG {
		t.Errorf("%d inline SVGs, want %d: %+v", len(boxes), wantSVG, boxes)
	}
	for _, b := range boxes {
		if b.W <= 0 || b.H <= 0 || b.BW <= 0 || b.BH <= 0 {
			t.Errorf("SVG in section %q has an empty box: %+v", b.ID, b)
		}
	}

	// Sorting: by time (numbers) both ways, by asset name (text).
	var total int
	eval("rows", `JSON.stringify(document.querySelectorAll("#failure-table tbody tr").length)`, &total)
	if total == 0 {
		t.Fatal("no failure rows")
	}
	sortCol := func(col int) []string {
		var keys []string
		eval("sort", fmt.Sprintf(`(() => {
			const t = document.getElementById("failure-table");
			t.tHead.rows[0].cells[%d].querySelector("button").click();
			return JSON.stringify(Array.from(t.tBodies[0].rows).map(r => { const c = r.cells[%d]; return c.hasAttribute("data-sort") ? c.getAttribute("data-sort") : c.textContent.trim().toLowerCase(); }));
		})()`, col, col), &keys)
		return keys
	}
	// The columns by their heading: with restoration, Restored and Down follow Time.
	column := func(heading string) int {
		var i int
		eval("column "+heading, fmt.Sprintf(`JSON.stringify(Array.from(document.getElementById("failure-table").tHead.rows[0].cells).findIndex(c => c.textContent.trim() === %q))`, heading), &i)
		return i
	}
	assetCol := column("Asset")
	if assetCol < 1 {
		t.Fatalf("failure table: Asset is column %d", assetCol)
	}
	num := func(keys []string) []float64 {
		out := make([]float64, len(keys))
		for i, k := range keys {
			fmt.Sscan(k, &out[i])
		}
		return out
	}
	if k := num(sortCol(0)); !slices.IsSorted(k) {
		t.Errorf("time ascending: %v", k)
	}
	if k := num(sortCol(0)); !slices.IsSortedFunc(k, func(a, b float64) int { return -cmpFloat(a, b) }) {
		t.Errorf("time descending: %v", k)
	}
	if k := sortCol(assetCol); !slices.IsSorted(k) {
		t.Errorf("asset ascending: %q", k)
	}
	if k := sortCol(assetCol); !slices.IsSortedFunc(k, func(a, b string) int { return strings.Compare(b, a) }) {
		t.Errorf("asset descending: %q", k)
	}
	if c := column("Restored"); c > 0 {
		if k := num(sortCol(c)); !slices.IsSorted(k) {
			t.Errorf("restored ascending: %v", k)
		}
	}

	// Filtering: typing the first row's asset name, then choosing a sector.
	var first struct{ Asset, Sector string }
	eval("first row", `(() => { const r = document.querySelector("#failure-table tbody tr");
		return JSON.stringify({Asset: r.cells[`+fmt.Sprint(assetCol)+`].querySelector("code").textContent, Sector: r.getAttribute("data-sector")}); })()`, &first)
	visible := func() (n int, sectors []string) {
		var v struct {
			N       int
			Sectors []string
			Count   string
		}
		eval("visible", `JSON.stringify({N: Array.from(document.querySelectorAll("#failure-table tbody tr")).filter(r => !r.hidden && r.offsetParent !== null).length,
			Sectors: Array.from(document.querySelectorAll("#failure-table tbody tr")).filter(r => !r.hidden).map(r => r.getAttribute("data-sector")),
			Count: document.getElementById("failure-count").textContent})`, &v)
		if !strings.HasPrefix(v.Count, fmt.Sprint(v.N)+" of ") {
			t.Errorf("count says %q with %d rows shown", v.Count, v.N)
		}
		return v.N, v.Sectors
	}
	run("type filter", chromedp.SendKeys(chromedp.ID("failure-filter"), first.Asset))
	if n, _ := visible(); n < 1 || (total > 3 && n >= total) {
		t.Errorf("filter %q shows %d of %d rows", first.Asset, n, total)
	}
	eval("choose sector", fmt.Sprintf(`(() => {
		const f = document.getElementById("failure-filter"), s = document.getElementById("failure-sector");
		f.value = ""; f.dispatchEvent(new Event("input"));
		s.value = %q; s.dispatchEvent(new Event("change"));
		return JSON.stringify(s.value); })()`, first.Sector), new(string))
	n, sectors := visible()
	if n < 1 || n > total {
		t.Errorf("sector %q shows %d of %d rows", first.Sector, n, total)
	}
	for _, s := range sectors {
		if s != first.Sector {
			t.Errorf("sector filter %q shows a row of %q", first.Sector, s)
			break
		}
	}
	eval("reset sector", `(() => { const s = document.getElementById("failure-sector"); s.value = ""; s.dispatchEvent(new Event("change")); return "1"; })()`, new(int))

	// A causal chain opens on demand.
	var chain int
	eval("chain", `(() => { const d = document.querySelector("#failure-table details"); d.open = true; return JSON.stringify(d.querySelectorAll("li").length); })()`, &chain)
	if chain < 1 {
		t.Errorf("the first causal chain has %d steps", chain)
	}

	// Nothing ran that the report did not write.
	var safety struct {
		Pwned   bool
		Scripts int
		Bad     int
		Text    string
	}
	eval("safety", `JSON.stringify({Pwned: window.__pwned !== undefined, Scripts: document.scripts.length,
		Bad: document.querySelectorAll("img, iframe, object, embed, link, style ~ style, [onload], [onerror], [onclick], svg script, svg foreignObject, a[href^='javascript'], [href^='javascript']").length,
		Text: document.body.textContent})`, &safety)
	if safety.Pwned || safety.Scripts != 1 || safety.Bad != 0 {
		t.Errorf("page safety: pwned %v, %d scripts, %d forbidden elements", safety.Pwned, safety.Scripts, safety.Bad)
	}
	if ex.hostile {
		for _, l := range []string{"</script><script>window.__pwned=1</script>", "javascript:window.__pwned=1", `<img src=x onerror="window.__pwned=1">`, "&lt;script&gt;"} {
			if !strings.Contains(safety.Text, l) {
				t.Errorf("hostile label %q does not show as text", l)
			}
		}
	}

	shot := func(name string, width int) {
		t.Helper()
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		img, err := png.Decode(bytes.NewReader(buf))
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		if w := img.Bounds().Dx(); w < width-20 { // less a scroll bar
			t.Errorf("%s screenshot %d px wide, want %d", name, w, width)
		}
		if err := os.WriteFile(filepath.Join(shots, ex.name+"-"+name+".png"), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	shot("desktop", 1280)

	// On a phone the page fits the width: only tables and figures scroll sideways.
	run("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	run("reload", chromedp.Reload())
	run("wait", chromedp.WaitVisible(chromedp.ID("failures")))
	var fit struct{ Scroll, Inner int }
	eval("fit", `JSON.stringify({Scroll: document.documentElement.scrollWidth, Inner: window.innerWidth})`, &fit)
	if fit.Scroll > fit.Inner+1 {
		t.Errorf("on a phone the page is %d px wide in a %d px window", fit.Scroll, fit.Inner)
	}
	shot("phone", 390)

	for _, p := range pe.take() {
		t.Error(p)
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func jsonUnmarshal(b []byte, v any) error {
	// Evaluate returns the JSON of the value: here a JSON string holding JSON.
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return json.Unmarshal(b, v)
	}
	return json.Unmarshal([]byte(s), v)
}
