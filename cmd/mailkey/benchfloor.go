package main

import (
	"os"
	"path/filepath"
	"regexp"

	"mailkey"
	"mailkey/internal/build"
)

// The floor: a second extension, written by the bench into a temp dir, that
// makes the same round trip as Mailkey without Go. Its content script sends
// a snapshot message of the same shape when a password field appears; its
// service worker, plain JS, answers at once with a fixed hint; the content
// script draws it with Mailkey's own hint.js (the same closed-shadow
// element). It also holds the static copies of the popup (staticPopup),
// and the popup's page with Go's least in place of ui.wasm (writeGoFloor).
const floorManifest = `{"manifest_version": 3, "name": "Mailkey floor", "version": "1", "default_locale": "en",
 "content_security_policy": {"extension_pages": "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'"},
 "background": {"service_worker": "floor-worker.js"},
 "content_scripts": [{"matches": ["https://mail.qq.com/*"], "js": ["wire.js", "hint.js", "floor.js"], "all_frames": true}]}`

const floorScript = `'use strict';
const drawn = new WeakSet();
const snapshot = (pw) => {
  const form = pw.closest('form') || document.body;
  const text = (el) => (el ? el.textContent.trim().slice(0, 200) : '');
  return {type: 'snapshot', snap: {
    v: 1, url: (location.origin + location.pathname + location.hash).slice(0, 2048), top: window === window.top,
    lang: document.documentElement.getAttribute('lang') || '', ui: navigator.language, title: document.title,
    heads: [...document.querySelectorAll('h1,h2,h3,.txt_title')].slice(0, 20).map(text),
    fields: [...form.querySelectorAll('input,select,textarea')].map((el, i) => ({
      i, tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '', id: el.id || '',
      label: text(el.labels && el.labels[0]), value: el.type === 'password' ? '' : String(el.value || '').slice(0, 200),
    })),
    texts: [...document.querySelectorAll('[role=alert],p')].slice(0, 40).map(text),
    buttons: [...form.querySelectorAll('button,input[type=submit]')].map((b) => b.value || text(b)),
  }};
};
const handlers = {add: async () => ({ok: false}), revoke: async () => ({ok: false}), dismiss() {}, close() {}};
new MutationObserver(() => {
  const pw = document.querySelector('input[type=password]');
  if (!pw || drawn.has(pw)) return;
  drawn.add(pw);
  chrome.runtime.sendMessage(snapshot(pw)).then((answer) => MailkeyHint.show(pw, answer.hint, handlers));
}).observe(document.documentElement, {subtree: true, childList: true});
`

// The floor's answer: a hint of the same parts as Mailkey's Gmail hint.
const floorWorker = `'use strict';
const hint = {
  key: 'floor', lang: 'zh-CN', region: 'Mailkey：Gmail 需要的密码', title: '这里要填 Gmail 的应用专用密码，不是登录密码',
  access: 'Gmail 不接受其他程序使用账号密码。开启两步验证后，生成一个 16 位的应用专用密码，填它而不是登录密码。',
  notes: [{text: '应用专用密码只显示一次。', url: '', uncertain: false}],
  before: [{text: '开启两步验证', url: 'https://myaccount.google.com/signinoptions/two-step-verification', uncertain: false}],
  steps: {text: '在“应用专用密码”页面输入名称，点“创建”，复制 16 位密码。', url: '', uncertain: false},
  servers: ['POP3 pop.gmail.com 995 SSL', 'IMAP imap.gmail.com 993 SSL'],
  open: {text: '打开 Gmail 的生成页面', url: 'https://myaccount.google.com/apppasswords'},
  help: {text: 'Google 帮助', url: 'https://support.google.com/accounts/answer/185833'},
  headings: {before: '先要', steps: '步骤', servers: '服务器', revoke: ''},
  buttons: {notNow: '暂不', close: '关闭', uncertain: '未确认', more: '更多说明', revoke: ''},
  add: {button: '已生成：记入我的台账', label: '名称', labelHelp: '', value: '', save: '保存', cancel: '取消', open: false},
  revoke: [], refusal: null, trigger: -1, arrival: false, fixed: false,
};
chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  sendResponse({ok: true, hint});
  return false;
});
`

// writeFloor writes the floor extension into dir, with the repository's
// wire.js and hint.js (the limits hint.js reads), pages.css (for the
// static popups) and locale files (which the popup's script reads).
func writeFloor(repo, dir string) error {
	files := map[string]string{"manifest.json": floorManifest, "floor.js": floorScript, "floor-worker.js": floorWorker,
		"static.js": staticScript}
	for _, f := range []string{"wire.js", "hint.js", "pages.css"} {
		b, err := os.ReadFile(filepath.Join(repo, "extension", f))
		if err != nil {
			return err
		}
		files[f] = string(b)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	for _, name := range mailkey.LocaleNames {
		locale := filepath.Join(dir, "_locales", name)
		if err := os.MkdirAll(locale, 0o755); err != nil {
			return err
		}
		if err := build.CopyFile(filepath.Join(repo, "_locales", name, "messages.json"), filepath.Join(locale, "messages.json")); err != nil {
			return err
		}
	}
	return nil
}

// goFloorDir is where the floor extension holds a copy of the popup's page
// whose ui.wasm is wasm/gofloor: Go started, one element drawn.
const goFloorDir = "gofloor"

// writeGoFloor writes that copy into the floor extension in dir: the
// popup's HTML, CSS and scripts, and wasm/gofloor built as its ui.wasm.
func writeGoFloor(repo, dir string) error {
	page := filepath.Join(dir, goFloorDir)
	if err := os.MkdirAll(page, 0o755); err != nil {
		return err
	}
	for _, f := range []string{"popup.html", "pages.css", "wire.js", "locales.js", "wasm_exec.js", "ui.js"} {
		if err := build.CopyFile(filepath.Join(repo, "extension", f), filepath.Join(page, f)); err != nil {
			return err
		}
	}
	return build.Wasm(repo, "./wasm/gofloor", filepath.Join(page, "ui.wasm"))
}

// staticScript marks a static popup interactive once parsed, as ui.js's Go
// marks Mailkey's.
const staticScript = `globalThis.mailkeyUIReady = globalThis.mailkeyLedgerReady = performance.now();`

var scriptTag = regexp.MustCompile(`(?is)<script\b[^>]*>.*?</script>`)

// staticPopup is Mailkey's popup as drawn (its outerHTML), without its
// scripts, marked ready by static.js once parsed.
func staticPopup(html string) string {
	html = scriptTag.ReplaceAllString(html, "")
	return "<!DOCTYPE html>\n" + regexp.MustCompile(`(?i)</head>`).ReplaceAllString(html, `<script src="static.js" defer></script></head>`)
}
