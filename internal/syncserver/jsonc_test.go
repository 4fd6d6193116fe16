package syncserver

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestStripJSONC(t *testing.T) {
	in := `// top
{
  "a": "chrome-extension://x", // trailing
  /* block */ "b": [1, 2,],
  "c": "quote \" // not a comment",
}`
	var m map[string]any
	if err := json.Unmarshal(StripJSONC([]byte(in)), &m); err != nil {
		t.Fatalf("%v: %s", err, StripJSONC([]byte(in)))
	}
	if m["a"] != "chrome-extension://x" || m["c"] != `quote " // not a comment` || len(m["b"].([]any)) != 2 {
		t.Fatalf("%v", m)
	}
}

// The Worker's real config parses, and names what the harness relies on.
func TestWranglerConfig(t *testing.T) {
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(root, "cmd", "syncworker", "wrangler.jsonc"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Main     string `json:"main"`
		Triggers struct {
			Crons []string `json:"crons"`
		} `json:"triggers"`
		D1 []struct {
			Binding       string `json:"binding"`
			MigrationsDir string `json:"migrations_dir"`
		} `json:"d1_databases"`
		Vars map[string]string `json:"vars"`
	}
	if err := json.Unmarshal(StripJSONC(src), &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Main != "./build/worker.mjs" || len(cfg.Triggers.Crons) != 1 || cfg.Triggers.Crons[0] != CronExpr ||
		len(cfg.D1) != 1 || cfg.D1[0].Binding != "DB" {
		t.Fatalf("%+v", cfg)
	}
	if _, err := os.Stat(filepath.Join(root, "cmd", "syncworker", cfg.D1[0].MigrationsDir, "0001_init.sql")); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"MAX_VAULT_BYTES", "RATE_VAULT_PER_MIN", "RATE_IP_PER_MIN", "EXPIRE_DAYS", "ALLOWED_ORIGINS"} {
		if _, ok := cfg.Vars[v]; !ok {
			t.Errorf("var %s missing", v)
		}
	}
}
