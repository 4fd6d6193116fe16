package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"mailkey/internal/browser"
	"mailkey/internal/sites"
)

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
