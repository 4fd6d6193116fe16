// The browser primitives Go's sync (wasm/vault) borrows, as plain functions
// over bytes: AES-256-GCM from Web Crypto (with a key Go passes, or with the
// browser-held key that wraps secrets at rest), raw DEFLATE from
// CompressionStream, and requests to the sync server. They decide nothing:
// what to send, when, and what an answer means is Go's. (Written in JS
// because the same glue in Go costs the service worker's binary 25 KB.)
'use strict';

globalThis.mailkeyVaultIO = {
  // gcm('encrypt' | 'decrypt', key, nonce, data, aad) -> Promise<Uint8Array>
  async gcm(op, key, nonce, data, aad) {
    const k = await crypto.subtle.importKey('raw', key, 'AES-GCM', false, [op]);
    const out = await crypto.subtle[op]({ name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 }, k, data);
    return new Uint8Array(out);
  },

  // wrap('encrypt' | 'decrypt', nonce, data, aad) -> Promise<Uint8Array>:
  // AES-256-GCM under the key for secrets at rest (see wrappingKey).
  async wrap(op, nonce, data, aad) {
    const { key } = await this.wrappingKey();
    const out = await crypto.subtle[op]({ name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 }, key, data);
    return new Uint8Array(out);
  },

  // keyMade() -> Promise<boolean>: whether this start of the worker made
  // the key (there was none).
  async keyMade() {
    return (await this.wrappingKey()).made;
  },

  // wrappingKey is a non-extractable AES-GCM key made once and kept in this
  // extension origin's own IndexedDB: a content script runs in the page's
  // origin and cannot open that database, and no context can export the
  // key's bytes. A key drawn here is stored only if none is there yet, in
  // one transaction, so two starts at once keep one key.
  wrappingKey() {
    this.keyPromise ??= crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
      .then((fresh) => new Promise((resolve, reject) => {
        const open = indexedDB.open('mailkey-secrets', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('keys');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('keys', 'readwrite');
          const keys = tx.objectStore('keys');
          let kept;
          keys.get('wrap').onsuccess = (e) => {
            kept = { key: e.target.result, made: false };
            if (!kept.key) keys.put((kept = { key: fresh, made: true }).key, 'wrap');
          };
          tx.oncomplete = () => { db.close(); resolve(kept); };
          tx.onerror = tx.onabort = () => { db.close(); reject(tx.error); };
        };
      }))
      .catch((err) => { this.keyPromise = null; throw err; });
    return this.keyPromise;
  },

  async deflate(data) {
    const stream = new Blob([data]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  },

  // inflate stops past max bytes, so a decompression bomb costs nothing:
  // it resolves to null then.
  async inflate(data, max) {
    return this.readAtMost(new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader(), max);
  },

  // request(url, method, headers, body, max) -> Promise<{status, etag, retryAfter, body}>,
  // with body null when the answer passed max bytes (read no further, so a
  // hostile server cannot fill memory); a rejection when no answer came
  // (offline, refused, 30 s passed).
  async request(url, method, headers, body, max) {
    const init = {
      method, headers, cache: 'no-store', credentials: 'omit', redirect: 'error', signal: AbortSignal.timeout(30000),
    };
    if (body) init.body = body;
    const resp = await fetch(url, init);
    return {
      status: resp.status,
      etag: resp.headers.get('ETag') || '',
      retryAfter: resp.headers.get('Retry-After') || '',
      body: resp.body ? await this.readAtMost(resp.body.getReader(), max) : new Uint8Array(0),
    };
  },

  // readAtMost reads a stream whole, or resolves to null past max bytes.
  async readAtMost(reader, max) {
    const parts = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > max) {
        reader.cancel();
        return null;
      }
      parts.push(value);
    }
    const out = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  },
};
