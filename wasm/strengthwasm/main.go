//go:build js && wasm

// Command strengthwasm is strength.wasm: the passphrase estimator
// (wasm/strength) for the options page, a binary of its own so that the
// popup and checklist (ui.wasm) do not carry zxcvbn. It defines
// globalThis.mailkeyStrength(passphrase) -> {bits, level, min, strong} and
// then waits; the passphrase is only read, never kept.
package main

import (
	"syscall/js"

	"mailkey/wasm/strength"
)

func main() {
	js.Global().Set("mailkeyStrength", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeString {
			return js.Null()
		}
		bits, level := strength.Strength(args[0].String())
		return map[string]any{"bits": bits, "level": int(level), "min": strength.MinBits, "strong": strength.StrongBits}
	}))
	select {}
}
