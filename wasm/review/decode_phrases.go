package review

import (
	"strings"

	"mailkey/wasm/kb"
)

// phrase is a reply code, phrase or greeting of a provider's servers,
// matched in the lowercased, normalized text.
type phrase struct {
	text   string
	ids    []string // the providers that send it ("a/b": a, or b when the KB has no a); nil: provider-neutral
	means  Meaning  // what it means; "" for a greeting or signature that only names the provider
	word   bool     // only as a whole word
	unless string   // not when the text also has this
	not    []string // the text is from none of these providers
}

// phrases are the providers' own texts that the knowledge base's refusals
// do not carry, each from a real refusal (the corpus in
// testdata/refusals.json has them all, with their sources). The first phrase
// of a provider found gives its meaning, so the specific ones come first.
var phrases = []phrase{
	// Google (Gmail, Workspace): the SMTP replies end "- gsmtp".
	{text: "application-specific password required", ids: google, means: MeansSpecialPassword},
	{text: "p=invalidsecondfactor", ids: google, means: MeansSpecialPassword},
	{text: "support.google.com/accounts/answer/185833", ids: google, means: MeansSpecialPassword},
	{text: "please log in via your web browser", ids: google, means: MeansWebLogin},
	{text: "please log in with your web browser", ids: google, means: MeansWebLogin},
	{text: "support.google.com/mail/answer/78754", ids: google, means: MeansWebLogin},
	{text: "accounts.google.com/continuesignin", ids: google, means: MeansWebLogin},
	{text: "accounts.google.com/signin/continue", ids: google, means: MeansWebLogin},
	{text: "web login required", ids: google, means: MeansWebLogin},
	{text: "too many login attempts, please try again later", ids: google, means: MeansRateLimit},
	{text: "username and password not accepted", ids: google, means: MeansRejected},
	{text: "p=badcredentials", ids: google, means: MeansRejected},
	{text: "invalid credentials (failure)", ids: google, means: MeansRejected},
	{text: "authentication required. for more information, go to", ids: google, means: MeansNoAuth},
	{text: "authentication required. learn more at", ids: google, means: MeansNoAuth},
	{text: "p=wantautherror", ids: google, means: MeansNoAuth},
	{text: "gsmtp", ids: google, word: true},

	// Microsoft (Outlook.com and Microsoft 365 alike, unless said).
	{text: "basic authentication is disabled", ids: microsoft, means: MeansOAuthOnly},
	{text: "5.7.30 basic authentication is not supported", ids: microsoft, means: MeansOAuthOnly},
	{text: "smtpclientauthentication is disabled for the tenant", ids: microsoft365, means: MeansDisabled},
	{text: "aka.ms/smtp_auth_disabled", ids: microsoft365, means: MeansDisabled},
	{text: "5.7.139 authentication unsuccessful", ids: microsoft, means: MeansRejected},
	// Exchange Online's 5.7.57 comes before the refusal that says why.
	{text: "5.7.57 client not authenticated to send mail", ids: microsoft},
	{text: "5.7.57 smtp; client was not authenticated", ids: microsoft},

	// Yahoo and AOL (one service): SMTP's #AUTH005 and #MBR1212, IMAP's
	// "LOGIN Invalid credentials" (Yandex's goes on "or IMAP is disabled").
	{text: "(#auth005)", ids: yahooAOL, means: MeansRejected},
	{text: "(#mbr1212)", ids: yahooAOL, means: MeansRejected},
	{text: "login invalid credentials", ids: yahooAOL, means: MeansRejected, unless: "or imap is disabled"},
	{text: "authenticate invalid credentials", ids: yahooAOL, means: MeansRejected},

	// Yandex.
	{text: "invalid credentials or imap is disabled", ids: []string{"yandex"}, means: MeansRejected},
	{text: "yandex imap4rev1", ids: []string{"yandex"}},

	// iCloud's IMAP greeting (not its XAPPLEPUSHSERVICE capability, which
	// Yahoo's servers announce too: RainLoop/rainloop-webmail#1354).
	{text: "iscream ready to rumble", ids: []string{"icloud"}},

	// Zoho: no space before "(Failure)", unlike Google.
	{text: "invalid credentials(failure)", ids: []string{"zoho"}, means: MeansRejected},
	{text: "zoho mail imap4rev1 server", ids: []string{"zoho"}},

	// NetEase (163, 126, yeah.net): a program that does not name itself
	// (IMAP ID) is an "Unsafe Login"; SMTP off in the settings is "User has
	// no permission".
	{text: "unsafe login", ids: []string{"netease"}, means: MeansBlocked},
	{text: "user has no permission", ids: []string{"netease"}, means: MeansDisabled},
	{text: "535 error: authentication failed", ids: []string{"netease", "qq"}, means: MeansRejected, unless: "system busy"},

	// Tencent: QQ Mail and Exmail share servers and texts.
	{text: "authentication failed, system busy", ids: []string{"qq", "exmail"}, means: MeansRejected, not: []string{"netease"}},
	{text: "esmtp qq mail server", ids: []string{"qq", "exmail"}},
	{text: "please enter your authorization", ids: []string{"qq"}, means: MeansSpecialPassword},
	// 请使用授权码 in GBK, as Python prints the bytes it cannot decode.
	{text: `\xc7\xeb\xca\xb9\xd3\xc3\xca\xda\xc8\xa8\xc2\xeb`, ids: []string{"qq"}, means: MeansSpecialPassword},
}

var (
	google       = []string{"google"}
	microsoft    = []string{"microsoft", "microsoft365"}
	microsoft365 = []string{"microsoft365/microsoft"}
	yahooAOL     = []string{"yahoo", "aol"}
)

// meaningPhrases say what a refusal means whichever provider sent it; the
// first found counts.
var meaningPhrases = []phrase{
	{text: "basic authentication is disabled", means: MeansOAuthOnly},
	{text: "basic authentication is not supported", means: MeansOAuthOnly},
	{text: "is disabled for the tenant", means: MeansDisabled},
	{text: "imap is disabled", means: MeansDisabled},
	{text: "not enabled for imap", means: MeansDisabled},
	{text: "has no permission", means: MeansDisabled},
	{text: "application-specific password", means: MeansSpecialPassword},
	{text: "application password", means: MeansSpecialPassword},
	{text: "app password", means: MeansSpecialPassword},
	{text: "authorization code", means: MeansSpecialPassword},
	{text: "authorisation code", means: MeansSpecialPassword},
	{text: "parol prilozheniya", means: MeansSpecialPassword},
	{text: "授权码", means: MeansSpecialPassword},
	{text: "授權碼", means: MeansSpecialPassword},
	{text: "web browser", means: MeansWebLogin},
	{text: "web login", means: MeansWebLogin},
	{text: "unsafe login", means: MeansBlocked},
	{text: "too many", means: MeansRateLimit},
	{text: "authentication unsuccessful", means: MeansRejected},
	{text: "authentication required", means: MeansNoAuth},
	{text: "authentication is required", means: MeansNoAuth},
	{text: "not authenticated", means: MeansNoAuth},
}

// in reports whether the phrase is in any of the lowercased texts.
func (ph *phrase) in(lower []string) bool {
	for _, l := range lower {
		if ph.unless != "" && strings.Contains(l, ph.unless) {
			continue
		}
		if ph.word && containsWords(l, ph.text) || !ph.word && strings.Contains(l, ph.text) {
			return true
		}
	}
	return false
}

// resolve returns the phrase's providers that the knowledge base has.
func (ph *phrase) resolve(k *kb.KB) []*kb.Provider { return resolveIDs(k, ph.ids) }

// resolveIDs returns the providers of ids that the knowledge base has; an
// id "a/b" stands for a, or for b when the knowledge base has no a.
func resolveIDs(k *kb.KB, ids []string) []*kb.Provider {
	var out []*kb.Provider
	for _, id := range ids {
		for _, alt := range strings.Split(id, "/") {
			if p := k.ByID(alt); p != nil {
				out = add(out, p)
				break
			}
		}
	}
	return out
}
