// Starts reading the locale files Go needs as soon as a context starts, so
// that the reads overlap the compiling of the wasm instead of following it
// (about 10 to 35 ms at a service-worker cold start). Go takes these promises
// and fetches anything missing itself (jsbridge.Catalog). A test keeps
// this list equal to mailkey.LocaleNames.
'use strict';
globalThis.mailkeyLocales = Object.fromEntries(['en', 'zh_CN', 'zh_TW', 'ru', 'ko', 'de', 'ja'].map((name) => [name,
  fetch(chrome.runtime.getURL(`_locales/${name}/messages.json`)).then((r) => r.arrayBuffer())]));
