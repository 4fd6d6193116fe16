package main

import (
	"flag"
	"fmt"
	"os"

	"mailkey/internal/build"
)

// root is the repository root: the commands run from it.
func root() (string, error) {
	if _, err := os.Stat("manifest.json"); err != nil {
		return "", fmt.Errorf("run from the repository root (no manifest.json here)")
	}
	return os.Getwd()
}

func buildExtension() (build.Result, error) {
	dir, err := root()
	if err != nil {
		return build.Result{}, err
	}
	return build.Build(dir)
}

func defineBuild(fs *flag.FlagSet) func() error {
	sizes := fs.Bool("sizes", false, "also say what ui.wasm's and worker.wasm's bytes are, by Go package (compiles each once more)")
	return func() error { return runBuild(*sizes) }
}

func runBuild(sizes bool) error {
	r, err := buildExtension()
	if err != nil {
		return err
	}
	fmt.Printf("built %s (%d bytes)\n%s\n%s\n", r.WasmPath, r.WasmBytes, r.ChromeZip, r.FirefoxZip)
	if r.ManifestNew {
		fmt.Println("manifest.json: content script matches updated from the knowledge base")
	}
	if r.KBNew {
		fmt.Println("wasm/kb/compiled.go: written anew from the knowledge base's JSON")
	}
	if !sizes {
		return nil
	}
	dir, _ := root()
	for _, pkg := range []string{"./wasm/ui", "./wasm/worker"} {
		report, err := build.SizeReport(dir, pkg, 15)
		if err != nil {
			return err
		}
		fmt.Print("\n" + report)
	}
	return nil
}
