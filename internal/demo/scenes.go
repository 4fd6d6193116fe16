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
		"Gmail's \"Check mail from other accounts\", a Yahoo address: the Yahoo hint, in English", "", ""},
	{"163-qq-zh", "https://mail.163.com/js6/main.jsp?sid=test#module=options.CollectModule", "https://mail.163.com/js6/main.jsp",
		"NetEase's 代收邮件, a QQ address: the 授权码 hint", "input[name=account]", "someone@qq.com"},
	{"qq-unknown", "https://mail.qq.com/cgi-bin/other_mailbox?sid=test&addr=me%40example.org", "https://mail.qq.com/cgi-bin/other_mailbox",
		"An address Mailkey does not know: the neutral hint", "", ""},
}
