//go:build !(js && wasm)

//go:generate go run mailkey/cmd/kbgen

package kb

import _ "embed" // the providers' files, each as a string

// Outside the browser the knowledge base is read from its JSON, the reviewed
// source; the browser binaries use the same data compiled into Go values
// (compiled.go, written by `go generate` and `mailkey build`).
//
// Each provider's file is embedded by name, as a string: an embed.FS would
// bring io/fs and its own code into the browser binary (15 KB), and listing
// the directory through io/fs far more. A test keeps this list and the
// files in providers/ equal.

//go:embed providers/aliyun.json
var aliyunJSON string

//go:embed providers/aol.json
var aolJSON string

//go:embed providers/daum.json
var daumJSON string

//go:embed providers/exmail.json
var exmailJSON string

//go:embed providers/fastmail.json
var fastmailJSON string

//go:embed providers/gmx.json
var gmxJSON string

//go:embed providers/google.json
var googleJSON string

//go:embed providers/icloud.json
var icloudJSON string

//go:embed providers/mailru.json
var mailruJSON string

//go:embed providers/microsoft.json
var microsoftJSON string

//go:embed providers/naver.json
var naverJSON string

//go:embed providers/netease.json
var neteaseJSON string

//go:embed providers/proton.json
var protonJSON string

//go:embed providers/qq.json
var qqJSON string

//go:embed providers/sina.json
var sinaJSON string

//go:embed providers/sohu.json
var sohuJSON string

//go:embed providers/yahoo.json
var yahooJSON string

//go:embed providers/yandex.json
var yandexJSON string

//go:embed providers/zoho.json
var zohoJSON string

//go:embed providers/microsoft365.json
var microsoft365JSON string

//go:embed providers/webde.json
var webdeJSON string

//go:embed providers/mailcom.json
var mailcomJSON string

//go:embed providers/ionos.json
var ionosJSON string

//go:embed providers/seznam.json
var seznamJSON string

//go:embed providers/naverworks.json
var naverworksJSON string

//go:embed providers/tonline.json
var tonlineJSON string

//go:embed providers/rambler.json
var ramblerJSON string

//go:embed providers/tuta.json
var tutaJSON string

//go:embed providers/posteo.json
var posteoJSON string

//go:embed providers/freenet.json
var freenetJSON string

//go:embed providers/hey.json
var heyJSON string

// providerFiles are the providers' files, by id.
var providerFiles = []struct{ id, data string }{
	{"hey", heyJSON},
	{"freenet", freenetJSON},
	{"posteo", posteoJSON},
	{"tuta", tutaJSON},
	{"rambler", ramblerJSON},
	{"tonline", tonlineJSON},
	{"naverworks", naverworksJSON},
	{"seznam", seznamJSON},
	{"ionos", ionosJSON},
	{"mailcom", mailcomJSON},
	{"webde", webdeJSON},
	{"microsoft365", microsoft365JSON},
	{"aliyun", aliyunJSON},
	{"aol", aolJSON},
	{"daum", daumJSON},
	{"exmail", exmailJSON},
	{"fastmail", fastmailJSON},
	{"gmx", gmxJSON},
	{"google", googleJSON},
	{"icloud", icloudJSON},
	{"mailru", mailruJSON},
	{"microsoft", microsoftJSON},
	{"naver", naverJSON},
	{"netease", neteaseJSON},
	{"proton", protonJSON},
	{"qq", qqJSON},
	{"sina", sinaJSON},
	{"sohu", sohuJSON},
	{"yahoo", yahooJSON},
	{"yandex", yandexJSON},
	{"zoho", zohoJSON},
}

// ProviderIDs lists the providers in providers/, one <id>.json file each.
var ProviderIDs = func() []string {
	ids := make([]string, len(providerFiles))
	for i, f := range providerFiles {
		ids[i] = f.id
	}
	return ids
}()
