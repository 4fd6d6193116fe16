//go:build !js

package vault

import (
	"bytes"
	"compress/flate"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"io"
	"net/http"
	"time"
)

// Native is Crypto from Go's own packages, for tests and native tools; it
// seals and opens exactly what the browser's Web Crypto does.
type Native struct{}

func gcm(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// SealGCM implements Crypto.
func (Native) SealGCM(key, nonce, plaintext, aad []byte) ([]byte, error) {
	g, err := gcm(key)
	if err != nil {
		return nil, err
	}
	return g.Seal(nil, nonce, plaintext, aad), nil
}

// OpenGCM implements Crypto.
func (Native) OpenGCM(key, nonce, sealed, aad []byte) ([]byte, error) {
	g, err := gcm(key)
	if err != nil {
		return nil, err
	}
	return g.Open(nil, nonce, sealed, aad)
}

// Random implements Crypto.
func (Native) Random(b []byte) error { _, err := rand.Read(b); return err }

// Deflate implements Crypto.
func (Native) Deflate(p []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.DefaultCompression)
	if _, err := w.Write(p); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Inflate implements Crypto.
func (Native) Inflate(p []byte, max int) ([]byte, error) {
	out, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(p)), int64(max)+1))
	if err != nil {
		return nil, err
	}
	if len(out) > max {
		return nil, ErrTooLarge
	}
	return out, nil
}

// HTTP is a Transport over net/http, for tests and native tools (the
// extension's goes through fetch in the service worker).
type HTTP struct {
	Server string // normalized
	Keys   Keys
	Client *http.Client // nil: a client with a 30 s timeout
}

// URL is the vault's address.
func (h HTTP) URL() string { return URL(h.Server, h.Keys) }

// Do implements Transport.
func (h HTTP) Do(r Request) (Response, error) {
	c := h.Client
	if c == nil {
		c = &http.Client{Timeout: 30 * time.Second}
	}
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(context.Background(), r.Method, h.URL(), body)
	if err != nil {
		return Response{}, err
	}
	for _, kv := range r.Headers(h.Keys) {
		req.Header.Set(kv[0], kv[1])
	}
	resp, err := c.Do(req)
	if err != nil {
		return Response{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponse+1))
	if err != nil {
		return Response{}, err
	}
	if len(data) > MaxResponse {
		return Response{}, ErrTooLarge
	}
	return NewResponse(resp.StatusCode, resp.Header.Get("ETag"), resp.Header.Get("Retry-After"), data), nil
}

// NativeWrapper is Wrapper with a key in memory, for tests and native
// tools (the extension's key never leaves the browser's Web Crypto). Fresh
// is what Made reports.
type NativeWrapper struct {
	Key   [KeySize]byte
	Fresh bool
}

// Made implements Wrapper.
func (w NativeWrapper) Made() (bool, error) { return w.Fresh, nil }

// Wrap implements Wrapper.
func (w NativeWrapper) Wrap(nonce, plaintext, aad []byte) ([]byte, error) {
	return Native{}.SealGCM(w.Key[:], nonce, plaintext, aad)
}

// Unwrap implements Wrapper.
func (w NativeWrapper) Unwrap(nonce, sealed, aad []byte) ([]byte, error) {
	return Native{}.OpenGCM(w.Key[:], nonce, sealed, aad)
}
