// Package variants generates the same forms in many shapes, to prove that
// Mailkey recognises a form by what it is and not by how one page happens
// to be built: a collector of another mailbox (address, password, often a
// server field) and, as negatives, a webmail's own sign-in, a change of its
// own password, a search box and a separate-password (独立密码) setting.
//
// A Variant is one cell of the matrix: the label's shape and language, where
// the form sits (top page, iframe, blank frame written by script, srcdoc,
// open shadow roots) and when it shows (at load, late, after a route change,
// hidden then shown, re-rendered). It is served at a path under /_mkv/ on
// any fixture host (see Serve); the page's script (runtime.js) places it.
package variants

import (
	"errors"
	"fmt"
	"html"
	"slices"
	"strings"
)

// The dimensions of the matrix.
var (
	Kinds   = []string{"collector", "signin", "changepw", "search", "separatepw"}
	Labels  = []string{"for", "wrap", "aria", "labelledby", "dl", "table", "sibling", "wrapped", "placeholder", "none"}
	Langs   = []string{"zh", "en", "ko", "ru", "de"}
	Places  = []string{"top", "iframe", "blank", "srcdoc", "shadow", "shadow2"}
	Timings = []string{"load", "t300", "t2000", "t10000", "hash", "history", "display", "hidden", "visibility", "class", "rerender"}
	Inserts = []string{"inner", "dialog", "replace"}
)

// Host is a webmail that collects other mailboxes, with its own provider.
type Host struct{ Name, Provider string }

// Hosts are the webmails the variants are served on.
var Hosts = []Host{
	{"mail.qq.com", "qq"}, {"wx.mail.qq.com", "qq"}, {"mail.163.com", "netease"}, {"mail.sina.com.cn", "sina"},
	{"navigator.gmx.net", "gmx"}, {"e.mail.ru", "mailru"}, {"mail.yandex.ru", "yandex"}, {"mail.naver.com", "naver"},
	{"mail.zoho.com", "zoho"},
}

// Address is a mailbox to collect and the provider the hint must name.
type Address struct{ Addr, Provider string }

// Addresses are the mailboxes collected.
var Addresses = []Address{
	{"li.ming@gmail.com", "google"}, {"li.ming@yahoo.com", "yahoo"}, {"li.ming@icloud.com", "icloud"},
	{"10001@qq.com", "qq"}, {"li.ming@163.com", "netease"}, {"li.ming@yandex.ru", "yandex"},
	{"li.ming@mail.ru", "mailru"}, {"li.ming@gmx.de", "gmx"}, {"li.ming@naver.com", "naver"},
	{"li.ming@zoho.com", "zoho"}, {"li.ming@aol.com", "aol"}, {"li.ming@sina.com", "sina"},
}

// Variant is one cell of the matrix.
type Variant struct {
	Kind, Host, Addr, Label, Lang, Place, Timing, Insert string
	Server                                               bool // the form asks for a server
}

// Want is the provider the hint must name, or "" where no hint may show.
func (v Variant) Want() string {
	if v.Kind != "collector" {
		return ""
	}
	for _, a := range Addresses {
		if a.Addr == v.Addr {
			return a.Provider
		}
	}
	return ""
}

// Path is where the variant is served, on its host.
func (v Variant) Path() string {
	server := "noserver"
	if v.Server {
		server = "server"
	}
	return "/_mkv/" + strings.Join([]string{v.Kind, v.Label, v.Lang, v.Place, v.Timing, v.Insert, server, v.Addr}, "/")
}

// URL is the variant's address in the browser.
func (v Variant) URL() string { return "https://" + v.Host + v.Path() }

// Name is a short name for test output.
func (v Variant) Name() string {
	return strings.TrimPrefix(v.Host+v.Path(), "/_mkv/")
}

// Parse reads a variant back from its path (without the host).
func Parse(host, path string) (Variant, error) {
	parts := strings.Split(strings.TrimPrefix(path, "/_mkv/"), "/")
	if len(parts) != 8 {
		return Variant{}, errors.New("variants: bad path")
	}
	v := Variant{Kind: parts[0], Host: host, Label: parts[1], Lang: parts[2], Place: parts[3], Timing: parts[4],
		Insert: parts[5], Server: parts[6] == "server", Addr: parts[7]}
	for _, c := range []struct {
		val  string
		list []string
	}{{v.Kind, Kinds}, {v.Label, Labels}, {v.Lang, Langs}, {v.Place, Places}, {v.Timing, Timings}, {v.Insert, Inserts}} {
		if !slices.Contains(c.list, c.val) {
			return Variant{}, fmt.Errorf("variants: unknown %q", c.val)
		}
	}
	return v, nil
}

// words are the texts of the forms, by language.
var words = map[string]map[string]string{
	"zh": {"title": "添加其他邮箱", "addr": "邮箱地址", "pw": "密码", "server": "POP3服务器", "save": "确定",
		"signin": "登录", "user": "帐号", "old": "当前密码", "new": "新密码", "again": "确认新密码", "change": "修改密码",
		"search": "搜索邮件", "sep": "独立密码", "inbox": "收件箱", "loading": "加载中……"},
	"en": {"title": "Add a mail account", "addr": "Email address", "pw": "Password", "server": "POP3 server", "save": "Save",
		"signin": "Sign in", "user": "Email or phone", "old": "Current password", "new": "New password", "again": "Confirm new password",
		"change": "Change password", "search": "Search mail", "sep": "Separate password", "inbox": "Inbox", "loading": "Loading…"},
	"ko": {"title": "외부 메일 가져오기", "addr": "이메일 주소", "pw": "비밀번호", "server": "POP3 서버", "save": "저장",
		"signin": "로그인", "user": "아이디", "old": "현재 비밀번호", "new": "새 비밀번호", "again": "새 비밀번호 확인",
		"change": "비밀번호 변경", "search": "메일 검색", "sep": "2차 비밀번호", "inbox": "받은메일함", "loading": "불러오는 중…"},
	"ru": {"title": "Сбор почты с других ящиков", "addr": "Адрес почты", "pw": "Пароль", "server": "POP3-сервер", "save": "Сохранить",
		"signin": "Войти", "user": "Логин", "old": "Текущий пароль", "new": "Новый пароль", "again": "Повторите пароль",
		"change": "Сменить пароль", "search": "Поиск писем", "sep": "Отдельный пароль", "inbox": "Входящие", "loading": "Загрузка…"},
	"de": {"title": "Externe Postfächer", "addr": "E-Mail-Adresse", "pw": "Passwort", "server": "POP3-Server", "save": "Speichern",
		"signin": "Anmelden", "user": "E-Mail-Adresse", "old": "Aktuelles Passwort", "new": "Neues Passwort", "again": "Passwort wiederholen",
		"change": "Passwort ändern", "search": "E-Mails durchsuchen", "sep": "Separates Passwort", "inbox": "Posteingang", "loading": "Wird geladen…"},
}

// field is one control of a form.
type field struct{ key, typ, label string }

func (v Variant) fields() []field {
	w := words[v.Lang]
	switch v.Kind {
	case "signin":
		return []field{{"addr", "text", w["user"]}, {"pw", "password", w["pw"]}}
	case "changepw":
		return []field{{"old", "password", w["old"]}, {"new", "password", w["new"]}, {"again", "password", w["again"]}}
	case "search":
		return []field{{"addr", "search", w["search"]}}
	case "separatepw":
		return []field{{"pw", "password", w["sep"]}, {"again", "password", w["again"]}}
	}
	fs := []field{{"addr", "text", w["addr"]}, {"pw", "password", w["pw"]}}
	if v.Server {
		fs = append(fs, field{"server", "text", w["server"]})
	}
	return fs
}

func (v Variant) heading() string {
	w := words[v.Lang]
	switch v.Kind {
	case "signin":
		return w["signin"]
	case "changepw":
		return w["change"]
	case "search":
		return w["inbox"]
	case "separatepw":
		return w["sep"]
	}
	return w["title"]
}

// Form is the form's markup in the variant's label shape. Field ids and
// names are minified, as a framework's are; data-mk names each field for
// the test.
func (v Variant) Form() string {
	var b strings.Builder
	e := html.EscapeString
	// The new QQ Mail and other single-page apps draw dialogs of divs,
	// without <form>: every other shape gets one.
	div := v.Host == "wx.mail.qq.com"
	if div {
		b.WriteString(`<div class="xd_dlg" role="dialog" aria-modal="true"><div class="xd_dlg_title">` + e(v.heading()) + `</div><div class="xd_body">`)
	} else {
		b.WriteString(`<form class="f_x9" autocomplete="off"><h2 class="t_q1">` + e(v.heading()) + `</h2>`)
	}
	if v.Label == "table" {
		b.WriteString(`<table class="tb_k"><tbody>`)
	}
	if v.Label == "dl" {
		b.WriteString(`<dl class="dl_k">`)
	}
	for i, f := range v.fields() {
		id := fmt.Sprintf("i_%d_%x", i, len(f.label)*7+i)
		attrs := fmt.Sprintf(`type="%s" data-mk="%s" name="n%x" id="%s" class="in_%d"`, f.typ, f.key, i*13+5, id, i)
		label := e(f.label)
		switch v.Label {
		case "for":
			b.WriteString(`<div class="row"><label for="` + id + `">` + label + `</label><input ` + attrs + `></div>`)
		case "wrap":
			b.WriteString(`<div class="row"><label><span>` + label + `</span> <input ` + attrs + `></label></div>`)
		case "aria":
			b.WriteString(`<div class="row"><input ` + attrs + ` aria-label="` + label + `"></div>`)
		case "labelledby":
			b.WriteString(`<div class="row"><span id="l` + id + `" class="lb">` + label + `</span><div class="ctl"><input ` + attrs + ` aria-labelledby="l` + id + `"></div></div>`)
		case "dl":
			b.WriteString(`<dt>` + label + `</dt><dd><input ` + attrs + `></dd>`)
		case "table":
			b.WriteString(`<tr><td class="c_l">` + label + `</td><td class="c_r"><input ` + attrs + `></td></tr>`)
		case "sibling":
			b.WriteString(`<div class="row"><span class="lb">` + label + `</span><input ` + attrs + `></div>`)
		case "wrapped":
			b.WriteString(`<div class="row"><div class="lb_w"><div class="lb">` + label + `</div></div><div class="ctl"><div class="ctl_in"><input ` + attrs + `></div></div></div>`)
		case "placeholder":
			b.WriteString(`<div class="row"><input ` + attrs + ` placeholder="` + label + `"></div>`)
		case "none":
			b.WriteString(`<div class="row"><input ` + attrs + `></div>`)
		}
	}
	if v.Label == "table" {
		b.WriteString(`</tbody></table>`)
	}
	if v.Label == "dl" {
		b.WriteString(`</dl>`)
	}
	save := e(words[v.Lang]["save"])
	if div {
		b.WriteString(`</div><div class="xd_ft"><div class="xd_btn" role="button" tabindex="0">` + save + `</div></div></div>`)
	} else {
		b.WriteString(`<button type="button" class="b_p">` + save + `</button></form>`)
	}
	return b.String()
}

// Page is the variant's top-level page; inner is true for the page an
// iframe loads (place "iframe"), which holds the form in its own top.
func (v Variant) Page(inner bool) []byte {
	place := v.Place
	if inner {
		place = "top"
	}
	e := html.EscapeString
	w := words[v.Lang]
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="` + v.Lang + `"><head><meta charset="utf-8"><title>` + e(w["inbox"]) + `</title>`)
	b.WriteString(`<link rel="stylesheet" href="/_mkv/runtime.css"></head>`)
	src := strings.Replace(v.Path(), "/_mkv/", "/_mkv/inner/", 1)
	fmt.Fprintf(&b, `<body data-place="%s" data-timing="%s" data-insert="%s" data-frame-src="%s">`, place, v.Timing, v.Insert, e(src))
	b.WriteString(`<nav class="nv"><a href="#inbox">` + e(w["inbox"]) + `</a></nav><main id="app"><p class="ld">` + e(w["loading"]) + `</p></main>`)
	b.WriteString(`<template id="mk-form">` + v.Form() + `</template>`)
	b.WriteString(`<script src="/_mkv/runtime.js"></script></body></html>`)
	return []byte(b.String())
}
