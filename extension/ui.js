// Starts the extension pages' Go (ui.wasm), which draws the page into #app.
'use strict';
// When start-up reached each step, in ms since navigation (Go adds main, kb,
// locales and choice): `mailkey bench` reads it to time the popup by parts.
globalThis.mailkeyStartup = { script: performance.now() };
(() => {
  const go = new Go();
  WebAssembly.instantiateStreaming(fetch('ui.wasm'), go.importObject)
    .then((result) => {
      globalThis.mailkeyStartup.compiled = performance.now();
      go.run(result.instance);
    })
    .catch((err) => console.error('mailkey: the page did not start', err));
})();

// Starts the passphrase estimator (strength.wasm, a Go program of its own
// that only the options page loads); resolves once
// globalThis.mailkeyStrength is defined.
globalThis.mailkeyLoadStrength = () => {
  const go = new Go();
  return WebAssembly.instantiateStreaming(fetch('strength.wasm'), go.importObject).then((result) => {
    go.run(result.instance);
    return typeof globalThis.mailkeyStrength === 'function';
  });
};
