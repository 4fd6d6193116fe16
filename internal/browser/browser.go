// Package browser launches Debian's Chromium with unpacked extensions loaded
// and drives it with chromedp, for tests that need a real browser: the
// fixture sites of package sites are reached under their real host names
// over HTTPS, content scripts' isolated worlds can be evaluated in, the
// extension's service worker can be stopped, console output of pages,
// content scripts and (opt-in) the service worker is collected, and the
// extension's chrome.storage.local can be read.
//
// Chromium is started with its own flag list, not chromedp's defaults (they
// contain --disable-extensions), a fresh profile from os.MkdirTemp, headless
// ("new") unless Options.Headed and $DISPLAY, --no-sandbox (tests run as
// root), --ignore-certificate-errors and --host-resolver-rules for the
// fixture hosts.
//
// A test, in short:
//
//	srv, _ := sites.Start()
//	defer srv.Close()
//	b, err := browser.Launch(ctx, browser.Options{ExtensionDirs: []string{dir}, Sites: srv, Lang: "zh-CN"})
//	defer b.Close()
//	tab, cancel := b.NewTab() // Runtime is on before the first navigation
//	defer cancel()
//	chromedp.Run(tab, chromedp.Navigate(srv.URL("mail.qq.com", "/cgi-bin/frame_html")))
//	var n int
//	b.EvalInContentScript(tab, "https://mail.qq.com/cgi-bin/other_mailbox", `document.querySelectorAll('mailkey-hint').length`, &n)
//	b.StopWorkers(tab)
//	strings.Contains(b.ConsoleText(), sentinel)
//
// Tabs opened by a page or by the extension itself are not tracked; open
// every tab with NewTab. Same-origin iframes share their tab's session
// (classic QQ Mail's mainFrame does); cross-origin iframes, which Chromium
// runs out of process, are not reached by EvalInContentScript.
package browser

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"mailkey/internal/sites"
)

// ChromiumPath is the browser the tests use (Debian's chromium package).
const ChromiumPath = "/usr/bin/chromium"

// ErrNoChromium is returned by Launch when ChromiumPath does not exist.
var ErrNoChromium = errors.New("browser: " + ChromiumPath + " not found (apt-get install chromium)")

// Available reports whether Chromium is installed; tests skip without it.
func Available() bool {
	st, err := os.Stat(ChromiumPath)
	return err == nil && !st.IsDir()
}

// LocaleInstalled reports whether Chromium has the UI locale lang (for
// example "zh-CN"). Debian's chromium ships only en-US; the others come with
// the chromium-l10n package. Without it --lang still sets navigator.language
// and Accept-Language, but chrome.i18n.getUILanguage() and
// chrome.i18n.getMessage stay en-US.
func LocaleInstalled(lang string) bool {
	_, err := os.Stat(filepath.Join(filepath.Dir(ChromiumPath), "..", "lib", "chromium", "locales", lang+".pak"))
	return err == nil
}

// Options configure Launch.
type Options struct {
	// ExtensionDirs are unpacked extensions to load (may be empty).
	ExtensionDirs []string
	// Sites, when not nil, has its hosts mapped to it with
	// --host-resolver-rules.
	Sites *sites.Server
	// Headed opens a visible window; only honoured when $DISPLAY is set.
	// Otherwise the browser runs with --headless=new.
	Headed bool
	// Lang sets --lang and --accept-lang, e.g. "en-US" or "zh-CN".
	// Default "en-US".
	Lang string
	// ExtraFlags are added as given, e.g. "--window-size=800,600".
	ExtraFlags []string
	// StartTimeout bounds the wait for the browser and for the extensions'
	// service workers. Default 15 s.
	StartTimeout time.Duration
}

// Browser is a running Chromium.
type Browser struct {
	opt     Options
	profile string
	output  *tailBuffer

	allocCtx    context.Context
	allocCancel context.CancelFunc
	ctx         context.Context // the browser's first tab; parent of every tab
	cancel      context.CancelFunc

	exts []extension // in ExtensionDirs order

	mu       sync.Mutex
	console  []ConsoleMessage
	pending  int // console argument expansions in flight
	workers  map[target.ID]bool
	watching bool

	closeOnce sync.Once
}

type extension struct {
	dir       string // absolute, symlinks resolved: what Chromium hashes
	id        string
	name      string
	hasWorker bool
}

// Launch starts Chromium. The browser lives until Close or until ctx is done.
// When extensions are given, Launch waits until the service worker of each
// extension that declares one is running, so ExtensionID is known.
func Launch(ctx context.Context, opt Options) (*Browser, error) {
	if !Available() {
		return nil, ErrNoChromium
	}
	if opt.Lang == "" {
		opt.Lang = "en-US"
	}
	if opt.StartTimeout <= 0 {
		opt.StartTimeout = 15 * time.Second
	}
	b := &Browser{opt: opt, output: &tailBuffer{max: 16 << 10}, workers: map[target.ID]bool{}}
	for _, dir := range opt.ExtensionDirs {
		e, err := readExtension(dir)
		if err != nil {
			return nil, err
		}
		b.exts = append(b.exts, e)
	}

	profile, err := os.MkdirTemp("", "mailkey-chromium-")
	if err != nil {
		return nil, err
	}
	b.profile = profile

	b.allocCtx, b.allocCancel = chromedp.NewExecAllocator(ctx, b.allocatorOptions()...)
	b.ctx, b.cancel = chromedp.NewContext(b.allocCtx)

	// The first Run allocates the browser, whose life is then bound to the
	// context given to that Run: it must be b.ctx itself, not one with a
	// timeout (the exec allocator's WSURLReadTimeout bounds the start).
	if err := chromedp.Run(b.ctx); err != nil {
		b.Close()
		return nil, fmt.Errorf("browser: start chromium: %w\n%s", err, b.output.String())
	}
	startCtx, cancel := context.WithTimeout(b.ctx, opt.StartTimeout)
	defer cancel()
	if err := b.waitForWorkers(startCtx); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

func (b *Browser) allocatorOptions() []chromedp.ExecAllocatorOption {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(ChromiumPath),
		chromedp.UserDataDir(b.profile),
		chromedp.CombinedOutput(b.output),
		chromedp.WSURLReadTimeout(b.opt.StartTimeout),
	}
	flag := func(name string, value any) {
		opts = append(opts, chromedp.Flag(name, value))
	}
	if b.opt.Headed && os.Getenv("DISPLAY") != "" {
		flag("window-size", "1280,900")
	} else {
		flag("headless", "new")
		flag("window-size", "1280,900")
		flag("hide-scrollbars", true)
		flag("mute-audio", true)
	}
	for _, f := range []string{
		"no-sandbox", // tests run as root
		"disable-gpu",
		"disable-quic",
		"no-first-run",
		"no-default-browser-check",
		"disable-background-networking",
		"disable-component-update",
		"disable-sync",
		"disable-default-apps",
		"disable-domain-reliability",
		"disable-client-side-phishing-detection",
		"disable-breakpad",
		"disable-dev-shm-usage",
		"disable-hang-monitor",
		"disable-popup-blocking",
		"disable-prompt-on-repost",
		"disable-search-engine-choice-screen",
		"disable-background-timer-throttling",
		"disable-backgrounding-occluded-windows",
		"disable-renderer-backgrounding",
		"metrics-recording-only",
		"no-pings",
		"safebrowsing-disable-auto-update",
		"use-mock-keychain",
		"ignore-certificate-errors",
	} {
		flag(f, true)
	}
	flag("password-store", "basic")
	// DisableLoadExtensionCommandLineSwitch is how branded Chrome (137+)
	// turns --load-extension off; keep it off should the feature reach
	// Chromium's defaults.
	flag("disable-features", "Translate,MediaRouter,OptimizationHints,AutofillServerCommunication,"+
		"CertificateTransparencyComponentUpdater,DialMediaRouteProvider,DisableLoadExtensionCommandLineSwitch")
	flag("lang", b.opt.Lang)
	flag("accept-lang", acceptLanguages(b.opt.Lang))
	if len(b.exts) > 0 {
		dirs := make([]string, len(b.exts))
		for i, e := range b.exts {
			dirs[i] = e.dir
		}
		flag("load-extension", strings.Join(dirs, ","))
		flag("disable-extensions-except", strings.Join(dirs, ","))
	}
	if b.opt.Sites != nil {
		flag("host-resolver-rules", b.opt.Sites.ResolverRules(nil))
	}
	for _, f := range b.opt.ExtraFlags {
		name, value, hasValue := strings.Cut(strings.TrimLeft(f, "-"), "=")
		if hasValue {
			flag(name, value)
		} else {
			flag(name, true)
		}
	}
	// On Linux the UI locale also follows LANGUAGE; keep the environment's
	// from contradicting --lang. (Only installed locales take effect: see
	// LocaleInstalled.)
	opts = append(opts, chromedp.Env("LANGUAGE="+strings.ReplaceAll(b.opt.Lang, "-", "_")))
	return opts
}

// acceptLanguages turns "zh-CN" into "zh-CN,zh" and "en-US" into "en-US,en".
func acceptLanguages(lang string) string {
	base, _, found := strings.Cut(lang, "-")
	if !found {
		return lang
	}
	return lang + "," + base
}

// waitForWorkers waits until every extension that declares a service worker
// has one running, and corrects a computed ID that Chromium did not use.
func (b *Browser) waitForWorkers(ctx context.Context) error {
	want := 0
	for _, e := range b.exts {
		if e.hasWorker {
			want++
		}
	}
	if want == 0 {
		return nil
	}
	var seen []string
	for {
		infos, err := chromedp.Targets(ctx)
		if err == nil {
			seen = seen[:0]
			for _, t := range infos {
				if t.Type == "service_worker" && strings.HasPrefix(t.URL, "chrome-extension://") {
					seen = append(seen, t.URL)
				}
			}
			found := 0
			for _, e := range b.exts {
				if e.hasWorker && hasPrefixAny(seen, "chrome-extension://"+e.id+"/") {
					found++
				}
			}
			if found == want {
				return nil
			}
			// Only one extension with a worker and one unknown worker:
			// Chromium computed the ID differently (a path it normalised).
			if want == 1 && len(seen) == 1 && found == 0 {
				id := strings.TrimPrefix(seen[0], "chrome-extension://")
				id, _, _ = strings.Cut(id, "/")
				for i := range b.exts {
					if b.exts[i].hasWorker {
						b.exts[i].id = id
					}
				}
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("browser: extension service worker did not start (workers seen: %v): %w\n%s",
				seen, ctx.Err(), b.output.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func hasPrefixAny(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// readExtension reads an unpacked extension's manifest and computes the ID
// Chromium gives it: from the manifest's "key" when present, else from its
// absolute path.
func readExtension(dir string) (extension, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return extension{}, err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	raw, err := os.ReadFile(filepath.Join(abs, "manifest.json"))
	if err != nil {
		return extension{}, fmt.Errorf("browser: extension %s: %w", dir, err)
	}
	var m struct {
		Name       string `json:"name"`
		Key        string `json:"key"`
		Background struct {
			ServiceWorker string `json:"service_worker"`
		} `json:"background"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return extension{}, fmt.Errorf("browser: extension %s: manifest.json: %w", dir, err)
	}
	e := extension{dir: abs, name: m.Name, hasWorker: m.Background.ServiceWorker != ""}
	if m.Key != "" {
		key, err := base64.StdEncoding.DecodeString(m.Key)
		if err != nil {
			return extension{}, fmt.Errorf("browser: extension %s: manifest key: %w", dir, err)
		}
		e.id = extensionID(key)
	} else {
		e.id = extensionID([]byte(abs))
	}
	return e, nil
}

// extensionID is Chromium's crx_file::id_util::GenerateId: the first 16
// bytes of SHA-256, in hex, with digits 0-f mapped to letters a-p.
func extensionID(input []byte) string {
	sum := sha256.Sum256(input)
	h := []byte(hex.EncodeToString(sum[:16]))
	for i, c := range h {
		if c >= 'a' {
			h[i] = c - 'a' + 10 + 'a'
		} else {
			h[i] = c - '0' + 'a'
		}
	}
	return string(h)
}

// ExtensionID returns the ID of the first extension in Options.ExtensionDirs
// ("" when none was given).
func (b *Browser) ExtensionID() string {
	if len(b.exts) == 0 {
		return ""
	}
	return b.exts[0].id
}

// ExtensionIDFor returns the ID of the extension loaded from dir.
func (b *Browser) ExtensionIDFor(dir string) string {
	e, err := readExtension(dir)
	if err != nil {
		return ""
	}
	for _, x := range b.exts {
		if x.dir == e.dir {
			return x.id
		}
	}
	return ""
}

// ExtensionURL returns chrome-extension://ID/path for the first extension.
func (b *Browser) ExtensionURL(path string) string {
	return "chrome-extension://" + b.ExtensionID() + "/" + strings.TrimPrefix(path, "/")
}

// ProfileDir is the temporary user data directory; Close removes it.
func (b *Browser) ProfileDir() string {
	return b.profile
}

// Context returns the browser-level chromedp context (its first tab).
func (b *Browser) Context() context.Context {
	return b.ctx
}

// StopWorkers stops every service worker, the extension's included, as
// Chrome does after 30 s idle. tab is a context from NewTab. The next
// message to the extension starts the worker again.
func (b *Browser) StopWorkers(tab context.Context) error {
	return chromedp.Run(tab, serviceworker.Enable(), serviceworker.StopAllWorkers())
}

// StopWorkersWait stops every service worker and waits until the
// extension's has no target any more: stopping is asynchronous, and a
// message already on its way can start the worker again, so it asks again
// until the worker is gone or limit passes.
func (b *Browser) StopWorkersWait(tab context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		if err := b.StopWorkers(tab); err != nil {
			return err
		}
		for asked := time.Now(); time.Since(asked) < 500*time.Millisecond; time.Sleep(20 * time.Millisecond) {
			running, err := b.WorkerRunning()
			if err != nil {
				return err
			}
			if !running {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the extension's service worker still runs %v after being stopped", limit)
		}
	}
}

// AttachWorker attaches to the extension's running service worker, to
// evaluate in it; cancel detaches (which lets the browser stop it).
func (b *Browser) AttachWorker() (context.Context, context.CancelFunc, error) {
	t, err := b.workerTarget()
	if err != nil {
		return nil, nil, err
	}
	if t == nil {
		return nil, nil, errors.New("no service worker of the extension")
	}
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithTargetID(t.TargetID))
	return ctx, cancel, nil
}

// WorkerRunning reports whether the first extension's service worker is
// running (has a target).
func (b *Browser) WorkerRunning() (bool, error) {
	t, err := b.workerTarget()
	return t != nil, err
}

// workerTarget is the first extension's service worker, or nil when it is
// not running.
func (b *Browser) workerTarget() (*target.Info, error) {
	infos, err := chromedp.Targets(b.ctx)
	if err != nil {
		return nil, err
	}
	prefix := "chrome-extension://" + b.ExtensionID() + "/"
	for _, t := range infos {
		if t.Type == "service_worker" && strings.HasPrefix(t.URL, prefix) {
			return t, nil
		}
	}
	return nil, nil
}

// Close closes the browser, waits for the process to exit and removes the
// profile directory, retrying while Chromium's children still write to it.
// It is safe to call more than once.
func (b *Browser) Close() {
	b.closeOnce.Do(func() {
		if b.ctx != nil {
			done := make(chan struct{})
			go func() {
				chromedp.Cancel(b.ctx) // graceful: Browser.close
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
			}
			b.cancel()
		}
		if b.allocCancel != nil {
			b.allocCancel() // kills if still running, waits for exit
		}
		if b.profile != "" {
			removeAllRetry(b.profile, 5*time.Second)
		}
	})
}

func removeAllRetry(dir string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		err := os.RemoveAll(dir)
		if err == nil {
			if _, statErr := os.Stat(dir); os.IsNotExist(statErr) {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// tailBuffer keeps the last max bytes written: Chromium's output, for errors.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = append([]byte(nil), t.buf[len(t.buf)-t.max:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
