package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"mailkey/internal/sites"
)

// row is one line of the table. A row with a budget is judged: ratio rows
// against the floor (the same machine at its best), size and memory rows in
// absolute terms; times alone are reported, not judged.
type row struct {
	what, value, floor, ratio, budget string
	missed                            bool
}

func (r row) verdict() string {
	switch {
	case r.budget == "":
		return ""
	case r.missed:
		return "MISSED"
	}
	return "within"
}

// benchOptions are mailkey bench's flags.
type benchOptions struct {
	runs, memRuns, popupRuns, syncRuns, sensorRuns int
	check, popupOnly, hintOnly                     bool
}

func defineBench(fs *flag.FlagSet) func() error {
	var o benchOptions
	fs.IntVar(&o.runs, "runs", 25, "timed runs per latency figure")
	fs.IntVar(&o.memRuns, "memruns", 5, "browser launches per memory figure")
	fs.IntVar(&o.popupRuns, "popupruns", 10, "runs per popup figure")
	fs.IntVar(&o.syncRuns, "syncruns", 10, "sync rounds timed per ledger size")
	fs.IntVar(&o.sensorRuns, "sensorruns", 3, "browser launches per sensor figure (busy page, hostile DOMs)")
	fs.BoolVar(&o.check, "check", false, "exit with status 1 when a budget is missed")
	fs.BoolVar(&o.popupOnly, "popup", false, "measure only the popup and the sizes (no hint, sync or memory rows)")
	fs.BoolVar(&o.hintOnly, "hint", false, "measure only the hint and the sizes (no popup, sync or memory rows)")
	return func() error { return bench(o) }
}

func bench(o benchOptions) error {
	loadBefore := loadAverage()
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
	if err := writeFloor(dir, floor); err != nil {
		return err
	}

	var rows []row
	if !o.popupOnly {
		mk, err := hintLatency(dir, srv, o.runs, true)
		if err != nil {
			return err
		}
		fl, err := hintLatency(floor, srv, o.runs, false)
		if err != nil {
			return err
		}
		rows = hintRows(mk, fl)
	}

	sizeRows, err := sizeRows(r.WasmPath, r.UIWasmPath, r.ChromeZip)
	if err != nil {
		return err
	}
	rows = append(rows, sizeRows...)

	if !o.hintOnly {
		if err := writeGoFloor(dir, floor); err != nil {
			return err
		}
		pf, err := popupLatency(dir, floor, srv, o.popupRuns)
		if err != nil {
			return err
		}
		popup, err := popupRows(pf)
		if err != nil {
			return err
		}
		rows = append(rows, popup...)
	}
	if !o.popupOnly && !o.hintOnly {
		sr, err := syncRows(dir, o.syncRuns)
		if err != nil {
			return err
		}
		rows = append(rows, sr...)

		dr, err := decoderRows(dir, o.popupRuns)
		if err != nil {
			return err
		}
		rows = append(rows, dr...)

		sf, err := sensorBench(dir, srv, o.sensorRuns)
		if err != nil {
			return err
		}
		rows = append(rows, sensorRows(sf)...)

		withExt, without, heapExt, heapNone, err := memory(dir, srv, o.memRuns)
		if err != nil {
			return err
		}
		delta := median(withExt) - median(without)
		rows = append(rows,
			row{what: "renderer memory added by the sensor and hint (private, median of " + strconv.Itoa(o.memRuns) + ")",
				value: fmt.Sprintf("%.2f MiB (%.1f vs %.1f)", delta/1024, median(withExt)/1024, median(without)/1024), budget: "<= 2 MiB", missed: delta > 2048},
			row{what: "JS heap in use added (the content script's world included)", value: fmt.Sprintf("%.2f MiB", (median(heapExt)-median(heapNone))/1024/1024)},
		)
	}

	fmt.Printf("\nMailkey benchmark, %s, on %s; load average (1 min) %s before, %s after.\n",
		time.Now().Format("2006-01-02"), machine(), loadBefore, loadAverage())
	fmt.Printf("%d runs per hint figure, %d per popup figure (medians unless p90 is named); times in ms from the page's clock;\n"+
		"ratios are Mailkey's time over its floor's, measured in the same run.\n\n", o.runs, o.popupRuns)
	fmt.Println("| measure | Mailkey | floor | ratio | budget | |")
	fmt.Println("|---|---|---|---|---|---|")
	var missed []string
	for _, r := range rows {
		fmt.Printf("| %s | %s | %s | %s | %s | %s |\n", r.what, r.value, r.floor, r.ratio, r.budget, r.verdict())
		if r.missed {
			missed = append(missed, r.what)
		}
	}
	if o.check && len(missed) > 0 {
		return fmt.Errorf("budget missed: %s", strings.Join(missed, "; "))
	}
	return nil
}

// hintRows compares Mailkey's hint with its floor's: warm and cold, and a
// form inserted 1 s after the page loaded with the worker stopped.
func hintRows(mk, fl hintTimes) []row {
	w, c, l := pct(mk.warm), pct(mk.cold), pct(mk.late)
	fw, fc := pct(fl.warm), pct(fl.cold)
	rows := []row{
		ratioRow("hint drawn after the form appears, worker running (p50 / p90)", w, fw, 2),
		ratioRow("hint drawn, worker stopped just before (p50 / p90)", c, fc, 2.5),
		ratioRow("hint drawn, worker stopped, form inserted 1 s after the page loaded (p50 / p90; floor: warm)", l, fw, 2),
	}
	// The floor's own first hint in a page loaded a second before: what a
	// fresh page costs without Go (its scripts run for the first time).
	if fl := pct(fl.late); fl[0] > 0 {
		rows = append(rows, row{what: "the floor's hint, its worker stopped, form inserted 1 s after the page loaded (p50 / p90)",
			floor: ms(fl[0]) + " / " + ms(fl[1]), ratio: fmt.Sprintf("%.2fx its warm", fl[0]/fw[0])})
	}
	for _, figure := range []string{"warm hint", "form 1 s after load"} {
		for _, p := range warmParts {
			if v := mk.parts[figure+", part: "+p.what]; len(v) > 0 {
				rows = append(rows, row{what: figure + ", part: " + p.what, value: ms(median(v))})
			}
		}
		if v := mk.parts[workerAnswerPart]; figure == "warm hint" && len(v) > 0 {
			rows = append(rows, row{what: workerAnswerPart, value: ms(median(v))})
		}
	}
	for _, p := range startParts {
		if v := mk.parts[p.what]; len(v) > 0 {
			rows = append(rows, row{what: "cold start, part: " + p.what, value: ms(median(v))})
		}
	}
	return rows
}

// ratioRow is a p50 / p90 pair against the floor's, judged on the p50s.
func ratioRow(what string, v, floor [2]float64, limit float64) row {
	ratio := v[0] / floor[0]
	return row{what: what, value: ms(v[0]) + " / " + ms(v[1]), floor: ms(floor[0]) + " / " + ms(floor[1]),
		ratio: fmt.Sprintf("%.2fx", ratio), budget: fmt.Sprintf("<= %gx", limit), missed: ratio > limit}
}

func sizeRows(worker, ui, chromeZip string) ([]row, error) {
	raw, gz, err := sizes(worker)
	if err != nil {
		return nil, err
	}
	uraw, ugz, err := sizes(ui)
	if err != nil {
		return nil, err
	}
	zst, err := os.Stat(chromeZip)
	if err != nil {
		return nil, err
	}
	return []row{
		{what: "worker.wasm (service worker) raw", value: kb(raw), budget: "<= 3.5 MB", missed: raw > 3_500_000},
		{what: "worker.wasm, gzip -9", value: kb(gz), budget: "<= 900 KB", missed: gz > 900_000},
		{what: "ui.wasm (popup and pages) raw / gzip -9", value: kb(uraw) + " / " + kb(ugz)},
		{what: "Chrome zip", value: kb(zst.Size())},
	}, nil
}

func popupRows(pf popupFigures) ([]row, error) {
	var rows []row
	for _, n := range popupSizes {
		o := pf.open[n]
		what := fmt.Sprintf("popup open to interactive, %s entries", group(int64(n)))
		if len(o.static) > 0 {
			ratio := median(o.ready) / median(o.static)
			rows = append(rows, row{what: what + " (floor: a static copy of the page)", value: ms(median(o.ready)), floor: ms(median(o.static)),
				ratio: fmt.Sprintf("%.2fx", ratio), budget: "<= 1.5x", missed: ratio > 1.5})
		} else {
			rows = append(rows, row{what: what, value: ms(median(o.ready))})
		}
		if len(o.goFloor) > 0 {
			ratio := median(o.goFloor) / median(o.static)
			rows = append(rows, row{what: "  the same page with an empty Go program for ui.wasm (Go started, one element drawn; floor: the static copy)",
				value: ms(median(o.goFloor)), floor: ms(median(o.static)), ratio: fmt.Sprintf("%.2fx", ratio)})
		}
		rows = append(rows, row{what: fmt.Sprintf("popup open to ledger drawn, %s entries", group(int64(n))), value: ms(median(o.list))})
	}
	rows = append(rows, popupPartRows(pf.open[popupSizes[0]])...)
	native, err := nativeFilter(10_000)
	if err != nil {
		return nil, err
	}
	f := median(pf.filter10k)
	rows = append(rows,
		row{what: "one filter keystroke at 10,000 entries, drawn (p50 / p90; floor: the same filter in native Go, not drawn)",
			value: ms(f) + " / " + ms(pct(pf.filter10k)[1]), floor: ms(native), ratio: fmt.Sprintf("%.1fx", f/native), budget: "<= 16 ms (a frame)", missed: f > 16},
		row{what: "export of 10,000 entries, JSON", value: ms(median(pf.export10k))},
		row{what: "import preview of that file, 10,000 entries", value: ms(median(pf.preview10k))},
	)
	return rows, nil
}

// machine names the CPU and its cores.
func machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	return fmt.Sprintf("%d cores, %s", runtime.NumCPU(), model)
}

// loadAverage is the 1, 5 and 15 minute load averages.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " / ")
	}
	return "unknown"
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
	if len(v) == 0 {
		return [2]float64{}
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	at := func(p float64) float64 { return s[int(p*float64(len(s)-1)+0.5)] }
	return [2]float64{at(0.5), at(0.9)}
}

func median(v []float64) float64 { return pct(v)[0] }

// sizes is a file's size raw and compressed by gzip -9, as a person would
// measure it.
func sizes(path string) (raw, gz int64, err error) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, 0, err
	}
	out, err := exec.Command("gzip", "-9", "-c", path).Output()
	if err != nil {
		return 0, 0, fmt.Errorf("gzip -9 %s: %w", path, err)
	}
	return st.Size(), int64(len(out)), nil
}
