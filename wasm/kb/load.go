//go:build !(js && wasm)

package kb

import "errors"

// Load reads and checks the embedded knowledge base, providers/<id>.json for
// every id in ProviderIDs (see providers.go).
func Load() (*KB, error) {
	var ps []*Provider
	for _, f := range providerFiles {
		id, name := f.id, "providers/"+f.id+".json"
		p, err := decodeProvider([]byte(f.data))
		if err != nil {
			return nil, errors.New(name + ": " + err.Error())
		}
		if p.ID != id {
			return nil, errors.New(name + ": id " + p.ID + " does not match the file name")
		}
		ps = append(ps, p)
	}
	return New(ps)
}
