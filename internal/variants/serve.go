package variants

import (
	_ "embed"
	"strings"
)

var (
	//go:embed runtime.js
	runtimeJS []byte
	//go:embed runtime.css
	runtimeCSS []byte
)

// Serve answers a request for path on host: the variant pages, the frame
// pages they load, and their script and style. ok is false for a path that
// is not a variant's.
func Serve(host, path string) (body []byte, contentType string, ok bool) {
	switch path {
	case "/_mkv/runtime.js":
		return runtimeJS, "text/javascript; charset=utf-8", true
	case "/_mkv/runtime.css":
		return runtimeCSS, "text/css; charset=utf-8", true
	}
	inner := strings.HasPrefix(path, "/_mkv/inner/")
	v, err := Parse(host, strings.Replace(path, "/_mkv/inner/", "/_mkv/", 1))
	if err != nil {
		return nil, "", false
	}
	return v.Page(inner), "text/html; charset=utf-8", true
}
