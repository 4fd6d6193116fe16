// Package demo lists the demo pages: what `mailkey demo` shows and what the
// hint's placement test checks, one list for both.
package demo

// Scene is one demo page: where to go and what the hint should be about.
type Scene struct {
	Name, URL string
	Frame     string // the URL prefix of the frame that holds the form
	What      string
	// Field and Address: typed as a person would, when set.
	Field, Address string
}

// Scenes are the demo pages, in the order the demo opens them.
var Scenes = []Scene{
	{"qq-gmail-zh", "https://mail.qq.com/cgi-bin/frame_html?sid=test", "https://mail.qq.com/cgi-bin/other_mailbox",
		"QQ Mail's 其他邮箱 (in its iframe), a Gmail address typed: the Gmail app-password hint, in Chinese",
		"#pop3_email", "someone@gmail.com"},
	{"qq-refusal-zh", "https://mail.qq.com/cgi-bin/other_mailbox?sid=test&addr=someone%40gmail.com&refused=gmail", "https://mail.qq.com/cgi-bin/other_mailbox",
		"QQ Mail relays Gmail's refusal: the hint explains it", "", ""},
	{"gmail-yahoo-en", "https://mail.google.com/mail/u/0/?addr=someone%40yahoo.com&delay=300#settings/accounts", "https://mail.google.com/mail/u/0/",
		"Gmail's \"Check mail from other accounts\" (closed since 2026), a Yahoo address: the hint says Gmail no longer fetches and what to do instead, in English", "", ""},
	{"163-qq-zh", "https://mail.163.com/js6/main.jsp?sid=test#module=options.CollectModule", "https://mail.163.com/js6/main.jsp",
		"NetEase's 代收邮件, a QQ address: the 授权码 hint", "input[name=account]", "someone@qq.com"},
	{"qq-unknown", "https://mail.qq.com/cgi-bin/other_mailbox?sid=test&addr=me%40example.org", "https://mail.qq.com/cgi-bin/other_mailbox",
		"An address Mailkey does not know: the neutral hint", "", ""},
}

// LangScenes show the hint in each language it speaks besides English and
// Chinese, on a page in that language (the browser stays English); each
// name ends in the language, and the README shows them as docs/hint-LANG.png.
var LangScenes = []Scene{
	{"yandex-gmail-ru", "https://mail.yandex.ru/#setup/collectors", "https://mail.yandex.ru/",
		"Yandex Mail's Сборщик писем, a Gmail address: the hint in Russian", "input[type=email]", "someone@gmail.com"},
	{"naver-gmail-ko", "https://mail.naver.com/", "https://mail.naver.com/",
		"Naver Mail's 외부 메일 가져오기, a Gmail address: the hint in Korean", "#pop-email", "someone@gmail.com"},
	{"gmx-gmail-de", "https://www.gmx.net/", "https://www.gmx.net/",
		"GMX's Externe Postfächer, a Gmail address: the hint in German", "input[type=email]", "someone@gmail.com"},
	{"gmail-yahoo-ja", "https://mail.google.com/mail/u/1/#settings/accounts", "https://mail.google.com/mail/u/1/",
		"Gmail in Japanese, 他のアカウントでメールを確認, a Yahoo address: the hint in Japanese", "#ja-email", "someone@yahoo.com"},
}
