//go:build !js

package vault

import (
	"sync"
)

// memServer keeps vaults in memory by the sync server's contract (the real
// Worker is tested against the same client in internal/syncserver). It lets
// the merge rules be tested without a network; tamper lets a test play the
// server that changes what it stores.
type memServer struct {
	mu     sync.Mutex
	vaults map[string]*memVault
	// before, when set, runs before each request is served: a test's
	// other browser writing first.
	before func(Request)
}

type memVault struct {
	auth    string
	version int64
	data    []byte
}

func newMemServer() *memServer { return &memServer{vaults: map[string]*memVault{}} }

type memTransport struct {
	s    *memServer
	keys Keys
}

func (s *memServer) transport(k Keys) Transport { return memTransport{s, k} }

func (t memTransport) Do(r Request) (Response, error) {
	if f := t.s.before; f != nil {
		t.s.before = nil
		f(r)
	}
	s := t.s
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.vaults[t.keys.VaultID]
	if v != nil && v.auth != t.keys.AuthToken() {
		return Response{Status: 401}, nil
	}
	switch r.Method {
	case "GET":
		if v == nil {
			return Response{Status: 404}, nil
		}
		if r.IfNoneMatch == etag(v.version) {
			return Response{Status: 304, Version: v.version}, nil
		}
		return Response{Status: 200, Version: v.version, Body: append([]byte(nil), v.data...)}, nil
	case "PUT":
		switch {
		case r.IfNoneMatch == "*" && v != nil:
			return Response{Status: 412, Version: v.version}, nil
		case r.IfNoneMatch == "*":
			s.vaults[t.keys.VaultID] = &memVault{auth: t.keys.AuthToken(), version: 1, data: append([]byte(nil), r.Body...)}
			return Response{Status: 201, Version: 1}, nil
		case v == nil:
			return Response{Status: 404}, nil
		case r.IfMatch != etag(v.version):
			return Response{Status: 412, Version: v.version}, nil
		}
		v.version++
		v.data = append([]byte(nil), r.Body...)
		return Response{Status: 200, Version: v.version}, nil
	case "DELETE":
		delete(s.vaults, t.keys.VaultID)
		return Response{Status: 204}, nil
	}
	return Response{Status: 405}, nil
}
