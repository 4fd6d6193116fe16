package classify

import (
	"slices"
	"strings"

	"mailkey/wasm/kb"
	"mailkey/wasm/snapshot"
)

// providerPageKind tells whether the page is where its provider makes app
// passwords (generator) or lists them to revoke, or neither (""). Providers
// move these pages (Yahoo's went from /account/ to /myaccount/), so the
// knowledge base's path is one signal among several: what the page shows
// (its title, headings, buttons or field labels name app passwords), and
// the sensor's word that this very address was found so before (it sends
// no headings since). A record that covers a whole host (no path) is not
// enough alone on a webmail: its every page would be one. Help sites never
// are.
func providerPageKind(k *kb.KB, s *snapshot.Snapshot, f Finding) kb.PageKind {
	if isHelpHost(f.Page, f.Site) {
		return ""
	}
	info := f.PageInfo
	known := info != nil && (info.Kind == kb.GeneratorPage || info.Kind == kb.RevokePage)
	// A record for a path, or for the whole of an account host (not a
	// webmail, whose every page it would cover).
	specific := known && (len(info.Path) > 1 || info.Fragment != "" || slices.Contains(f.Page.Account, f.Site))
	if !specific && !s.Quiet && !aboutAppPasswords(s) {
		return ""
	}
	if known {
		return info.Kind
	}
	var kind kb.PageKind
	for _, pg := range k.PagesOn(f.Site) {
		switch pg.Kind {
		case kb.GeneratorPage:
			return kb.GeneratorPage
		case kb.RevokePage:
			kind = kb.RevokePage
		}
	}
	if kind != "" {
		return kind
	}
	for _, b := range s.Buttons {
		if hasAny(strings.ToLower(b.Text), createWords) {
			return kb.GeneratorPage
		}
	}
	return kb.RevokePage
}

// aboutAppPasswords reports whether the page's title, headings, buttons or
// field labels name app passwords or authorization codes.
func aboutAppPasswords(s *snapshot.Snapshot) bool {
	texts := append([]string{s.Title}, s.Heads...)
	for _, b := range s.Buttons {
		texts = append(texts, b.Text)
	}
	for _, fl := range s.Fields {
		texts = append(texts, fl.Label)
	}
	for _, t := range texts {
		if hasAny(strings.ToLower(t), appPasswordWords) {
			return true
		}
	}
	return false
}

// appPasswordWords name app passwords and authorization codes, as the
// providers' own pages do (lower case).
var appPasswordWords = []string{"app password", "app-password", "app-specific password", "application-specific password",
	"application specific password", "application password", "应用专用密码", "应用密码", "授权码", "客户端专用密码", "授权密码",
	"應用程式密碼", "應用程式專用密碼", "授權碼", "пароль приложени", "пароли приложени", "паролей приложени",
	"пароль для внешн", "пароли для внешн", "anwendungsspezifische", "anwendungsspezifisches", "app-passwort",
	"애플리케이션 비밀번호", "앱 비밀번호", "アプリ パスワード", "アプリパスワード", "app 用パスワード", "app用パスワード"}
