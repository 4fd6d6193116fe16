// Mailkey's hint: drawn next to a password field in a closed shadow root, so
// the page's CSS cannot restyle it and the page's scripts cannot read or click
// into it. Everything it shows comes from the service worker, already
// localized, and is inserted as text, never as HTML. Clicks count only when
// the browser marks them trusted (a person, not a script).
'use strict';

// eslint-disable-next-line no-unused-vars
const MailkeyHint = (() => {
  const HOST_STYLE = [
    'all: initial', 'position: absolute', 'display: block', 'width: 0', 'height: 0', 'margin: 0', 'padding: 0',
    'border: 0', 'overflow: visible', 'z-index: 2147483647', 'visibility: visible', 'opacity: 1', 'transform: none',
  ].map((d) => d + ' !important').join('; ');

  const CSS = `
    :host { all: initial; }
    .panel {
      position: absolute; box-sizing: border-box; width: 380px; max-width: calc(100vw - 16px);
      max-height: min(70vh, 560px); overflow: auto; padding: 12px 14px;
      font: 13px/1.45 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif;
      color: #1f2328; background: #ffffff; border: 1px solid #d0d7de; border-left: 4px solid #1a7f37;
      border-radius: 8px; box-shadow: 0 8px 24px rgba(0, 0, 0, .18); text-align: start;
    }
    header { display: flex; gap: 8px; align-items: flex-start; }
    .title { flex: 1; margin: 0; font-size: 14px; font-weight: 600; }
    .x { border: 0; background: transparent; color: inherit; font-size: 18px; line-height: 1; cursor: pointer; padding: 2px 6px; border-radius: 4px; }
    p, ol, ul, blockquote { margin: 6px 0; }
    ol, ul { padding-inline-start: 20px; }
    .h { margin-top: 10px; font-weight: 600; }
    .refusal { margin: 8px 0; padding: 6px 8px; background: #fff8c5; border-radius: 6px; }
    blockquote { padding: 2px 8px; border-inline-start: 3px solid #bf8700; font-family: ui-monospace, monospace; font-size: 12px; overflow-wrap: anywhere; }
    .unc { margin-inline-start: 4px; font-size: 11px; color: #9a6700; }
    a { color: #0969da; }
    .actions, .row { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 12px; align-items: center; }
    button, .primary {
      font: inherit; padding: 5px 10px; border-radius: 6px; border: 1px solid #d0d7de; background: #f6f8fa; color: inherit; cursor: pointer; text-decoration: none;
    }
    .primary { background: #1a7f37; border-color: #1a7f37; color: #ffffff; }
    button:focus-visible, a:focus-visible, input:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
    form { margin-top: 10px; }
    label { display: block; font-weight: 600; }
    input { box-sizing: border-box; width: 100%; margin-top: 4px; font: inherit; padding: 5px 8px; border: 1px solid #d0d7de; border-radius: 6px; color: inherit; background: inherit; }
    small { display: block; margin-top: 4px; color: #59636e; }
    .err { color: #cf222e; }
    .status:empty, .err:empty, [hidden] { display: none !important; }
    ul.revoke { list-style: none; padding: 0; }
    ul.revoke li { display: grid; gap: 2px; padding: 6px 0; border-top: 1px solid #d0d7de; }
    ul.revoke button { justify-self: start; }
    .label { font-weight: 600; overflow-wrap: anywhere; }
    @media (prefers-color-scheme: dark) {
      .panel { color: #e6edf3; background: #161b22; border-color: #30363d; border-left-color: #3fb950; box-shadow: 0 8px 24px rgba(0, 0, 0, .6); }
      .refusal { background: #3b2e00; }
      blockquote { border-color: #d29922; }
      .unc { color: #d29922; }
      a { color: #4493f8; }
      button { background: #21262d; border-color: #30363d; }
      .primary { background: #238636; border-color: #238636; color: #ffffff; }
      input { border-color: #30363d; }
      small { color: #8d96a0; }
      .err { color: #f85149; }
    }
  `;

  // One sheet per document: a constructed sheet is adopted only in the
  // document that made it, and a hint may sit in a blank frame's document.
  const sheets = new WeakMap();
  const styles = (doc) => {
    let sheet = sheets.get(doc);
    if (!sheet) {
      const View = (doc.defaultView || window).CSSStyleSheet;
      sheet = new View(); // constructed sheets are not subject to the page's CSP
      sheet.replaceSync(CSS);
      sheets.set(doc, sheet);
    }
    return sheet;
  };

  // h builds an element; strings become text nodes.
  const h = (tag, attrs, ...children) => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== undefined && v !== null && v !== false) el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c !== null && c !== undefined && c !== '') el.append(c);
    }
    return el;
  };

  const safeURL = (u) => (typeof u === 'string' && u.startsWith('https://') ? u : null);

  const link = (text, url) => {
    const href = safeURL(url);
    return href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text) : text;
  };

  // trusted runs fn only for events a person caused.
  const trusted = (fn) => (ev) => {
    if (!ev.isTrusted) {
      ev.preventDefault();
      ev.stopImmediatePropagation();
      return;
    }
    fn(ev);
  };

  const item = (it, unc) => h('li', null, link(it.text, it.url), it.uncertain ? h('span', { class: 'unc' }, '(' + unc + ')') : null);

  // show draws the hint for model after anchor. handlers: add(label) ->
  // Promise<answer>, dismiss(), close(). Returns { alive(), remove() }.
  function show(anchor, model, handlers) {
    const unc = model.buttons.uncertain;
    const doc = anchor.ownerDocument || document;
    const host = doc.createElement('mailkey-hint');
    host.setAttribute('style', HOST_STYLE);
    const root = host.attachShadow({ mode: 'closed' });
    root.adoptedStyleSheets = [styles(doc)];

    const close = h('button', { class: 'x', type: 'button', 'aria-label': model.buttons.close, title: model.buttons.close }, '×');
    const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
    const panel = h('section', { class: 'panel', lang: model.lang, 'aria-label': model.region },
      h('header', null, h('p', { class: 'title' }, model.title), close));

    if (model.refusal) {
      const r = model.refusal;
      panel.append(h('div', { class: 'refusal' }, h('div', { class: 'h' }, r.heading), h('blockquote', null, r.quote),
        r.meaning ? h('p', null, r.meaning) : null, r.ambiguous ? h('p', null, r.ambiguous) : null));
    }
    panel.append(h('p', null, model.access));
    if (model.notes.length) panel.append(h('ul', null, model.notes.map((n) => item(n, unc))));
    if (model.before.length) {
      panel.append(h('div', { class: 'h' }, model.headings.before), h('ol', null, model.before.map((b) => item(b, unc))));
    }
    if (model.steps) {
      panel.append(h('div', { class: 'h' }, model.headings.steps),
        h('p', null, model.steps.text, model.steps.uncertain ? h('span', { class: 'unc' }, '(' + unc + ')') : null));
    }
    if (model.servers.length) {
      panel.append(h('div', { class: 'h' }, model.headings.servers), h('ul', null, model.servers.map((s) => h('li', null, s))));
    }
    if (model.revoke.length) {
      const list = h('ul', { class: 'revoke' });
      for (const r of model.revoke) {
        const mark = h('button', { type: 'button' }, model.buttons.revoke);
        const li = h('li', null, h('div', { class: 'label' }, r.label), h('small', null, r.meta), mark);
        mark.addEventListener('click', trusted(() => {
          mark.disabled = true;
          handlers.revoke(r.id).then((answer) => {
            if (answer && answer.ok) {
              li.replaceChildren(h('div', null, answer.message));
            } else {
              mark.disabled = false;
              status.textContent = (answer && answer.error) || '';
            }
          });
        }));
        list.append(li);
      }
      panel.append(h('div', { class: 'h' }, model.headings.revoke), list);
    }

    const actions = h('div', { class: 'actions' });
    if (model.open && safeURL(model.open.url)) {
      const open = h('a', { class: 'primary', href: model.open.url, target: '_blank', rel: 'noopener noreferrer' }, model.open.text);
      actions.append(open);
    }
    let form = null;
    if (model.add) {
      const a = model.add;
      const addBtn = h('button', { type: 'button', 'aria-expanded': 'false' }, a.button);
      const input = h('input', { type: 'text', maxlength: '100', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'mk-help mk-err', id: 'mk-label' });
      input.value = a.value;
      const err = h('p', { class: 'err', id: 'mk-err', role: 'alert' });
      const save = h('button', { type: 'submit', class: 'primary' }, a.save);
      const cancel = h('button', { type: 'button' }, a.cancel);
      form = h('form', { hidden: !a.open, novalidate: true },
        h('label', { for: 'mk-label' }, a.label), input, h('small', { id: 'mk-help' }, a.labelHelp), err,
        h('div', { class: 'row' }, save, cancel));
      addBtn.addEventListener('click', trusted(() => {
        form.hidden = false;
        addBtn.setAttribute('aria-expanded', 'true');
        input.focus();
        input.select();
      }));
      cancel.addEventListener('click', trusted(() => {
        form.hidden = true;
        addBtn.setAttribute('aria-expanded', 'false');
        addBtn.focus();
      }));
      // The browser's submit event is trusted even when a script's click on
      // the save button caused it: count only a person's click or Enter.
      let person = false;
      form.addEventListener('click', (ev) => { person = ev.isTrusted; }, true);
      form.addEventListener('keydown', (ev) => { person = ev.isTrusted && ev.key === 'Enter'; }, true);
      form.addEventListener('submit', trusted((ev) => {
        ev.preventDefault();
        if (!person) return;
        person = false;
        err.textContent = '';
        save.disabled = true;
        handlers.add(input.value).then((answer) => {
          save.disabled = false;
          if (answer && answer.ok) {
            form.remove();
            actions.remove();
            status.textContent = answer.message;
            close.focus();
          } else {
            err.textContent = (answer && answer.error) || '';
            input.focus();
          }
        });
      }));
      actions.append(addBtn);
    }
    const later = h('button', { type: 'button' }, model.buttons.notNow);
    later.addEventListener('click', trusted(() => handlers.dismiss()));
    actions.append(later);
    panel.append(actions);
    if (form) panel.append(form);
    panel.append(status);
    if (model.help && safeURL(model.help.url)) panel.append(h('p', null, h('small', null, link(model.help.text, model.help.url))));
    close.addEventListener('click', trusted(() => handlers.close()));
    panel.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape' && ev.isTrusted) handlers.close();
    });
    // Keystrokes in the hint are not the page's: keep them from its shortcuts.
    for (const type of ['keydown', 'keyup', 'keypress', 'input']) root.addEventListener(type, (ev) => ev.stopPropagation());
    root.append(panel);

    // place puts the panel beside the form when the frame has room, so the
    // form stays usable; beside the field, or below it, otherwise.
    const place = () => {
      if (model.fixed || !host.isConnected || !anchor.isConnected) return;
      const a = anchor.getBoundingClientRect();
      const b = host.getBoundingClientRect();
      // Through the prototype: a form's named controls shadow its methods.
      const form = Element.prototype.getBoundingClientRect.call(anchor.closest('form') || anchor);
      const view = document.documentElement.clientWidth;
      const fits = (x) => Math.min(380, view - 8 - x);
      let left = a.left;
      let top = a.bottom + 6;
      let width = Math.min(380, view - 16);
      for (const x of [Math.max(form.right, a.right) + 12, a.right + 12]) {
        if (fits(x) >= 300) {
          left = x;
          top = a.top;
          width = fits(x);
          break;
        }
      }
      left = Math.max(8, Math.min(left, view - 8 - width));
      panel.style.width = width + 'px';
      panel.style.left = Math.round(left - b.left) + 'px';
      panel.style.top = Math.round(top - b.top) + 'px';
    };
    if (model.fixed) {
      // Not tied to a field: in a corner of the window.
      panel.style.position = 'fixed';
      panel.style.right = '16px';
      panel.style.bottom = '16px';
      (document.body || document.documentElement).append(host);
    } else {
      anchor.insertAdjacentElement('afterend', host);
      place();
    }
    const resize = new ResizeObserver(() => model.fixed || place());
    resize.observe(anchor);
    window.addEventListener('resize', place);

    return {
      alive: () => host.isConnected && (model.fixed || anchor.isConnected),
      place,
      remove: () => {
        resize.disconnect();
        window.removeEventListener('resize', place);
        host.remove();
      },
    };
  }

  return { show };
})();
