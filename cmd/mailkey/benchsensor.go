package main

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"

	"mailkey/internal/browser"
	"mailkey/internal/sites"
)

// The sensor's cost on hostile ground, measured as the tab's script time
// (CDP Performance.getMetrics ScriptDuration: the page's and the content
// scripts' JavaScript) with Mailkey, less the same without any extension.
const (
	busyPage = "https://mail.qq.com/_bench/busy" // a mailbox list that changes 100 times a second for 10 s
	hugePage = "https://mail.qq.com/_bench/huge" // 100,000 nodes, 1,000 blank frames, shadow roots 50 deep
)

// benchPages makes the two pages.
func benchPages(host, path string) ([]byte, string, bool) {
	const head = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>收件箱</title></head><body>`
	switch path {
	case "/_bench/busy":
		return []byte(head + `<ul id="list"></ul><script>
const list = document.getElementById('list'); let n = 0;
const t = setInterval(() => {
  const li = document.createElement('li'); li.textContent = '邮件 ' + (++n) + ' 新消息'; list.prepend(li);
  if (list.children.length > 50) list.lastChild.remove();
  if (n >= 1000) { clearInterval(t); document.title = 'done'; }
}, 10);
</script></body></html>`), "text/html; charset=utf-8", true
	case "/_bench/huge":
		return []byte(head + `<div id="big"></div><script>
const big = document.getElementById('big');
let html = '';
for (let i = 0; i < 10000; i++) html += '<div class="r"><span>行 ' + i + '</span><b>x</b><i>y</i><em>z</em><u>w</u><s>v</s><small>u</small><sub>t</sub><sup>s</sup></div>';
big.innerHTML = html;
for (let i = 0; i < 1000; i++) { const f = document.createElement('iframe'); f.style.display = 'none'; document.body.append(f); f.contentDocument.body.innerHTML = '<p>空</p>'; }
let host = document.body;
for (let i = 0; i < 50; i++) { const el = document.createElement('mk-deep'); host.append(el); host = el.attachShadow({mode: 'open'}); }
host.innerHTML = '<h2>添加其他邮箱</h2><label>邮箱地址 <input type="text"></label><label>密码 <input type="password"></label>';
document.title = 'done';
</script></body></html>`), "text/html; charset=utf-8", true
	}
	return nil, "", false
}

// sensorCost is the script time a page costs with the extension in dir and
// without any extension: the busy page over its 10 s, and on the huge page
// one change after it settled (what one scan of it costs).
type sensorCost struct {
	busyWith, busyWithout, hugeWith, hugeWithout []float64
}

func sensorBench(dir string, srv *sites.Server, runs int) (sensorCost, error) {
	var c sensorCost
	for i := 0; i < runs; i++ {
		for _, exts := range [][]string{{dir}, nil} {
			busy, huge, err := scriptTimes(exts, srv)
			if err != nil {
				return c, err
			}
			if exts != nil {
				c.busyWith, c.hugeWith = append(c.busyWith, busy), append(c.hugeWith, huge)
			} else {
				c.busyWithout, c.hugeWithout = append(c.busyWithout, busy), append(c.hugeWithout, huge)
			}
		}
	}
	return c, nil
}

func scriptTimes(exts []string, srv *sites.Server) (busy, huge float64, err error) {
	b, err := browser.Launch(context.Background(), browser.Options{ExtensionDirs: exts, Sites: srv, Lang: "zh-CN"})
	if err != nil {
		return 0, 0, err
	}
	defer b.Close()
	tab, cancel := b.NewTab()
	defer cancel()
	ctx, cancelT := context.WithTimeout(tab, 2*time.Minute)
	defer cancelT()
	if err := chromedp.Run(ctx, performance.Enable()); err != nil {
		return 0, 0, err
	}
	script := func() (float64, error) {
		var v float64
		err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
			ms, err := performance.GetMetrics().Do(ctx)
			for _, m := range ms {
				if m.Name == "ScriptDuration" {
					v = m.Value * 1000
				}
			}
			return err
		}))
		return v, err
	}
	waitTitle := func() error {
		return chromedp.Run(ctx, chromedp.Poll(`document.title === 'done'`, nil, chromedp.WithPollingTimeout(time.Minute)))
	}
	if err := chromedp.Run(ctx, chromedp.Navigate(busyPage)); err != nil {
		return 0, 0, err
	}
	start, err := script()
	if err != nil {
		return 0, 0, err
	}
	if err := waitTitle(); err != nil {
		return 0, 0, err
	}
	time.Sleep(500 * time.Millisecond) // the last scan
	end, err := script()
	if err != nil {
		return 0, 0, err
	}
	busy = end - start
	if err := chromedp.Run(ctx, chromedp.Navigate(hugePage)); err != nil {
		return 0, 0, err
	}
	if err := waitTitle(); err != nil {
		return 0, 0, err
	}
	time.Sleep(2 * time.Second) // settled: first scans done
	if start, err = script(); err != nil {
		return 0, 0, err
	}
	// One change the sensor looks at (a class on the body), then one scan.
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.body.className = 'x'`, nil)); err != nil {
		return 0, 0, err
	}
	time.Sleep(1500 * time.Millisecond)
	if end, err = script(); err != nil {
		return 0, 0, err
	}
	return busy, end - start, nil
}

func sensorRows(c sensorCost) []row {
	busy := median(c.busyWith) - median(c.busyWithout)
	huge := median(c.hugeWith) - median(c.hugeWithout)
	return []row{
		{what: "sensor on a busy page (a list changed 100 times a second for 10 s): script time added",
			value: fmt.Sprintf("%s (%.1f%% of the 10 s)", ms(busy), busy/100), floor: ms(median(c.busyWithout)) + " (the page alone)"},
		{what: "sensor, one scan of a huge page (100,000 nodes, 1,000 blank frames, shadow roots 50 deep)",
			value: ms(huge), floor: ms(median(c.hugeWithout)) + " (the page alone)"},
	}
}
