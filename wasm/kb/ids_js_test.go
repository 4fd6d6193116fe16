//go:build js && wasm

package kb

// ProviderIDs for the tests in the browser build, where providers.go (and
// its embedded JSON) is left out.
var ProviderIDs = func() []string {
	ids := make([]string, len(compiled))
	for i, p := range compiled {
		ids[i] = p.ID
	}
	return ids
}()
