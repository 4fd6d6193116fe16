package review

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"mailkey/wasm/kb"
)

// matchRefusals returns the knowledge base's refusals found in any of the
// texts, in knowledge-base order:
//
//   - with white space normalized (see normalize): the patterns are literal
//     text with single spaces or \s, so what matches as written matches
//     normalized too, and each text is matched once (in the browser, each
//     match is a call into JavaScript with the text);
//   - only when none of that matches, ignoring case: a refusal whose pattern
//     is case-sensitive (and not anchored to the start or end) matches when
//     the part of its KB example that the pattern matches occurs in the
//     text, ignoring case, as whole words. (Some providers differ only in
//     case, so this comes last.)
func matchRefusals(k *kb.KB, texts ...string) []kbMatch {
	return matchSome(k, nil, texts...)
}

// matchSome is matchRefusals over the refusals in only, or all when only is nil.
func matchSome(k *kb.KB, only map[*kb.Refusal]bool, texts ...string) []kbMatch {
	all := make([]string, 0, len(texts))
	var lower []string
	for _, t := range texts {
		n := normalize(t)
		all = append(all, n)
		lower = append(lower, strings.ToLower(n))
	}
	out := collect(k, only, func(r *kb.Refusal) bool {
		for _, t := range all {
			if r.Matches(t) {
				return true
			}
		}
		return false
	})
	if out != nil {
		return out
	}
	// Ignoring case only when nothing matched as written: the knowledge
	// base tells some providers apart by case (Yandex's "LOGIN invalid
	// credentials or IMAP is disabled" from Yahoo's "LOGIN Invalid
	// credentials").
	return collect(k, only, func(r *kb.Refusal) bool {
		if key := caseKey(r); key != "" {
			for _, t := range lower {
				if containsWords(t, key) {
					return true
				}
			}
		}
		return false
	})
}

// collect lists the refusals found, of those in only (all when nil).
func collect(k *kb.KB, only map[*kb.Refusal]bool, found func(*kb.Refusal) bool) []kbMatch {
	var out []kbMatch
	for _, p := range k.Providers {
		for i := range p.Refusals {
			if r := &p.Refusals[i]; (only == nil || only[r]) && found(r) {
				out = append(out, kbMatch{p, r})
			}
		}
	}
	return out
}

// serverTexts are refusals that mail servers of many kinds send alike, so
// that finding one names no provider (lowercased, white space normalized).
// A refusal of the knowledge base whose text is part of one of these is weak:
// it names its provider only together with other evidence (a host, an
// address), and gives the meaning once the provider is known.
var serverTexts = []string{
	// Dovecot, the most common IMAP server (docker-mailserver/docker-mailserver#1732),
	// and iCloud alike.
	"no [authenticationfailed] authentication failed.",
	// Microsoft Exchange, on premises too (thunderbird/thunderbird-android#2654),
	// and Courier.
	"no login failed.",
	// Exchange's POP3 on premises (mattnenterprise/rust-pop3#17).
	"-err logon failure: unknown user name or bad password.",
	// Many SMTP servers (pocketbase/pocketbase#584, gophish/gophish#602).
	"535 authentication failed.",
	// Bare, from any program.
	"invalid password.",
}

// weakRefusals caches weak: finding a refusal's text takes a few hundred matches.
var weakRefusals = struct {
	sync.Mutex
	m map[*kb.Refusal]bool
}{m: map[*kb.Refusal]bool{}}

// weak reports whether a refusal's text is one many servers send (see
// serverTexts): the part of its example its pattern matches is part of one.
func weak(r *kb.Refusal) bool {
	weakRefusals.Lock()
	defer weakRefusals.Unlock()
	if w, ok := weakRefusals.m[r]; ok {
		return w
	}
	key := strings.ToLower(normalize(shortestMatch(r, r.Example)))
	w := false
	for _, s := range serverTexts {
		w = w || key != "" && strings.Contains(s, key)
	}
	weakRefusals.m[r] = w
	return w
}

// caseKeys caches caseKey: finding the key takes a few hundred matches.
var caseKeys = struct {
	sync.Mutex
	m map[*kb.Refusal]string
}{m: map[*kb.Refusal]string{}}

// caseKey is the lowercased, normalized part of a refusal's example that its
// pattern matches, for matching ignoring case; "" for a pattern that already
// ignores case or is anchored.
func caseKey(r *kb.Refusal) string {
	if strings.HasPrefix(r.Pattern, "(?i)") || strings.ContainsAny(r.Pattern, "^$") {
		return ""
	}
	caseKeys.Lock()
	defer caseKeys.Unlock()
	if key, ok := caseKeys.m[r]; ok {
		return key
	}
	key := strings.ToLower(normalize(shortestMatch(r, r.Example)))
	if utf8.RuneCountInString(key) < 4 {
		key = ""
	}
	caseKeys.m[r] = key
	return key
}

// shortestMatch narrows text to a short part that r still matches: from the
// left as far as it goes, then from the right.
func shortestMatch(r *kb.Refusal, text string) string {
	if !r.Matches(text) {
		return ""
	}
	for {
		_, size := utf8.DecodeRuneInString(text)
		if size >= len(text) || !r.Matches(text[size:]) {
			break
		}
		text = text[size:]
	}
	for {
		_, size := utf8.DecodeLastRuneInString(text)
		if size >= len(text) || !r.Matches(text[:len(text)-size]) {
			break
		}
		text = text[:len(text)-size]
	}
	return text
}

// containsWords reports whether key occurs in s without a letter or digit
// running on at either end where key itself begins or ends with one.
func containsWords(s, key string) bool {
	first, _ := utf8.DecodeRuneInString(key)
	last, _ := utf8.DecodeLastRuneInString(key)
	for from := 0; from <= len(s); {
		i := strings.Index(s[from:], key)
		if i < 0 {
			return false
		}
		i += from
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(key):])
		if !(isWord(first) && i > 0 && isWord(before)) && !(isWord(last) && i+len(key) < len(s) && isWord(after)) {
			return true
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		from = i + size
	}
	return false
}

func isWord(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// refusedWords are the words of a failed sign-in, in the languages of the
// providers and the mail programs (compared lowercased). The last ones are
// Chinese as GBK shown as Latin-1: 密码错误, 登录失败, 授权码, 认证失败,
// 密码不正确, 用户名或密码.
var refusedWords = []string{
	"authentication failed", "authentication failure", "authentication unsuccessful", "authenticationfailed",
	"auth failed", "login fail", "logon failure", "log in failed", "sign-in failed", "authorization failure",
	"invalid credentials", "invalid login", "invalid password", "invalid user", "incorrect password",
	"wrong password", "bad password", "password incorrect", "password is incorrect", "password not accepted",
	"login to server", "unable to log in", "weblogin", "web login required", "please log in via your web browser",
	"unable to authenticate", "not authenticated", "authentication required", "could not authenticate",
	"username or password", "user name or password", "incorrect username", "password not accepted",
	"密码错误", "密码不正确", "密碼錯誤", "密碼不正確", "登录失败", "登錄失敗", "登入失敗", "认证失败", "認證失敗",
	"验证失败", "驗證失敗", "授权码", "授權碼", "用户名或密码", "帐号或密码", "账号或密码", "帳號或密碼",
	"authentifizierung fehlgeschlagen", "anmeldung fehlgeschlagen", "falsches passwort", "passwort ist falsch",
	"échec de l'authentification", "mot de passe incorrect", "identifiants invalides",
	"contraseña incorrecta", "error de autenticación", "senha incorreta", "falha na autenticação",
	"неверный пароль", "неверный логин", "ошибка авторизации", "ошибка аутентификации",
	"認証に失敗", "パスワードが正しくありません", "인증 실패", "인증에 실패", "비밀번호가 올바르지",
	"ÃÜÂë´íÎó", "µÇÂ¼Ê§°Ü", "ÊÚÈ¨Âë", "ÈÏÖ¤Ê§°Ü", "ÃÜÂë²»ÕýÈ·", "ÓÃ»§Ãû»òÃÜÂë",
}

// looksRefused reports whether a lowercased, normalized text has the words
// of a failed sign-in, or an SMTP 535 reply.
func looksRefused(s string) bool {
	for _, w := range refusedWords {
		if strings.Contains(s, strings.ToLower(w)) {
			return true
		}
	}
	for from := 0; ; {
		i := strings.Index(s[from:], "535")
		if i < 0 {
			return false
		}
		i += from
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		end := i + 3
		if (i == 0 || !isWord(before) && before != '.') && (end == len(s) || strings.IndexByte(" -:,.)", s[end]) >= 0) {
			return true
		}
		from = end
	}
}
