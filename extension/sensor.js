// Mailkey's sensor: runs in every frame of the mail providers' own hosts (and
// nowhere else), describes the frame's form controls and nearby texts to the
// service worker, and draws the hint it answers with (hint.js). It keeps
// watching, because webmail renders its forms late. It never reads the value
// of a password field; of other fields it sends only an address or a server
// name, and on a provider's app-password page the name typed or picked for
// a new password (never a text shaped like the password, which it looks for
// on screen only to tell that one was made).
'use strict';

(() => {
  // Strictly true: a page's element with id or name "mailkeySensor" shows
  // through as a global of this world too (window's named properties), and
  // must not pass for a sensor already running.
  if (globalThis.mailkeySensor === true) return;
  globalThis.mailkeySensor = true;

  // The limits and words are Go's (wasm/wire), written into wire.js by the build.
  const W = globalThis.MailkeyWire;
  const MAX_FIELDS = W.limit.fields;
  const MAX_TEXTS = W.limit.texts;
  const MAX_TEXT = W.limit.text;
  const MAX_SHORT = W.limit.short;
  const SKIP_TYPES = new Set(['hidden', 'submit', 'button', 'reset', 'image', 'file', 'checkbox', 'radio', 'range', 'color']);
  const EMAIL = /^[^\s@<>()[\],;:"]{1,64}@[a-z0-9.-]{1,253}\.[a-z0-9-]{2,63}$/i;
  const HOST = /^[a-z0-9]([a-z0-9-]{0,62}\.){1,8}[a-z]{2,63}$/i;
  const SERVER_WORDS = W.word.serverField;
  const TEXT_WORDS = W.word.pageText;
  const TEXT_TAGS = 'div,span,p,td,li,strong,b,em,font,small,label,dd';
  // Controls that act as buttons: old webmail makes its actions links to the
  // same page (QQ Mail's 生成授权码 is <a href="#pop3Info">) or to nothing.
  const BUTTONS = 'button,input[type="submit" i],input[type="button" i],[role="button"],' +
    'a[href^="#"],a[href^="javascript:" i],a:not([href])';
  const MAX_BUTTONS = W.limit.buttons;
  // Headings, and the titles of dialogs drawn with divs (the new QQ Mail's).
  const HEADS = 'h1,h2,h3,h4,legend,[role="heading"],' +
    ['[role="dialog" i]', '[role="alertdialog" i]', 'dialog', '[aria-modal="true" i]'].map((d) => d + ' [class*="title" i]').join(',');
  // Fields that cannot be where a person names an app password.
  const SEARCHY = W.word.search;
  // A dialog or form: the name field of a step is looked for inside it.
  const BOUNDARY = 'form,dialog,[role="dialog" i],[role="alertdialog" i],[aria-modal="true" i]';
  // A text holding something shaped like a generated app password or code
  // is never sent, whatever the page: a safety net under the quiet mode below.
  const SECRET_SHAPE = W.word.secretShape;
  const SECRET_SHAPES = new RegExp(SECRET_SHAPE.source, 'gi');

  const passwordSeen = new WeakSet();
  const dismissed = new Set(); // hint keys closed or dismissed on this page
  let lastSent = '';
  let timer = 0;
  let current = null; // { key, anchor, view, fixed }: fixed for a "log it" offer
  // On the pages where app passwords are made or listed, the brain asks for
  // quiet: no page texts and no field values leave the frame any more.
  // Quiet holds for the address where the brain asked for it: a route
  // change in a single-page app ends it.
  let quietAt = '';
  const here = () => (location.origin + location.pathname + location.hash).slice(0, W.limit.url);
  let latest = null; // the brain's latest hint for this frame
  let nameLists = new Set(); // the lists the brain found labelled as a name

  // A form's named controls shadow its DOM properties in this world too
  // (<input name="querySelectorAll"> makes form.querySelectorAll that input),
  // as do a window's named elements its globals: elements that may be forms
  // are read through the prototypes.
  const method = (proto, name) => { const f = proto[name]; return (el, ...args) => f.apply(el, args); };
  const getter = (proto, name) => { const g = Object.getOwnPropertyDescriptor(proto, name).get; return (el) => g.call(el); };
  const $all = method(Element.prototype, 'querySelectorAll');
  const $one = method(Element.prototype, 'querySelector');
  const $matches = method(Element.prototype, 'matches');
  const $closest = method(Element.prototype, 'closest');
  const $rect = method(Element.prototype, 'getBoundingClientRect');
  const $attr = method(Element.prototype, 'getAttribute');
  const $on = method(EventTarget.prototype, 'addEventListener');
  const $connected = getter(Node.prototype, 'isConnected');
  const $contains = method(Node.prototype, 'contains');
  const $parent = getter(Node.prototype, 'parentElement');
  const $kids = getter(Node.prototype, 'childNodes');
  const $type = getter(Node.prototype, 'nodeType');
  const $name = getter(Node.prototype, 'nodeName');
  const $text = getter(Node.prototype, 'textContent');
  const $prev = getter(Element.prototype, 'previousElementSibling');
  const $inner = getter(HTMLElement.prototype, 'innerText');
  // Elements of a blank frame come from another realm: no instanceof.
  const textOf = (el) => (typeof el.innerText === 'string' ? el.innerText : '') || $text(el);
  const docQSA = method(Document.prototype, 'querySelectorAll');
  const $walker = method(Document.prototype, 'createTreeWalker');
  const fragQSA = method(DocumentFragment.prototype, 'querySelectorAll');
  const qsa = (root, sel) => {
    const t = $type(root);
    return t === Node.DOCUMENT_NODE ? docQSA(root, sel) : t === Node.DOCUMENT_FRAGMENT_NODE ? fragQSA(root, sel) : $all(root, sel);
  };

  // The page's forms may sit in open shadow roots (web components, nested)
  // and in same-origin frames without a URL of their own (about:blank
  // written by script, srcdoc), where no content script runs: this frame's
  // sensor reads them as its own. A frame with a URL of its own has its own
  // sensor. The walk is bounded: MAX_WALK elements, MAX_ROOTS roots.
  const MAX_WALK = W.limit.walk;
  const MAX_ROOTS = W.limit.roots;
  const MAX_NEAR = W.limit.near; // elements looked at for texts near the password fields
  const blankDoc = (frame) => {
    try {
      const d = frame.contentDocument;
      if (!d) return null;
      // about:blank, about:srcdoc, or (after the page's document.open())
      // this page's own address: no sensor of its own runs there.
      const href = d.location ? String(d.location.href).split('#')[0] : '';
      return href === 'about:blank' || href === 'about:srcdoc' || href === String(location.href).split('#')[0] ? d : null;
    } catch {
      return null; // another origin
    }
  };
  let walked = 0; // elements the last walk looked at, for the benchmark
  let knownPasswords = []; // the password fields the last scan saw
  // The scans' work, for the benchmark and the bound's test: read through
  // this world only (the page cannot), it holds counts and times, nothing
  // of the page.
  const work = { scans: 0, ms: 0, maxMs: 0, total: 0, walked: 0, roots: 0, end: 0, start: 0, sent: 0, answered: 0 };
  globalThis.mailkeySensorWork = work;
  const rootsOf = () => {
    const out = [];
    const stack = [document];
    walked = 0;
    while (stack.length && out.length < MAX_ROOTS) {
      const root = stack.shift();
      out.push(root);
      const all = qsa(root, '*');
      for (let i = 0; i < all.length && walked < MAX_WALK; i++, walked++) {
        const el = all[i];
        const sr = el.shadowRoot;
        if (sr && el.localName !== 'mailkey-hint') stack.push(sr);
        // A frame's document is read only while there is room for it: each
        // read makes this world in that frame, which costs.
        else if ((el.localName === 'iframe' || el.localName === 'frame') && out.length + stack.length < MAX_ROOTS) {
          const d = blankDoc(el);
          if (d) stack.push(d);
        }
      }
    }
    work.walked = walked;
    work.roots = out.length;
    return out;
  };
  // collect returns the elements matching sel in every root, in order.
  const collect = (roots, sel) => {
    const out = [];
    for (const r of roots) for (const el of qsa(r, sel)) out.push(el);
    return out;
  };

  const short = (s, max) => {
    const t = String(s || '').replace(/\s+/g, ' ').trim();
    return t.length > max ? t.slice(0, max) : t;
  };

  // scrub empties a text shaped like a generated password.
  const scrub = (t) => (SECRET_SHAPE.test(t) ? '' : t);

  const visible = (el) => {
    if (!$connected(el)) return false;
    const r = $rect(el);
    if (r.width === 0 && r.height === 0) return false;
    const cs = (el.ownerDocument.defaultView || window).getComputedStyle(el);
    return cs.visibility !== 'hidden' && cs.display !== 'none';
  };

  const ownText = (el) => {
    let t = '';
    for (const n of $kids(el)) if ($type(n) === Node.TEXT_NODE) t += n.nodeValue;
    return t.trim();
  };

  const FIELDS = 'input,select,textarea,button';
  // textBefore is the words just before el among its siblings: the text
  // nodes and elements that hold no control (a <div> or <span> used as a
  // label, "邮箱: <input>").
  const textBefore = (el) => {
    for (let n = el.previousSibling, k = 0; n && k < 4; n = n.previousSibling, k++) {
      if ($type(n) === Node.TEXT_NODE) {
        const t = n.nodeValue.trim();
        if (t) return t;
        continue;
      }
      if ($type(n) !== Node.ELEMENT_NODE) continue;
      if ($matches(n, FIELDS) || $one(n, FIELDS)) return '';
      const t = short($text(n), MAX_SHORT);
      if (t) return t;
    }
    return '';
  };

  // cellLabel reads a table's label for a control in a cell: the cell to its
  // left, else the header cell of its column.
  const cellLabel = (cell) => {
    const left = $prev(cell);
    if (left && !$one(left, FIELDS)) {
      const t = short($text(left), MAX_SHORT);
      if (t) return t;
    }
    const row = $parent(cell);
    const table = row && $closest(row, 'table');
    if (!table || !table.rows || !table.rows.length || table.rows[0] === row) return '';
    const head = table.rows[0].cells[cell.cellIndex];
    return head && !$one(head, FIELDS) ? short($text(head), MAX_SHORT) : '';
  };

  // labelOf finds the words that name a control, however the page marks it
  // up: <label for> or around it, aria-labelledby (in its own tree: a
  // shadow root has its own ids), aria-label, title; else the <dt> of its
  // <dd>, its table cell's neighbour, or the nearest text before it, up to
  // a few levels out of the wrappers frameworks put around fields.
  const labelOf = (el) => {
    const parts = [];
    for (const l of el.labels || []) parts.push($text(l));
    const by = $attr(el, 'aria-labelledby');
    const tree = el.getRootNode();
    if (by && tree.getElementById) for (const id of by.split(/\s+/)) { const l = tree.getElementById(id); parts.push(l ? $text(l) : ''); }
    parts.push($attr(el, 'aria-label') || '', $attr(el, 'title') || '');
    if (short(parts.join(''), 1)) return short(parts.join(' '), MAX_SHORT);
    let at = el;
    for (let depth = 0; at && depth < 4; depth++, at = $parent(at)) {
      if (depth > 0 && $matches(at, 'form,dialog,[role="dialog" i],body,table')) break;
      if ($matches(at, 'dd')) {
        const dt = $prev(at);
        if (dt && $matches(dt, 'dt')) return short($text(dt), MAX_SHORT);
      }
      if ($matches(at, 'td,th')) return cellLabel(at);
      const t = textBefore(at);
      if (t) return short(t, MAX_SHORT);
      // A wrapper that holds other controls too is not this field's own.
      const up = $parent(at);
      if (up && qsa(up, 'input,select,textarea').length > 1) break;
    }
    return '';
  };

  // safeValue returns what may leave the page of a field's value: an address,
  // or a server name in a field that asks for one. Never a password.
  const safeValue = (el, type, description) => {
    if (type === 'password' || passwordSeen.has(el)) return '';
    if (/password|one-time-code|cc-/i.test(el.getAttribute('autocomplete') || '')) return '';
    const v = String(el.value || '').trim();
    if (EMAIL.test(v)) return v;
    if (HOST.test(v) && SERVER_WORDS.test(description)) return v;
    return '';
  };

  const snapshot = () => {
    const quiet = quietAt !== '' && quietAt === here();
    const roots = rootsOf();
    watchRoots(roots);
    const elements = [];
    const fields = [];
    const passwords = [];
    knownPasswords = passwords;
    // Visible controls first: a page's hidden ones must not crowd out a
    // form in a shadow root or frame that comes later in the walk.
    const controls = collect(roots, 'input,select,textarea').slice(0, W.limit.controls);
    const shown = new Set(controls.filter(visible));
    for (const el of [...shown, ...controls.filter((c) => !shown.has(c))]) {
      if (fields.length >= MAX_FIELDS) break;
      const tag = el.tagName.toLowerCase();
      const type = tag === 'input' ? (el.getAttribute('type') || 'text').toLowerCase() : tag;
      if (SKIP_TYPES.has(type)) continue;
      if (type === 'password') {
        passwordSeen.add(el);
        passwords.push(el);
      }
      const f = {
        i: elements.push(el) - 1,
        tag,
        type,
        name: short(el.getAttribute('name'), MAX_SHORT),
        id: short(el.getAttribute('id'), MAX_SHORT),
        ac: short(el.getAttribute('autocomplete'), MAX_SHORT),
        label: scrub(labelOf(el)),
        ph: scrub(short(el.getAttribute('placeholder'), MAX_SHORT)),
        visible: shown.has(el),
      };
      const value = quiet ? '' : safeValue(el, type, `${f.name} ${f.id} ${f.label} ${f.ph}`);
      if (value) f.value = value;
      fields.push(f);
    }

    const texts = [];
    const taken = new Set();
    const addText = (el, alert) => {
      if (quiet || texts.length >= MAX_TEXTS || taken.has(el) || $closest(el, 'mailkey-hint') || !visible(el)) return;
      const text = short(textOf(el), MAX_TEXT);
      if (text.length < 2 || SECRET_SHAPE.test(text)) return;
      taken.add(el);
      texts.push({ i: elements.push(el) - 1, text, alert });
    };
    for (const el of collect(roots, '[role="alert"],[role="status"],[aria-live]')) addText(el, true);
    // Short texts near the password fields (or anywhere, without one) that
    // speak of passwords or failures: where a refusal shows.
    const up = (el) => (el ? $parent(el) : null);
    const near = new Set(passwords.map((el) => $closest(el, 'form') || up(up(up(el))) || el));
    if (!near.size && document.body) near.add(document.body);
    // A walk that stops after MAX_NEAR elements: a selector over the whole
    // body would cost as much as the page is big.
    for (const root of near) {
      const walker = $walker(document, root, NodeFilter.SHOW_ELEMENT);
      for (let el = walker.nextNode(), looked = 1; el && looked <= MAX_NEAR && texts.length < MAX_TEXTS; el = walker.nextNode(), looked++) {
        if (!$matches(el, TEXT_TAGS)) continue;
        const own = ownText(el);
        if (own.length >= 2 && TEXT_WORDS.test(own)) addText(el, false);
      }
    }

    const buttons = [];
    for (const el of collect(roots, BUTTONS)) {
      if (buttons.length >= MAX_BUTTONS) break;
      if ($closest(el, 'mailkey-hint') || !visible(el)) continue;
      const text = short(el instanceof HTMLInputElement ? el.value : (textOf(el) || $attr(el, 'aria-label')), MAX_SHORT);
      if (text && !SECRET_SHAPE.test(text)) buttons.push({ i: elements.push(el) - 1, text });
    }

    const heads = [];
    for (const el of quiet ? [] : collect(roots, HEADS)) {
      if (heads.length >= W.limit.heads) break;
      const t = short($text(el), MAX_TEXT);
      if (t && !SECRET_SHAPE.test(t) && visible(el)) heads.push(t);
    }

    const snap = {
      v: 1,
      // Without the query string: it can hold session tokens (QQ's sid=...),
      // and the classifier reads only the host, path and fragment.
      url: here(),
      top: window === window.top,
      quiet,
      lang: short(document.documentElement.getAttribute('lang'), 35),
      ui: short(navigator.language, 35),
      title: quiet || SECRET_SHAPE.test(document.title) ? '' : short(document.title, MAX_TEXT),
      heads,
      fields,
      texts,
      buttons,
    };
    return { snap, elements };
  };

  const removeHint = () => {
    if (current) current.view.remove();
    current = null;
  };

  const send = (message) => chrome.runtime.sendMessage(message).catch(() => null);

  const show = (anchor, model) => {
    removeHint();
    const key = model.key;
    const view = MailkeyHint.show(anchor, model, {
      // An intent names the hint by its key: the brain knows what it was about.
      add: (label) => send({ type: W.type.intent, action: W.action.add, key, label }),
      revoke: (id) => send({ type: W.type.intent, action: W.action.revoke, key, id }),
      lookup: () => send({ type: W.type.intent, action: W.action.lookup, key }),
      dismiss: () => {
        dismissed.add(key);
        removeHint();
        send({ type: W.type.intent, action: W.action.dismiss, key });
      },
      close: () => {
        dismissed.add(key);
        removeHint();
        anchor.focus();
      },
    });
    current = { key, anchor, view, fixed: !!model.fixed };
  };

  // isNameInput: a plain text field a person can have typed a name in (not a
  // password field, not read-only, not a search box).
  const isNameInput = (el) => el.localName === 'input' && el.type === 'text' && !passwordSeen.has(el) &&
    !el.readOnly && !el.disabled && visible(el) &&
    !SEARCHY.test([el.name, el.id, $attr(el, 'placeholder'), $attr(el, 'aria-label'), $attr(el, 'role')].join(' '));

  // The element an event happened on, inside open shadow roots too.
  const origin = (ev) => (ev.composedPath && ev.composedPath()[0]) || ev.target;

  let typed = null; // the text field a person typed in last
  const onInput = (ev) => {
    const el = origin(ev);
    if (ev.isTrusted && el && el.localName === 'input' && el.type === 'text') typed = el;
    schedule(300);
  };

  // nameIn is the name a field holds: what was typed, or the entry chosen
  // ("" for a placeholder entry without a value).
  const nameIn = (field) => {
    if (field.localName !== 'select') return String(field.value || '').trim().slice(0, 100);
    const o = field.selectedOptions[0];
    return o && o.value !== '' ? String(o.text || '').trim().slice(0, 100) : '';
  };

  // candidatesFor lists where the person may have named what the button
  // makes: the text fields, else the single-choice lists, of the nearest
  // container that has any, within the button's dialog or form. The brain
  // picks one; the names stay here.
  const candidatesFor = (button) => {
    const earlier = (f) => f.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING;
    for (let el = $parent(button); el; el = $parent(el)) {
      let found = [...$all(el, 'input')].filter(isNameInput);
      if (!found.length) found = [...$all(el, 'select')].filter((s) => !s.multiple && !s.disabled && visible(s));
      if (found.length) {
        return found.map((f) => {
          const name = nameIn(f);
          return { el: f, name: SECRET_SHAPE.test(name) ? '' : name, list: f.localName === 'select',
            before: !!earlier(f), typed: f === typed, empty: !name };
        });
      }
      if ($matches(el, BOUNDARY) || $parent(el) === null) break;
    }
    return [];
  };

  // What a form step shows: its visible buttons and fields.
  const onScreen = (roots) => new Set(collect(roots, BUTTONS + ',input,select,textarea').filter(visible));

  // The texts on screen shaped like a generated password, compared before
  // and after a create click; they never leave the click's closure.
  const secretsShown = (roots) => {
    const out = new Set();
    for (const r of roots) {
      const body = $type(r) === Node.DOCUMENT_NODE ? r.body : r;
      for (const t of String((body && textOf(body)) || '').match(SECRET_SHAPES) || []) out.add(t);
    }
    return out;
  };

  // offer is the brain's "log it" hint with the name read from the
  // provider's name field filled in.
  const offer = (model, name) => ({ ...model.offer, add: { ...model.offer.add, value: name } });

  // A create click: after a person clicks a provider's "create app
  // password" button, the hint offers to log the new password under the
  // name typed or picked in the step (that name, never the password, is
  // what leaves the frame, and only when the person saves). What the click
  // brought on screen is reported to the brain as facts (a new field to
  // fill, a new create button, new buttons, a new read-only field or a text
  // shaped like a password: whether, never what); the brain answers offer,
  // wait or nothing, and which candidate holds the name (wasm/offer).
  let answers = 0; // answers applied so far
  let trigger = null; // the brain's latest create button
  let pending = null; // a click made before the brain's answer came
  let inflight = 0; // snapshots sent and not answered yet
  const offerWindow = 15000; // how long such a click waits for the answer
  const judge = (c) => {
    const model = c.model;
    if (!model || !model.offer) return;
    const roots = rootsOf();
    const fresh = [...onScreen(roots)].filter((el) => !c.before.has(el));
    const isField = (el) => $matches(el, 'input,textarea') && !SKIP_TYPES.has(($attr(el, 'type') || 'text').toLowerCase());
    c.newButtons = c.newButtons || fresh.some((el) => $matches(el, BUTTONS));
    const next = trigger;
    const facts = {
      type: W.type.click,
      elapsed: Date.now() - c.at,
      candidates: c.candidates.map((k, i) => ({ i, list: k.list, named: k.named, before: k.before, typed: k.typed, empty: k.empty })),
      newField: fresh.some((el) => isField(el) && !el.readOnly && !el.disabled),
      newTrigger: answers > c.answers && !!next && next !== c.button && visible(next) && !c.before.has(next),
      newButtons: c.newButtons,
      shown: fresh.some((el) => isField(el) && (el.readOnly || el.disabled)) || [...secretsShown(roots)].some((t) => !c.secrets.has(t)),
      dismissed: dismissed.has(model.offer.key),
    };
    send(facts).then((d) => {
      if (!d || !d.ok) return;
      if (d.action === 'wait') setTimeout(() => judge(c), Math.max(50, d.after));
      if (d.action !== 'offer') return;
      const k = c.candidates[d.name];
      if (current && current.fixed) removeHint();
      show(c.button, offer(model, k ? k.name : ''));
    });
  };

  const BUTTON_OF = BUTTONS + ',input[type="image" i]';
  const onClick = (ev) => {
    if (!ev.isTrusted) return;
    const el = origin(ev);
    const button = el && $type(el) === Node.ELEMENT_NODE ? $closest(el, BUTTON_OF) : null;
    if (!button || $closest(button, 'mailkey-hint')) return;
    const roots = rootsOf();
    const c = { button, model: latest, at: Date.now(), answers, before: onScreen(roots), secrets: secretsShown(roots), candidates: candidatesFor(button) };
    // Whether a list holds the name is the brain's word of the step clicked.
    for (const k of c.candidates) k.named = k.list && nameLists.has(k.el);
    if (latest && trigger && (button === trigger || trigger.contains(button))) {
      judge(c);
    } else if (!latest || timer || inflight) {
      // The brain has not answered yet (a worker still starting on a slow
      // machine): keep the click and judge it when the answer comes.
      pending = c;
      schedule(0);
    }
  };

  let arrived = false; // the offer for a password made as the page opened was shown
  const apply = (answer, elements, url) => {
    if (!answer || !answer.ok) return;
    if (answer.finding && answer.finding.quiet) quietAt = url;
    else if (quietAt !== here()) quietAt = '';
    const model = answer.hint;
    latest = model;
    answers++;
    nameLists = new Set(((model && model.nameLists) || []).map((i) => elements[i]).filter(Boolean));
    const anchor = model ? elements[answer.finding.anchor] : null;
    // Providers make an app password in steps (open a form, name it,
    // generate): each step's button is the trigger in its turn.
    trigger = model && model.trigger >= 0 && elements[model.trigger] ? elements[model.trigger] : null;
    if (pending) {
      const c = pending;
      pending = null;
      if (trigger && (c.button === trigger || trigger.contains(c.button)) && Date.now() - c.at < offerWindow) {
        c.answers = answers - 1;
        c.model = model;
        for (const k of c.candidates) k.named = k.list && nameLists.has(k.el);
        judge(c);
      }
    }
    if (model && model.arrival && model.offer && !arrived) {
      // The page made a password as it opened (the person clicked for it
      // on the page before): offer at once. No name field: the person
      // labels it in the hint.
      arrived = true;
      if (!dismissed.has(model.offer.key)) show(document.body, offer(model, ''));
    }
    const offered = current && current.fixed && current.view.alive();
    if (offered) return; // a "log it" offer stays until the person closes or saves it
    if (!model || !anchor || !anchor.isConnected || dismissed.has(model.key)) {
      removeHint();
      return;
    }
    if ((model.trigger >= 0 || model.arrival) && !model.revoke.length) return; // nothing to show but the offer
    if (current && current.key === model.key && current.anchor === anchor && current.view.alive()) {
      current.view.place(); // same hint: keep what the person typed or saw
      return;
    }
    show(anchor, model);
  };

  let sentOne = false;
  // A snapshot the worker never answered is sent again a little later, a
  // few times: the page may not change again to ask for it. The browser
  // drops a message that comes as the worker stops (the answer is null),
  // and one that never settles is given up after ANSWER_WAIT (a cold start
  // on a slow machine takes about a second).
  let unanswered = 0;
  const RESEND = [250, 1000, 3000];
  const ANSWER_WAIT = 4000;
  const resend = (text) => {
    if (text !== lastSent || unanswered >= RESEND.length) return;
    lastSent = '';
    schedule(RESEND[unanswered++]);
  };
  // Answers are applied in the order their snapshots were sent: one that
  // comes after a newer one's describes a page that has changed since.
  let sentSeq = 0;
  let appliedSeq = 0;
  const scan = () => {
    timer = 0;
    if (!chrome.runtime?.id) return; // the extension was updated or removed
    const started = performance.now();
    work.start = started;
    const { snap, elements } = snapshot();
    const text = JSON.stringify(snap);
    work.scans++;
    work.ms = performance.now() - started;
    work.maxMs = Math.max(work.maxMs, work.ms);
    work.total += work.ms;
    work.end = performance.now();
    // The same description, but of elements drawn again: send it, so the
    // hint and the create button are the ones on screen.
    if (text === lastSent && (!current || current.view.alive()) && (!trigger || $connected(trigger))) return;
    lastSent = text;
    // The first snapshot of this document: in the top frame, a new page, so
    // the brain forgets what the tab's frames found before.
    snap.first = !sentOne;
    sentOne = true;
    inflight++;
    work.sent = performance.now();
    const seq = ++sentSeq;
    const waiting = setTimeout(() => resend(text), ANSWER_WAIT);
    send({ type: W.type.snapshot, snap }).then((answer) => {
      clearTimeout(waiting);
      inflight--;
      work.answered = performance.now();
      if (!answer) {
        resend(text);
        return;
      }
      unanswered = 0;
      if (seq < appliedSeq) return;
      appliedSeq = seq;
      apply(answer, elements, snap.url);
    });
  };

  // schedule coalesces changes; a password field appearing is answered at once.
  // Either way a scan starts no sooner than BACKOFF times as long as the last
  // one took after it ended, so that on a huge page that never stops
  // changing the sensor takes about a fifth of the page's time; a password
  // field appearing waits for that only where a scan takes over a frame
  // (SLOW ms), so that on an ordinary page its hint is not held back.
  const BACKOFF = 4;
  const SLOW = 16;
  const schedule = (delay) => {
    if (timer) {
      if (delay > 0) return;
      clearTimeout(timer);
    }
    const rest = delay === 0 && work.ms <= SLOW ? 0 : work.end + BACKOFF * work.ms - performance.now();
    timer = setTimeout(scan, Math.max(delay, rest, 0));
  };

  const isOurs = (n) => $name(n) === 'MAILKEY-HINT';
  // An element whose attributes changed holds a password field if it is one
  // or holds one the last scan saw: asked of a big container, a selector
  // would cost as much as the container is big, at every change.
  const holdsPassword = (n) => $type(n) === Node.ELEMENT_NODE &&
    ($matches(n, 'input[type="password" i]') || knownPasswords.some((pw) => $contains(n, pw)));
  const hasPassword = (n) => $type(n) === Node.ELEMENT_NODE &&
    ($matches(n, 'input[type="password" i]') || $one(n, 'input[type="password" i]') !== null);

  const onMutations = (records) => {
    let urgent = false;
    let relevant = false;
    for (const r of records) {
      if (isOurs(r.target) || [...r.addedNodes, ...r.removedNodes].some(isOurs)) continue;
      relevant = true;
      if ([...r.addedNodes].some(hasPassword) || (r.type === 'attributes' && holdsPassword(r.target))) urgent = true;
    }
    if (relevant) schedule(urgent ? 0 : 250);
  };
  const observer = new MutationObserver(onMutations);
  const WATCH = {
    subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['type', 'hidden', 'style', 'class'],
  };
  const onChange = () => schedule(0);
  // A frame that loads a new document (a srcdoc set again) changes nothing
  // in this one: its load event, seen as it passes, says so.
  const onFrameLoad = (ev) => {
    const el = ev.target;
    if (el && (el.localName === 'iframe' || el.localName === 'frame')) schedule(100);
  };
  // listen puts the sensor's listeners on a document; adding the same
  // listener again is a no-op, and puts them back after document.open()
  // erased them (a blank frame written again).
  const listen = (doc) => {
    $on(doc, 'input', onInput, true);
    $on(doc, 'change', onChange, true);
    $on(doc, 'click', onClick, true);
    $on(doc, 'load', onFrameLoad, true);
  };
  // watchRoots observes the shadow roots and blank frames a walk found: the
  // document itself (not its root element) of a blank frame, which outlives
  // document.open().
  const watched = new WeakSet();
  const watchRoots = (roots) => {
    for (const r of roots) {
      if (r === document) continue;
      if ($type(r) === Node.DOCUMENT_NODE) listen(r);
      if (watched.has(r)) continue;
      watched.add(r);
      observer.observe(r, WATCH);
    }
  };
  observer.observe(document, WATCH);
  listen(document);
  window.addEventListener('hashchange', onChange);
  window.addEventListener('popstate', onChange);
  schedule(0);
})();
