package browser

import (
	"encoding/json"
	"os"
	"path/filepath"
)

// CopyGranting copies the extension at root (manifest.json, _locales and
// extension/, built) to dir, its manifest granting hosts at install.
// Chromium offers no automation hook for the prompt chrome.permissions.request
// shows; with the origin granted already, the request resolves at once, as it
// does after a person clicks "Allow". Tests and the benchmark use it for the
// local sync server; the extension itself is unchanged.
func CopyGranting(root, dir string, hosts []string) error {
	for _, sub := range []string{"_locales", "extension"} {
		if err := os.CopyFS(filepath.Join(dir, sub), os.DirFS(filepath.Join(root, sub))); err != nil {
			return err
		}
	}
	data, err := os.ReadFile(filepath.Join(root, "manifest.json"))
	if err != nil {
		return err
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	list := make([]any, len(hosts))
	for i, h := range hosts {
		list[i] = h
	}
	m["host_permissions"] = list
	if data, err = json.Marshal(m); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "manifest.json"), data, 0o644)
}
