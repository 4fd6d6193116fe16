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
      position: fixed; left: 0; top: 0; box-sizing: border-box; width: 380px; max-width: calc(100vw - 16px);
      max-height: min(70vh, 560px); display: flex; flex-direction: column; overflow: hidden; padding: 12px 14px;
      font: 13px/1.45 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif;
      color: #1f2328; background: #ffffff; border: 1px solid #d0d7de; border-left: 4px solid #1a7f37;
      border-radius: 8px; box-shadow: 0 8px 24px rgba(0, 0, 0, .18); text-align: start;
    }
    header { display: flex; gap: 8px; align-items: flex-start; }
    header, .top { flex: none; }
    .expand, .compact .body, .compact form, .compact .actions > :not(:first-child) { display: none; }
    .compact .actions > .expand { display: inline-block; }
    .compact .title { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; }
    .body { flex: 1 1 auto; min-height: 0; overflow: auto; }
    .body > :first-child { margin-top: 10px; }
    summary { margin-top: 8px; cursor: pointer; color: #0969da; }
    summary:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
    .title { flex: 1; margin: 0; font-size: 14px; font-weight: 600; }
    .x { border: 0; background: transparent; color: inherit; font-size: 18px; line-height: 1; cursor: pointer; padding: 2px 6px; border-radius: 4px; }
    p, ol, ul, blockquote { margin: 6px 0; }
    ol, ul { padding-inline-start: 20px; }
    .h { margin-top: 10px; font-weight: 600; }
    .refusal { margin: 8px 0; padding: 6px 8px; background: #fff8c5; border-radius: 6px; }
    blockquote { padding: 2px 8px; border-inline-start: 3px solid #bf8700; font-family: ui-monospace, monospace; font-size: 12px; overflow-wrap: anywhere; }
    .unc { margin-inline-start: 4px; font-size: 11px; color: #9a6700; }
    a { color: #0969da; }
    .actions, .row { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 10px; align-items: center; }
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
      a, summary { color: #4493f8; }
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

  // Placement. The panel is position: fixed, placed in the viewport beside
  // the field where it covers none of the form (its fields, buttons,
  // labels) nor the page's messages; else below, above or left of it; its
  // height shrinks to the room there (the body scrolls, the title and
  // buttons stay in sight).
  const EDGE = 8; // from the viewport's edges
  const GAP = 8; // from what it must not cover
  const WIDE = 380;
  const NARROW = 160;
  const GUARDED = 'input:not([type=hidden]),select,textarea,button,label,td,th,[role=alert],[aria-live=assertive]';

  // Through Element.prototype: a form's named controls shadow its methods.
  const rectOf = (el) => Element.prototype.getBoundingClientRect.call(el);
  const all = (el, sel) => Element.prototype.querySelectorAll.call(el, sel);
  const closest = (el, sel) => Element.prototype.closest.call(el, sel);
  const parentOf = (el) => Object.getOwnPropertyDescriptor(Node.prototype, 'parentElement').get.call(el);

  // The viewport of the frame the hint is drawn in: a blank frame's, for a
  // form the page put in one.
  let drawnIn = document;
  const viewport = () => {
    const de = drawnIn.documentElement;
    const win = drawnIn.defaultView || window;
    return { w: de.clientWidth || win.innerWidth, h: Math.min(win.innerHeight, de.clientHeight || win.innerHeight) };
  };

  // guarded are the rectangles the hint must not cover: around the form
  // (its parent holds the page's message about it, as QQ Mail's does) the
  // fields, buttons and labels (a table cell of text is a label), and the
  // page's alerts.
  const guarded = (anchor) => {
    const form = closest(anchor, 'form,[role=dialog],dialog') || parentOf(anchor) || anchor;
    const up = parentOf(form);
    const around = up && up !== anchor.ownerDocument.body ? up : form;
    const els = [...all(around, GUARDED)].slice(0, 400).concat([...all(anchor.ownerDocument.documentElement, '[role=alert]')]);
    const out = [];
    for (const el of els) {
      if ((el.tagName === 'TD' || el.tagName === 'TH') && (all(el, 'input,select,textarea,button').length || !el.textContent.trim())) continue;
      const r = rectOf(el);
      if (r.width > 0 && r.height > 0) out.push(r);
    }
    return out;
  };

  // free lists the vertical gaps [top, bottom] of the viewport that no
  // guarded rectangle crosses between x and x + w.
  const free = (rects, x, w, view) => {
    const blocked = rects.filter((r) => r.left < x + w + GAP && r.right > x - GAP)
      .map((r) => [r.top - GAP, r.bottom + GAP]).sort((a, b) => a[0] - b[0]);
    const gaps = [];
    let y = EDGE;
    for (const [t, b] of blocked) {
      if (t > y) gaps.push([y, Math.min(t, view.h - EDGE)]);
      y = Math.max(y, b);
    }
    if (y < view.h - EDGE) gaps.push([y, view.h - EDGE]);
    return gaps.filter(([t, b]) => b > t);
  };

  // placement chooses the panel's box: the first side (right, below, above,
  // left) with room for all of it, else the one with the most room; where
  // no side has room for the title and the buttons, the compact form (the
  // title, the one action and "more") in the same way.
  const placement = (anchor, panel, body, forms) => {
    const view = viewport();
    const a = rectOf(anchor);
    const rects = guarded(anchor);
    const fence = rects.filter((r) => r.bottom > a.top - 40 && r.top < a.bottom + 40); // the field's row
    const rowRight = Math.max(a.right, ...fence.filter((r) => r.left >= a.left).map((r) => r.right));
    const rowLeft = Math.min(a.left, ...fence.filter((r) => r.right <= a.right).map((r) => r.left));
    const vw = Math.min(WIDE, view.w - 2 * EDGE);
    const vx = Math.max(EDGE, Math.min(a.left, view.w - EDGE - vw));
    let need = null;
    for (const compact of forms) {
      panel.classList.toggle('compact', compact);
      const heights = new Map();
      need = (w) => { // [natural height, least height] at width w
        if (!heights.has(w)) {
          panel.style.width = w + 'px';
          panel.style.maxHeight = 'none';
          const whole = panel.offsetHeight;
          heights.set(w, [whole, whole - body.offsetHeight + Math.min(body.scrollHeight, 48)]);
        }
        return heights.get(w);
      };
      const candidates = [];
      const side = (x, w) => {
        if (w < NARROW || x < EDGE || x + w > view.w - EDGE) return;
        const [full] = need(w);
        for (const [t, b] of free(rects, x, w, view)) {
          if (b < a.top - 40 || t > a.bottom + 40) continue; // beside the field, not far from it
          const height = Math.min(full, b - t);
          candidates.push({ left: x, top: Math.max(t, Math.min(a.top, b - height)), width: w, height, full });
        }
      };
      // Right of the whole form (or dialog) when it leaves a comfortable width.
      const formRight = rectOf(closest(anchor, 'form,[role=dialog],dialog') || anchor).right + GAP;
      if (view.w - EDGE - formRight >= 300) side(formRight, Math.min(WIDE, view.w - EDGE - formRight));
      for (const x of [a.right + GAP, rowRight + GAP]) side(x, Math.min(WIDE, view.w - EDGE - x));
      const gaps = free(rects, vx, vw, view);
      const [full] = need(vw);
      for (const [t, b] of gaps.filter(([t]) => t >= a.bottom)) { // below, nearest first
        candidates.push({ left: vx, top: t, width: vw, height: Math.min(full, b - t), full });
      }
      for (const [t, b] of gaps.filter(([, b]) => b <= a.top).reverse()) { // above
        const height = Math.min(full, b - t);
        candidates.push({ left: vx, top: b - height, width: vw, height, full });
      }
      for (const x of [a.left - GAP, rowLeft - GAP]) {
        const w = Math.min(WIDE, x - EDGE);
        side(x - w, w);
      }
      const whole = candidates.find((c) => c.height >= c.full);
      if (whole) return whole;
      const roomy = candidates.filter((c) => c.height >= need(c.width)[1]).sort((p, q) => q.height - p.height)[0];
      if (roomy) return roomy;
    }
    // No room anywhere: below the field, as small as it can be.
    const [, small] = need(vw);
    return { left: vx, top: Math.max(EDGE, Math.min(a.bottom + GAP, view.h - EDGE - small)), width: vw, height: small };
  };

  // setBox moves the panel to box (viewport coordinates). A transformed
  // ancestor of the page makes position: fixed relative to itself: the
  // panel's offset is measured and taken off.
  const setBox = (panel, box, view) => {
    panel.style.width = box.width + 'px';
    panel.style.maxHeight = (box.height || Math.min(560, view.h - 4 * EDGE)) + 'px';
    panel.style.left = '0px';
    panel.style.top = '0px';
    const origin = rectOf(panel);
    const top = box.height ? box.top : view.h - 2 * EDGE - panel.offsetHeight;
    panel.style.left = Math.round(box.left - origin.left) + 'px';
    panel.style.top = Math.round(top - origin.top) + 'px';
  };

  // show draws the hint for model after anchor: the title and the one
  // action first, then what explains them, the details folded under "more".
  // handlers: add(label) -> Promise<answer>, revoke(id), dismiss(), close(),
  // lookup().
  // Returns { alive(), place(), remove() }.
  function show(anchor, model, handlers) {
    const unc = model.buttons.uncertain;
    const doc = anchor.ownerDocument || document;
    drawnIn = doc;
    const host = doc.createElement('mailkey-hint');
    host.setAttribute('style', HOST_STYLE);
    const root = host.attachShadow({ mode: 'closed' });
    root.adoptedStyleSheets = [styles(doc)];

    const close = h('button', { class: 'x', type: 'button', 'aria-label': model.buttons.close, title: model.buttons.close }, '×');
    const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
    const header = h('header', null, h('p', { class: 'title' }, model.title), close);
    const top = h('div', { class: 'top' });
    const body = h('div', { class: 'body' });
    const panel = h('section', { class: 'panel', lang: model.lang, 'aria-label': model.region }, header, top, body);

    if (model.refusal) {
      const r = model.refusal;
      body.append(h('div', { class: 'refusal' }, h('div', { class: 'h' }, r.heading), h('blockquote', null, r.quote),
        r.meaning ? h('p', null, r.meaning) : null, r.ambiguous ? h('p', null, r.ambiguous) : null));
    }
    body.append(h('p', null, model.access));
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
      body.append(h('div', { class: 'h' }, model.headings.revoke), list);
    }
    const details = [];
    if (model.notes.length) details.push(h('ul', null, model.notes.map((n) => item(n, unc))));
    if (model.before.length) details.push(h('div', { class: 'h' }, model.headings.before), h('ol', null, model.before.map((b) => item(b, unc))));
    if (model.steps) {
      details.push(h('div', { class: 'h' }, model.headings.steps),
        h('p', null, model.steps.text, model.steps.uncertain ? h('span', { class: 'unc' }, '(' + unc + ')') : null));
    }
    if (model.servers.length) details.push(h('div', { class: 'h' }, model.headings.servers), h('ul', null, model.servers.map((s) => h('li', null, s))));
    if (model.help && safeURL(model.help.url)) details.push(h('p', null, h('small', null, link(model.help.text, model.help.url))));
    if (details.length) body.append(h('details', null, h('summary', null, model.buttons.more), details));

    const actions = h('div', { class: 'actions' });
    if (model.open && safeURL(model.open.url)) {
      const open = h('a', { class: 'primary', href: model.open.url, target: '_blank', rel: 'noopener noreferrer' }, model.open.text);
      actions.append(open);
    }
    let form = null;
    if (model.add) {
      const a = model.add;
      const addBtn = h('button', { type: 'button', 'aria-expanded': 'false' }, a.button);
      const input = h('input', { type: 'text', maxlength: String(globalThis.MailkeyWire.limit.label), autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'mk-help mk-err', id: 'mk-label' });
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
    if (model.lookup) {
      // Opens the Guide, where the lookup is asked for (the browser asks
      // for the resolver's permission only from an extension page).
      const lookup = h('button', { type: 'button', class: 'primary' }, model.lookup);
      lookup.addEventListener('click', trusted(() => handlers.lookup()));
      actions.append(lookup);
    }
    // In the compact form "more" unfolds the whole hint, wherever it fits.
    let expanded = false;
    const expand = h('button', { type: 'button', class: 'expand' }, model.buttons.more);
    expand.addEventListener('click', trusted(() => {
      expanded = true;
      place();
      (actions.querySelector('a, button') || close).focus();
    }));
    const later = h('button', { type: 'button' }, model.buttons.notNow);
    later.addEventListener('click', trusted(() => handlers.dismiss()));
    actions.append(later, expand);
    top.append(actions);
    if (form) top.append(form);
    top.append(status);
    close.addEventListener('click', trusted(() => handlers.close()));
    panel.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape' && ev.isTrusted) handlers.close();
    });
    // Keystrokes in the hint are not the page's: keep them from its shortcuts.
    for (const type of ['keydown', 'keyup', 'keypress', 'input']) root.addEventListener(type, (ev) => ev.stopPropagation());
    root.append(panel);

    const place = () => {
      if (!host.isConnected || (!model.fixed && !anchor.isConnected)) return;
      if (model.fixed) {
        // Not tied to a field: in a corner of the window.
        const view = viewport();
        setBox(panel, { left: view.w - EDGE * 2 - Math.min(WIDE, view.w - EDGE * 2), top: 0, width: Math.min(WIDE, view.w - EDGE * 2), height: 0 }, view);
        return;
      }
      setBox(panel, placement(anchor, panel, body, expanded ? [false] : [false, true]), viewport());
    };
    if (model.fixed) {
      (document.body || document.documentElement).append(host);
    } else {
      anchor.insertAdjacentElement('afterend', host);
    }
    place();
    // Follow the field while the page scrolls, resizes or moves it (a
    // dialog dragged, a layout change), and the hint's own size ("more").
    let last = '';
    let frame = 0;
    const track = () => {
      if (!host.isConnected) return; // removed, by the sensor or the page
      const a = model.fixed ? { left: 0, top: 0 } : anchor.getBoundingClientRect();
      const view = viewport();
      const now = [a.left, a.top, view.w, view.h, body.scrollHeight, top.offsetHeight].join();
      if (now !== last) {
        last = now;
        place();
      }
      frame = requestAnimationFrame(track);
    };
    frame = requestAnimationFrame(track);

    return {
      alive: () => host.isConnected && (model.fixed || anchor.isConnected),
      place,
      remove: () => {
        cancelAnimationFrame(frame);
        host.remove();
      },
    };
  }

  return { show };
})();
