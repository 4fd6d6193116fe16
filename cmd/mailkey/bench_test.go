package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mailkey"
)

func TestRatioRowJudgesTheRatio(t *testing.T) {
	within := ratioRow("warm", [2]float64{19, 30}, [2]float64{10, 12}, 2)
	missed := ratioRow("warm", [2]float64{21, 30}, [2]float64{10, 12}, 2)
	if within.missed || within.ratio != "1.90x" || within.verdict() != "within" {
		t.Errorf("19 ms over a 10 ms floor at <= 2x: %+v", within)
	}
	if !missed.missed || missed.verdict() != "MISSED" {
		t.Errorf("21 ms over a 10 ms floor at <= 2x: %+v", missed)
	}
	if (row{what: "reported only", value: "5 ms"}).verdict() != "" {
		t.Error("a row without a budget is judged")
	}
}

func TestFloorExtension(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := writeFloor(repo, dir); err != nil {
		t.Fatal(err)
	}
	var m struct {
		Background struct {
			ServiceWorker string `json:"service_worker"`
		}
		ContentScripts []struct{ JS []string } `json:"content_scripts"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil || json.Unmarshal(b, &m) != nil {
		t.Fatalf("manifest: %v %s", err, b)
	}
	// hint.js runs after what the extension runs before it (wire.js's limits).
	var real struct {
		ContentScripts []struct{ JS []string } `json:"content_scripts"`
	}
	if err := json.Unmarshal(mailkey.Manifest, &real); err != nil {
		t.Fatal(err)
	}
	for _, f := range real.ContentScripts[0].JS {
		if f == "extension/hint.js" {
			break
		}
		if !slices.Contains(m.ContentScripts[0].JS, filepath.Base(f)) {
			t.Errorf("the floor runs hint.js without %s", f)
		}
	}
	files := append([]string{m.Background.ServiceWorker, "pages.css", "static.js"}, m.ContentScripts[0].JS...)
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("the floor lacks %s: %v", f, err)
		}
	}
}

func TestStaticPopup(t *testing.T) {
	html := `<html><head><link rel="stylesheet" href="pages.css"><script src="ui.js"></script></head><body><main>ledger</main><script>x()</script></body></html>`
	got := staticPopup(html)
	if strings.Contains(got, "ui.js") || strings.Contains(got, "x()") || !strings.Contains(got, `<script src="static.js" defer></script></head>`) ||
		!strings.Contains(got, "<main>ledger</main>") || !strings.HasPrefix(got, "<!DOCTYPE html>") {
		t.Errorf("static copy:\n%s", got)
	}
}

// The decoder row times the pastes issue 11 names, at their sizes.
func TestDecoderInputs(t *testing.T) {
	sizes := map[string]int{}
	for _, in := range decoderInputs() {
		sizes[in.name] = len(in.text)
	}
	if sizes["100 B refusal"] != 100 || sizes["8 KB log"] != 8<<10 || sizes["1 MB log (read to 8 KB)"] != 1<<20 {
		t.Errorf("sizes %v", sizes)
	}
	if len(sizes) != 5 {
		t.Errorf("%d pastes, want 5", len(sizes))
	}
}
