//go:build js && wasm

package jsbridge

import (
	"errors"
	"syscall/js"

	"mailkey/wasm/vault"
)

// io is extension/vault-io.js: the browser's primitives as functions over
// bytes. Call them from a goroutine, never inside a js.FuncOf callback.
func io() js.Value { return js.Global().Get("mailkeyVaultIO") }

func bytesToJS(b []byte) js.Value {
	a := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(a, b)
	return a
}

func bytesFromJS(v js.Value) []byte {
	a := js.Global().Get("Uint8Array").New(v)
	b := make([]byte, a.Length())
	js.CopyBytesToGo(b, a)
	return b
}

func awaitBytes(p js.Value) ([]byte, error) {
	v, err := Await(p)
	if err != nil {
		return nil, err
	}
	return bytesFromJS(v), nil
}

// WebCrypto is vault.Crypto from the browser: AES-GCM from Web Crypto,
// DEFLATE from CompressionStream, randomness from crypto.getRandomValues.
type WebCrypto struct{}

// SealGCM implements vault.Crypto.
func (WebCrypto) SealGCM(key, nonce, plaintext, aad []byte) ([]byte, error) {
	return awaitBytes(io().Call("gcm", "encrypt", bytesToJS(key), bytesToJS(nonce), bytesToJS(plaintext), bytesToJS(aad)))
}

// OpenGCM implements vault.Crypto.
func (WebCrypto) OpenGCM(key, nonce, sealed, aad []byte) ([]byte, error) {
	return awaitBytes(io().Call("gcm", "decrypt", bytesToJS(key), bytesToJS(nonce), bytesToJS(sealed), bytesToJS(aad)))
}

// Random implements vault.Crypto.
func (WebCrypto) Random(b []byte) error {
	a := js.Global().Get("Uint8Array").New(len(b))
	js.Global().Get("crypto").Call("getRandomValues", a)
	js.CopyBytesToGo(b, a)
	return nil
}

// Deflate implements vault.Crypto.
func (WebCrypto) Deflate(p []byte) ([]byte, error) {
	return awaitBytes(io().Call("deflate", bytesToJS(p)))
}

// Inflate implements vault.Crypto.
func (WebCrypto) Inflate(p []byte, max int) ([]byte, error) {
	v, err := Await(io().Call("inflate", bytesToJS(p), max))
	switch {
	case err != nil:
		return nil, err
	case v.IsNull():
		return nil, vault.ErrTooLarge
	}
	return bytesFromJS(v), nil
}

// KeptKey is vault.Wrapper from the browser: AES-GCM under a
// non-extractable key that extension/vault-io.js keeps in the extension's
// own IndexedDB (Go never sees its bytes).
type KeptKey struct{}

// Wrap implements vault.Wrapper.
func (KeptKey) Wrap(nonce, plaintext, aad []byte) ([]byte, error) {
	return awaitBytes(io().Call("wrap", "encrypt", bytesToJS(nonce), bytesToJS(plaintext), bytesToJS(aad)))
}

// Unwrap implements vault.Wrapper.
func (KeptKey) Unwrap(nonce, sealed, aad []byte) ([]byte, error) {
	return awaitBytes(io().Call("wrap", "decrypt", bytesToJS(nonce), bytesToJS(sealed), bytesToJS(aad)))
}

// Made implements vault.Wrapper.
func (KeptKey) Made() (bool, error) {
	v, err := Await(io().Call("keyMade"))
	if err != nil {
		return false, err
	}
	return v.Truthy(), nil
}

// Fetch is a vault.Transport over the service worker's fetch: no cookies,
// no cache, no redirects, and a time limit.
type Fetch struct {
	Server string
	Keys   vault.Keys
}

var errNoAnswer = errors.New("jsbridge: no answer")

// Do implements vault.Transport.
func (f Fetch) Do(r vault.Request) (vault.Response, error) {
	headers := js.Global().Get("Object").New()
	for _, kv := range r.Headers(f.Keys) {
		headers.Set(kv[0], kv[1])
	}
	body := js.Null()
	if r.Body != nil {
		body = bytesToJS(r.Body)
	}
	resp, err := Await(io().Call("request", vault.URL(f.Server, f.Keys), r.Method, headers, body, vault.MaxResponse))
	if err != nil {
		return vault.Response{}, errNoAnswer
	}
	if resp.Get("body").IsNull() {
		return vault.Response{}, vault.ErrTooLarge
	}
	return vault.NewResponse(resp.Get("status").Int(), resp.Get("etag").String(), resp.Get("retryAfter").String(),
		bytesFromJS(resp.Get("body"))), nil
}
