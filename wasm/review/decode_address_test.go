package review_test

import (
	"slices"
	"testing"

	"mailkey/wasm/review"
)

// The address given with a text (the Guide's field) decides among the
// providers the text fits, or names the provider of a text any server
// sends; it never overrules what the server said.
func TestDecodeForAddress(t *testing.T) {
	k := loadKB(t)
	for _, c := range []struct {
		name, text, address string
		want                []string
		byAddress, generic  bool
	}{
		{"narrows one of these", "NO [AUTHENTICATIONFAILED] LOGIN Invalid credentials", "me@aol.com", []string{"aol"}, true, false},
		{"no address: one of these", "NO [AUTHENTICATIONFAILED] LOGIN Invalid credentials", "", []string{"aol", "yahoo"}, false, false},
		{"an address of neither", "NO [AUTHENTICATIONFAILED] LOGIN Invalid credentials", "me@gmail.com", []string{"aol", "yahoo"}, false, false},
		{"a text any server sends", "NO LOGIN failed.", "me@outlook.com", []string{"microsoft"}, true, false},
		{"an address off the knowledge base", "NO LOGIN failed.", "li.ming@acme-widgets.cn", nil, false, true},
		{"no refusal", "hello world", "me@qq.com", nil, false, false},
		{"a server the knowledge base does not know", "smtp.sendgrid.net: 535 Authentication failed", "me@qq.com", nil, false, true},
		{"the server says otherwise", "535 Login Fail. Please enter your authorization code to login.", "me@gmail.com", []string{"qq"}, false, false},
		{"NetEase or QQ: NetEase", "535 Error: authentication failed", "me@126.com", []string{"netease"}, true, false},
		{"spaces around the address", "535 Error: authentication failed", "  me@qq.com ", []string{"qq"}, true, false},
		{"an incomplete address", "535 Error: authentication failed", "me@", []string{"netease", "qq"}, false, false},
	} {
		res := review.DecodeFor(c.text, c.address, k)
		checkResult(t, k, c.text, res)
		if got := matched(res); !slices.Equal(got, c.want) || res.ByAddress != c.byAddress || res.Generic != c.generic {
			t.Errorf("%s: DecodeFor(%q, %q) = %v by address %v generic %v; want %v %v %v",
				c.name, c.text, c.address, got, res.ByAddress, res.Generic, c.want, c.byAddress, c.generic)
		}
	}
}

// Texts on a provider's page: its own refusals count anywhere, with the
// knowledge base's refusal or one standing for the decoder's meaning; a
// server's common words count next to a form when a server names the
// provider, and not when only the address typed would.
func TestPageRefusals(t *testing.T) {
	k := loadKB(t)
	ms, _ := microsoftFamily(k)
	for _, c := range []struct {
		name, text, address string
		nearForm            bool
		want                []string
		meaning             string
	}{
		{"the knowledge base's refusal, anywhere", "535 Login Fail. Please enter your authorization code to login.", "", false, []string{"qq"}, "kb_qq_ref_code"},
		{"the decoder's phrase, anywhere", "535 5.7.139 Authentication unsuccessful, basic authentication is disabled.", "", false, ms, "decode_means_oauth_only"},
		{"common words and a server, next to a form", "登录失败 imap.gmail.com", "", true, []string{"google"}, "decode_means_rejected"},
		{"common words and a server, no form", "登录失败 imap.gmail.com", "", false, nil, ""},
		{"common words and the address typed", "密码错误", "me@gmail.com", true, nil, ""},
		{"a common refusal and the address typed", "NO LOGIN failed.", "me@outlook.com", true, nil, ""},
		{"a server name alone", "imap.gmail.com:993", "", true, nil, ""},
	} {
		ms := review.PageRefusals(k, c.text, c.address, c.nearForm)
		var got []string
		for _, m := range ms {
			got = append(got, m.Provider.ID)
		}
		if !slices.Equal(got, c.want) || len(ms) > 0 && ms[0].Refusal.Meaning != c.meaning {
			t.Errorf("%s: PageRefusals(%q) = %v %+v; want %v %s", c.name, c.text, got, ms, c.want, c.meaning)
		}
	}
}
