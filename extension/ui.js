// Starts the extension pages' Go (ui.wasm), which draws the page into #app.
'use strict';
(() => {
  const go = new Go();
  WebAssembly.instantiateStreaming(fetch('ui.wasm'), go.importObject)
    .then((result) => go.run(result.instance))
    .catch((err) => console.error('mailkey: the page did not start', err));
})();
