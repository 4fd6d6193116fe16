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
	"strconv"
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
func (h HTTP) URL() string { return h.Server + "/v1/vaults/" + h.Keys.VaultID }

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
	req.Header.Set("Authorization", "Bearer "+h.Keys.AuthToken())
	if r.Body != nil {
		req.Header.Set("Content-Type", "application/octet-stream")
	}
	if r.IfMatch != "" {
		req.Header.Set("If-Match", r.IfMatch)
	}
	if r.IfNoneMatch != "" {
		req.Header.Set("If-None-Match", r.IfNoneMatch)
	}
	resp, err := c.Do(req)
	if err != nil {
		return Response{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxPlain))
	if err != nil {
		return Response{}, err
	}
	out := Response{Status: resp.StatusCode, Version: ParseETag(resp.Header.Get("ETag")), Body: data}
	out.RetryAfter, _ = strconv.Atoi(resp.Header.Get("Retry-After"))
	return out, nil
}
