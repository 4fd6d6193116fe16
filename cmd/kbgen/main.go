// Command kbgen writes wasm/kb/compiled.go, the knowledge base as Go values
// for the browser binaries, from wasm/kb/providers/*.json. Run it from the
// repository root (`go generate ./wasm/kb` does); `mailkey build` runs it too.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"mailkey/internal/kbgen"
)

func main() {
	root, err := repoRoot()
	if err == nil {
		var wrote bool
		if wrote, err = kbgen.Write(root); err == nil && wrote {
			fmt.Println("wrote", kbgen.File)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "kbgen:", err)
		os.Exit(1)
	}
}

// repoRoot is the nearest directory up from here that holds go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	for err == nil {
		if _, statErr := os.Stat(filepath.Join(dir, "go.mod")); statErr == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
	return "", err
}
