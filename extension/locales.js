// Starts reading the locale files Go needs as soon as a context starts, so
// that the reads overlap the compiling of the wasm instead of following it
// (about 10 to 35 ms at a service-worker cold start). Go takes these promises
// and fetches anything missing itself (jsbridge.Catalog). The names come
// from Go (mailkey.LocaleNames) through wire.js.
'use strict';
globalThis.mailkeyLocales = Object.fromEntries(globalThis.MailkeyWire.locales.map((name) => [name,
  fetch(chrome.runtime.getURL(`_locales/${name}/messages.json`)).then((r) => r.arrayBuffer())]));
