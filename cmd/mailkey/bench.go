package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"mailkey/internal/browser"
	"mailkey/internal/sites"
)

// The bench page inserts a collector form with a Gmail address typed and
// times, from the page, how long until a hint (or the floor's marker) is in
// the document: window.mkBench.insert() / .done / .reset().
const benchPage = "https://mail.qq.com/bench"

// The floor: a trivial content script that inserts a fixed element next to
// a password field as soon as one appears, with no messaging and no Go.
const floorManifest = `{"manifest_version": 3, "name": "floor", "version": "1",
 "content_scripts": [{"matches": ["https://mail.qq.com/*"], "js": ["floor.js"], "all_frames": true}]}`

const floorScript = `new MutationObserver(() => {
  const pw = document.querySelector('input[type=password]');
  if (pw && !pw.nextElementSibling?.matches('mailkey-floor')) pw.insertAdjacentElement('afterend', document.createElement('mailkey-floor'));
}).observe(document.documentElement, {subtree: true, childList: true});`

type row struct {
	what, value, budget, verdict string
}

// benchOptions are mailkey bench's flags.
type benchOptions struct {
	runs, memRuns, popupRuns, syncRuns int
	check                              bool
}

func defineBench(fs *flag.FlagSet) func() error {
	var o benchOptions
	fs.IntVar(&o.runs, "runs", 25, "timed runs per latency figure")
	fs.IntVar(&o.memRuns, "memruns", 5, "browser launches per memory figure")
	fs.IntVar(&o.popupRuns, "popupruns", 10, "runs per popup figure")
	fs.IntVar(&o.syncRuns, "syncruns", 10, "sync rounds timed per ledger size")
	fs.BoolVar(&o.check, "check", false, "exit with status 1 when a ratio budget is missed")
	return func() error { return bench(o) }
}

func bench(o benchOptions) error {
	runs, memRuns, popupRuns, syncRuns := &o.runs, &o.memRuns, &o.popupRuns, &o.syncRuns

	r, err := buildExtension()
	if err != nil {
		return err
	}
	dir, _ := root()
	srv, err := sites.Start()
	if err != nil {
		return err
	}
	defer srv.Close()
	floor, err := os.MkdirTemp("", "mailkey-floor-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(floor)
	if err := os.WriteFile(filepath.Join(floor, "manifest.json"), []byte(floorManifest), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(floor, "floor.js"), []byte(floorScript), 0o644); err != nil {
		return err
	}

	var rows []row
	warm, cold, err := hintLatency(dir, srv, *runs)
	if err != nil {
		return err
	}
	floorTimes, _, err := latency(floor, srv, *runs, false)
	if err != nil {
		return err
	}
	fw, fc, ff := pct(warm), pct(cold), pct(floorTimes)
	rows = append(rows,
		row{"hint visible after the field appears, worker running (p50 / p90)", ms(fw[0]) + " / " + ms(fw[1]), "<= 20 ms", verdict(fw[0] <= 20)},
		row{"hint visible, worker stopped first (p50 / p90)", ms(fc[0]) + " / " + ms(fc[1]), "<= 150 ms", verdict(fc[0] <= 150)},
		row{"floor: fixed element from a trivial content script (p50 / p90)", ms(ff[0]) + " / " + ms(ff[1]), "", ""},
		row{"warm p50 / floor p50", fmt.Sprintf("%.1fx", fw[0]/ff[0]), "", ""},
	)

	raw, gz, err := sizes(r.WasmPath)
	if err != nil {
		return err
	}
	zst, err := os.Stat(r.ChromeZip)
	if err != nil {
		return err
	}
	uraw, ugz, err := sizes(r.UIWasmPath)
	if err != nil {
		return err
	}
	rows = append(rows,
		row{"worker.wasm (service worker) raw", kb(raw), "<= 3.5 MB", verdict(raw <= 3_500_000)},
		row{"worker.wasm gzip -9", kb(gz), "<= 900 KB", verdict(gz <= 900_000)},
		row{"ui.wasm (popup and pages, dom/v2) raw / gzip -9", kb(uraw) + " / " + kb(ugz), "", ""},
		row{"Chrome zip", kb(zst.Size()), "", ""},
	)

	pf, err := popupLatency(dir, srv, *popupRuns)
	if err != nil {
		return err
	}
	rows = append(rows,
		row{"popup open to interactive, 1,000 entries (median)", ms(median(pf.open1k)), "<= 150 ms", verdict(median(pf.open1k) <= 150)},
		row{"popup open to ledger drawn, 1,000 entries (median)", ms(median(pf.list1k)), "", ""},
		row{"popup open to interactive / ledger drawn, 10,000 entries (median)", ms(median(pf.open10k)) + " / " + ms(median(pf.list10k)), "", ""},
		row{"one filter keystroke at 10,000 entries (median / p90)", ms(median(pf.filter10k)) + " / " + ms(pct(pf.filter10k)[1]), "<= 16 ms", verdict(median(pf.filter10k) <= 16)},
		row{"export of 10,000 entries, JSON (median)", ms(median(pf.export10k)), "", ""},
		row{"import preview of that file, 10,000 entries (median)", ms(median(pf.preview10k)), "", ""},
	)

	sr, err := syncRows(dir, *syncRuns)
	if err != nil {
		return err
	}
	rows = append(rows, sr...)

	withExt, without, heapExt, heapNone, err := memory(dir, srv, *memRuns)
	if err != nil {
		return err
	}
	delta := median(withExt) - median(without)
	rows = append(rows,
		row{"renderer memory added by the sensor and hint (private, median of " + strconv.Itoa(*memRuns) + ")",
			fmt.Sprintf("%.2f MiB (%.1f vs %.1f)", delta/1024, median(withExt)/1024, median(without)/1024), "<= 2 MiB", verdict(delta <= 2048)},
		row{"JS heap in use added (the content script's world included)", fmt.Sprintf("%.2f MiB", (median(heapExt)-median(heapNone))/1024/1024), "", ""},
	)

	fmt.Printf("\nMailkey benchmark, %s, %d runs per latency figure (medians; times in ms from the page's clock)\n\n",
		time.Now().Format("2006-01-02"), *runs)
	fmt.Println("| measure | value | budget | |")
	fmt.Println("|---|---|---|---|")
	for _, r := range rows {
		fmt.Printf("| %s | %s | %s | %s |\n", r.what, r.value, r.budget, r.verdict)
	}
	return nil
}

func verdict(ok bool) string {
	if ok {
		return "within"
	}
	return "MISSED"
}

func ms(v float64) string { return fmt.Sprintf("%.1f ms", v) }

func kb(n int64) string { return fmt.Sprintf("%s bytes (%.0f KB)", group(n), float64(n)/1000) }

func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func pct(v []float64) [2]float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	at := func(p float64) float64 { return s[int(p*float64(len(s)-1)+0.5)] }
	return [2]float64{at(0.5), at(0.9)}
}

func median(v []float64) float64 { return pct(v)[0] }

func sizes(path string) (raw, gz int64, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, err
	}
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return int64(len(b)), int64(buf.Len()), nil
}

func hintLatency(ext string, srv *sites.Server, runs int) (warm, cold []float64, err error) {
	return latency(ext, srv, runs, true)
}

// latency times insert-to-visible on the bench page; with stopFirst it also
// times runs whose service worker was stopped just before the insert.
func latency(ext string, srv *sites.Server, runs int, stopFirst bool) (warm, cold []float64, err error) {
	b, err := browser.Launch(context.Background(), browser.Options{ExtensionDirs: []string{ext}, Sites: srv, Lang: "zh-CN"})
	if err != nil {
		return nil, nil, err
	}
	defer b.Close()
	tab, cancel := b.NewTab()
	defer cancel()
	ctx, cancelT := context.WithTimeout(tab, 10*time.Minute)
	defer cancelT()
	if err := chromedp.Run(ctx, chromedp.Navigate(benchPage)); err != nil {
		return nil, nil, err
	}
	once := func() (float64, error) {
		var v float64
		err := chromedp.Run(ctx, chromedp.Evaluate(`mkBench.reset(); mkBench.insert(); mkBench.done`, &v,
			func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
		return v, err
	}
	if _, err := once(); err != nil { // warm-up: Go started, page settled
		return nil, nil, err
	}
	for i := 0; i < runs; i++ {
		time.Sleep(150 * time.Millisecond)
		v, err := once()
		if err != nil {
			return nil, nil, err
		}
		warm = append(warm, v)
	}
	if !stopFirst {
		return warm, nil, nil
	}
	for i := 0; i < runs; i++ {
		if err := chromedp.Run(ctx, chromedp.Evaluate(`mkBench.reset()`, nil)); err != nil {
			return nil, nil, err
		}
		time.Sleep(400 * time.Millisecond) // the removal's snapshot is answered
		if err := b.StopWorkersWait(ctx, 3*time.Second); err != nil {
			return nil, nil, err
		}
		v, err := once()
		if err != nil {
			return nil, nil, err
		}
		cold = append(cold, v)
	}
	return warm, cold, nil
}

// memory opens the bench page with its form in a browser with Mailkey and in
// one without any extension, and reads the renderer processes' private memory (KiB) and
// the page's JS heap (bytes) after a garbage collection.
func memory(ext string, srv *sites.Server, runs int) (withExt, without, heapExt, heapNone []float64, err error) {
	for i := 0; i < runs; i++ {
		for _, dirs := range [][]string{{ext}, nil} {
			pss, heap, err := rendererMemory(dirs, srv)
			if err != nil {
				return nil, nil, nil, nil, err
			}
			if dirs != nil {
				withExt, heapExt = append(withExt, pss), append(heapExt, heap)
			} else {
				without, heapNone = append(without, pss), append(heapNone, heap)
			}
		}
	}
	return withExt, without, heapExt, heapNone, nil
}

func rendererMemory(exts []string, srv *sites.Server) (pss, heap float64, err error) {
	b, err := browser.Launch(context.Background(), browser.Options{ExtensionDirs: exts, Sites: srv, Lang: "zh-CN"})
	if err != nil {
		return 0, 0, err
	}
	defer b.Close()
	tab, cancel := b.NewTab()
	defer cancel()
	ctx, cancelT := context.WithTimeout(tab, time.Minute)
	defer cancelT()
	if err := chromedp.Run(ctx, chromedp.Navigate(benchPage),
		chromedp.Evaluate(`mkBench.insert()`, nil)); err != nil {
		return 0, 0, err
	}
	time.Sleep(2 * time.Second) // the hint drawn, the page idle
	var used float64
	if err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		if err := runtime.RunIfWaitingForDebugger().Do(ctx); err != nil {
			return err
		}
		u, _, _, _, err := runtime.GetHeapUsage().Do(ctx)
		used = u
		return err
	})); err != nil {
		return 0, 0, err
	}
	proc := chromedp.FromContext(b.Context()).Browser.Process()
	if proc == nil {
		return 0, 0, fmt.Errorf("no browser process")
	}
	total, err := rendererPSS(proc.Pid)
	return total, used, err
}

// rendererPSS sums the private memory (KiB) of the page renderers
// (not extension processes) descended from the browser process, from /proc.
func rendererPSS(browserPID int) (float64, error) {
	procs, err := os.ReadDir("/proc")
	if err != nil {
		return 0, err
	}
	parent := map[int]int{}
	for _, p := range procs {
		pid, err := strconv.Atoi(p.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + p.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...; comm may hold spaces, so split after ')'.
		if i := bytes.LastIndexByte(stat, ')'); i > 0 {
			if f := strings.Fields(string(stat[i+1:])); len(f) > 1 {
				parent[pid], _ = strconv.Atoi(f[1])
			}
		}
	}
	descends := func(pid int) bool {
		for n := 0; pid > 1 && n < 64; n++ {
			if pid = parent[pid]; pid == browserPID {
				return true
			}
		}
		return false
	}
	var total float64
	found := 0
	for pid := range parent {
		if !descends(pid) {
			continue
		}
		cmd, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
		if err != nil {
			continue
		}
		c := string(cmd)
		if !strings.Contains(c, "--type=renderer") || strings.Contains(c, "--extension-process") {
			continue
		}
		f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/smaps_rollup")
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			// Private memory (USS): PSS would shift with how many
			// processes share the same libraries, and an extension adds some.
			if fields := strings.Fields(sc.Text()); len(fields) >= 2 && (fields[0] == "Private_Clean:" || fields[0] == "Private_Dirty:") {
				v, _ := strconv.ParseFloat(fields[1], 64)
				total += v
				found++
			}
		}
		f.Close()
	}
	if found == 0 {
		return 0, fmt.Errorf("no renderer process under browser pid %d", browserPID)
	}
	return total, nil
}
