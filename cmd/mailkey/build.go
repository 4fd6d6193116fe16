package main

import (
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

func cmdBuild() error {
	r, err := buildExtension()
	if err != nil {
		return err
	}
	fmt.Printf("built %s (%d bytes)\n%s\n%s\n", r.WasmPath, r.WasmBytes, r.ChromeZip, r.FirefoxZip)
	if r.ManifestNew {
		fmt.Println("manifest.json: content script matches updated from the knowledge base")
	}
	return nil
}
