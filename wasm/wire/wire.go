// Package wire is the one vocabulary the extension's parts speak: the types
// of the messages that content scripts and pages send the brain, the actions
// of an intent, the limits a snapshot keeps to, and the words the sensor
// sorts a page's texts and fields by. It is defined here once; the build
// writes what the JavaScript needs into extension/wire.js (internal/build),
// so the sensor and the hint carry no copies of their own.
package wire

import (
	"mailkey/wasm/i18n"
	"mailkey/wasm/ledger"
	"mailkey/wasm/snapshot"
)

// Message types. Content scripts send the first three; the extension's own
// pages send the others.
const (
	Snapshot = "snapshot" // sensor: what a frame shows
	Intent   = "intent"   // hint: what the person chose
	Click    = "click"    // sensor: what a create click brought on screen
	// TabFinding asks what the frames of a tab found (the popup's "This page").
	TabFinding = "tab-finding"
	// SyncPrefix starts the type of every sync message (sync-status, ...).
	SyncPrefix = "sync-"
	// LedgerPrefix starts the type of the pages' writes to the ledger,
	// which the worker's one writer stores.
	LedgerPrefix = "ledger-"
)

// The options page's sync messages (wasm/brain/sync.go answers them).
const (
	SyncStatus  = SyncPrefix + "status"  // is sync on, and how did the last round go
	SyncEnable  = SyncPrefix + "enable"  // turn sync on: create a vault or join one
	SyncNow     = SyncPrefix + "now"     // a round now
	SyncDisable = SyncPrefix + "disable" // turn sync off (and perhaps delete the vault)
	SyncKeys    = SyncPrefix + "keys"    // the vault id, to check a passphrase against
	SyncCheck   = SyncPrefix + "check"   // whether a passphrase makes this vault's access secret
	SyncMigrate = SyncPrefix + "migrate" // move a vault made before sync codes to one with a code
	SyncRename  = SyncPrefix + "rename"  // this browser's name in the joined browsers' list
	SyncRemove  = SyncPrefix + "remove"  // remove a browser: a new secret, the vault moved
)

// The pages' ledger writes (wasm/brain/ledger.go answers them).
const (
	LedgerWrite = LedgerPrefix + "write" // changes, each based on the revision it was made from
	LedgerMerge = LedgerPrefix + "merge" // an import: each entry kept only if newer
)

// Storage keys the worker's script reads ahead while Go starts
// (extension/background.js): the language chosen, and the prefix of the
// session key that holds what a tab's frames found (wasm/brain/frames.go).
const (
	ChoiceKey    = i18n.ChoiceKey
	TabKeyPrefix = "tab/"
)

// The actions of an intent.
const (
	Add     = "add"     // log a new app password under a label
	Revoke  = "revoke"  // mark an entry revoked from the provider's list page
	Dismiss = "dismiss" // "not now": no hint for this provider on this site
	Lookup  = "lookup"  // open the Guide's lookup of an unknown domain's mail host
)

// Limits are what the sensor keeps to; the brain refuses a message over one.
type Limits struct {
	Fields, Texts, Heads, Buttons int
	Text, Short, Value, URL       int // characters
	Label                         int // a ledger label, as typed in the hint
	// A scan's bounds on hostile pages: the elements one walk looks at for
	// open shadow roots and blank frames, the roots (the document, shadow
	// roots, same-origin frames without a URL of their own) it reads, the
	// controls it considers, the elements searched for texts near a
	// password field.
	Walk, Roots, Controls, Near int
}

// Limit is the one set of limits.
var Limit = Limits{
	Fields: snapshot.MaxFields, Texts: snapshot.MaxTexts, Heads: snapshot.MaxHeads, Buttons: snapshot.MaxButtons,
	Text: snapshot.MaxTextLen, Short: snapshot.MaxShortLen, Value: snapshot.MaxValueLen, URL: snapshot.MaxURLLen,
	Label: ledger.MaxLabel,
	Walk:  60000, Roots: 200, Controls: 2000, Near: 6000,
}

// Words are the sensor's filters, as regular expressions written in the
// common part of Go's RE2 and JavaScript (no look-around, no back
// references), matched without regard to case. Go tests them natively.
type Words struct {
	// ServerField: a field described so is one whose value may leave the
	// page when it is shaped like a host name (the server a collector uses).
	ServerField string
	// PageText: a short text that speaks of passwords or failures, where a
	// refusal shows; only such texts (and alerts) are sent.
	PageText string
	// Search: a field that cannot be where a person names an app password.
	Search string
	// SecretShape: a text shaped like a generated app password or code
	// (Google's four groups of four letters, Apple's with dashes, 16
	// letters and digits in one run); it never leaves the frame.
	SecretShape string
}

// Word is the one set of the sensor's words.
var Word = Words{
	ServerField: `server|host|pop|imap|smtp|服务器|伺服器|服務器|сервер|서버`,
	PageText: `密码|密碼|授权|password|credential|authenti|log ?in|logon|пароль|passwort|비밀번호|失败|错误|` +
		`error|fail|denied|incorrect|invalid`,
	Search: `search|query|搜索|搜尋|検索|поиск|suche|검색`,
	SecretShape: `\b[a-z]{4} [a-z]{4} [a-z]{4} [a-z]{4}\b|\b[a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4}\b|` +
		`\b[a-z0-9]{16}\b`,
}
