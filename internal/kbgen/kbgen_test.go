package kbgen_test

import (
	"path/filepath"
	"testing"

	"mailkey/internal/kbgen"
)

// The committed wasm/kb/compiled.go is what the JSON says: the browser
// binaries never run on a knowledge base other than the reviewed one.
func TestCompiledIsCurrent(t *testing.T) {
	ok, err := kbgen.Current(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Fatalf("%s is out of date with wasm/kb/providers/*.json: run `go generate ./wasm/kb` (or `go run ./cmd/mailkey build`)", kbgen.File)
	}
}
