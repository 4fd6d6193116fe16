// The variant pages' own script (internal/variants): puts the form of
// <template id="mk-form"> where the page says (data-place) and when it says
// (data-timing, data-insert), as a webmail's code would. window.mkField(key)
// finds a field wherever it was put, for the test to type into.
'use strict';

(() => {
  const body = document.body;
  const place = body.dataset.place;
  const timing = body.dataset.timing;
  const insert = body.dataset.insert;
  const formHTML = document.getElementById('mk-form').innerHTML;
  const app = document.getElementById('app');
  const delay = { t300: 300, t2000: 2000, t10000: 10000 }[timing] || 0;
  const STYLE = '.row{margin:6px 0}.is-hidden{display:none}';

  document.addEventListener('submit', (ev) => ev.preventDefault(), true);

  // A fresh element holding the form (a dialog, or a panel).
  const holder = (doc) => {
    const el = doc.createElement('div');
    if (insert === 'dialog') {
      el.className = 'dlg_wrap';
      el.setAttribute('role', 'dialog');
    } else {
      el.className = 'panel_m';
    }
    return el;
  };

  // where the form goes: a function (doc, markup) that puts it into a
  // container the page already has (or makes), for each place.
  let frame = null; // the iframe of "iframe", "blank", "srcdoc"
  let shadow = null; // the innermost open shadow root
  const container = () => {
    switch (place) {
      case 'blank':
      case 'srcdoc':
      case 'iframe':
        return frame && frame.contentDocument ? frame.contentDocument.getElementById('app') || frame.contentDocument.body : null;
      case 'shadow':
      case 'shadow2':
        return shadow.getElementById('app');
    }
    return app;
  };

  const frameDoc = (inner) => `<!doctype html><html><head><meta charset="utf-8"><style>${STYLE}</style></head><body><main id="app">${inner}</main></body></html>`;

  // put shows the form, as the timing's kind of code would.
  const put = (hidden) => {
    if (place === 'blank' && timing !== 'load' && !hidden) {
      // A dialog frame written again with the form, as webmail does.
      const d = frame.contentDocument;
      d.open();
      d.write(frameDoc(formHTML));
      d.close();
      return;
    }
    if (place === 'srcdoc' && timing !== 'load' && !hidden && !frame.dataset.done) {
      frame.dataset.done = '1';
      frame.srcdoc = frameDoc(formHTML);
      return;
    }
    const c = container();
    const doc = c.ownerDocument;
    const el = holder(doc);
    el.innerHTML = formHTML;
    if (hidden) {
      switch (timing) {
        case 'display': el.style.display = 'none'; break;
        case 'hidden': el.hidden = true; break;
        case 'visibility': el.style.visibility = 'hidden'; break;
        case 'class': el.className += ' is-hidden'; break;
      }
    }
    if (insert === 'inner' && !hidden) {
      c.innerHTML = '';
      c.append(el);
    } else if (insert === 'replace') {
      c.replaceChildren(el);
    } else {
      c.append(el);
    }
    return el;
  };

  // The frames and shadow roots the page builds before any form.
  const setup = () => {
    switch (place) {
      case 'iframe':
        frame = document.createElement('iframe');
        frame.src = body.dataset.frameSrc;
        app.replaceChildren(frame);
        return;
      case 'blank':
        frame = document.createElement('iframe');
        app.replaceChildren(frame);
        frame.contentDocument.open();
        frame.contentDocument.write(frameDoc(timing === 'load' ? formHTML : ''));
        frame.contentDocument.close();
        return;
      case 'srcdoc':
        frame = document.createElement('iframe');
        frame.srcdoc = frameDoc(timing === 'load' ? formHTML : '');
        if (timing === 'load') frame.dataset.done = '1';
        app.replaceChildren(frame);
        return;
      case 'shadow':
      case 'shadow2': {
        let host = document.createElement('mk-settings');
        app.replaceChildren(host);
        shadow = host.attachShadow({ mode: 'open' });
        if (place === 'shadow2') {
          shadow.innerHTML = '<section class="outer"></section>';
          host = document.createElement('mk-dialog');
          shadow.firstChild.append(host);
          shadow = host.attachShadow({ mode: 'open' });
        }
        shadow.innerHTML = `<style>${STYLE}</style><div id="app"></div>`;
      }
    }
  };

  const later = (fn, ms) => setTimeout(fn, ms);
  const run = () => {
    setup();
    const ready = () => {
      switch (timing) {
        case 'load':
          if (place === 'top' || place.startsWith('shadow')) put(false);
          return;
        case 't300': case 't2000': case 't10000':
          later(() => put(false), delay);
          return;
        case 'hash':
          window.addEventListener('hashchange', () => { if (location.hash === '#/settings/pop') put(false); });
          later(() => { location.hash = '#/settings/pop'; }, 300);
          return;
        case 'history':
          later(() => { history.pushState({}, '', location.pathname + '?route=pop'); put(false); }, 300);
          return;
        case 'rerender': {
          put(false);
          later(() => put(false), 300); // the framework draws the same form again
          return;
        }
        default: { // hidden at load, shown 300 ms later
          const el = put(true);
          later(() => {
            el.style.display = '';
            el.style.visibility = '';
            el.hidden = false;
            el.className = el.className.replace(' is-hidden', '');
          }, 300);
        }
      }
    };
    if (place === 'iframe') return; // the frame's own page shows the form
    if (place === 'srcdoc' && timing === 'load') ready();
    else if (place === 'srcdoc') frame.addEventListener('load', ready, { once: true });
    else ready();
  };
  run();

  // mkField finds a field by its data-mk key, wherever the page put it.
  window.mkField = (key) => {
    const sel = `[data-mk="${key}"]`;
    const inFrame = () => {
      if (!frame) return null;
      if (place === 'iframe') return frame.contentWindow.mkField ? frame.contentWindow.mkField(key) : null;
      return frame.contentDocument ? frame.contentDocument.querySelector(sel) : null;
    };
    const el = shadow ? shadow.querySelector(sel) : frame ? inFrame() : document.querySelector(sel);
    if (!el || !el.isConnected) return null;
    const r = el.getBoundingClientRect();
    const cs = el.ownerDocument.defaultView.getComputedStyle(el);
    return r.width > 0 && cs.visibility !== 'hidden' ? el : null;
  };
})();
