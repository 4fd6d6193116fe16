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

  const MAX_FIELDS = 60;
  const MAX_TEXTS = 40;
  const MAX_TEXT = 500;
  const MAX_SHORT = 200;
  const SKIP_TYPES = new Set(['hidden', 'submit', 'button', 'reset', 'image', 'file', 'checkbox', 'radio', 'range', 'color']);
  const EMAIL = /^[^\s@<>()[\],;:"]{1,64}@[a-z0-9.-]{1,253}\.[a-z0-9-]{2,63}$/i;
  const HOST = /^[a-z0-9]([a-z0-9-]{0,62}\.){1,8}[a-z]{2,63}$/i;
  const SERVER_WORDS = /server|host|pop|imap|smtp|服务器|伺服器|服務器|сервер|서버/i;
  const TEXT_WORDS = /密码|密碼|授权|password|credential|authenti|log ?in|logon|пароль|passwort|비밀번호|失败|错误|error|fail|denied|incorrect|invalid/i;
  const TEXT_TAGS = 'div,span,p,td,li,strong,b,em,font,small,label,dd';
  // Controls that act as buttons: old webmail makes its actions links to the
  // same page (QQ Mail's 生成授权码 is <a href="#pop3Info">) or to nothing.
  const BUTTONS = 'button,input[type="submit" i],input[type="button" i],[role="button"],' +
    'a[href^="#"],a[href^="javascript:" i],a:not([href])';
  const MAX_BUTTONS = 40; // snapshot.MaxButtons
  // Fields that cannot be where a person names an app password.
  const SEARCHY = /search|query|搜索|搜尋|検索|поиск|suche|검색/i;
  // A dialog or form: the name field of a step is looked for inside it.
  const BOUNDARY = 'form,dialog,[role="dialog" i],[role="alertdialog" i],[aria-modal="true" i]';
  // A text holding something shaped like a generated app password or code
  // (four groups of four letters, or 16 letters and digits in one run) is
  // never sent, whatever the page: a safety net under the quiet mode below.
  const SECRET_SHAPE = /\b[a-z]{4}([ -]?)[a-z]{4}\1[a-z]{4}\1[a-z]{4}\b|\b[A-Za-z0-9]{16}\b/i;
  const SECRET_SHAPES = new RegExp(SECRET_SHAPE.source, 'gi');

  const passwordSeen = new WeakSet();
  const dismissed = new Set(); // hint keys closed or dismissed on this page
  let lastSent = '';
  let timer = 0;
  let current = null; // { key, anchor, view, fixed }: fixed for a "log it" offer
  let finding = null; // the brain's last finding for this frame, for the popup
  // On the pages where app passwords are made or listed, the brain asks for
  // quiet: no page texts and no field values leave the frame any more.
  let quiet = false;
  const armed = new WeakSet(); // "create" buttons already watched
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
  const $parent = getter(Node.prototype, 'parentElement');
  const $kids = getter(Node.prototype, 'childNodes');
  const $type = getter(Node.prototype, 'nodeType');
  const $name = getter(Node.prototype, 'nodeName');
  const $text = getter(Node.prototype, 'textContent');
  const $prev = getter(Element.prototype, 'previousElementSibling');
  const $inner = getter(HTMLElement.prototype, 'innerText');
  const textOf = (el) => (el instanceof HTMLElement ? $inner(el) : '') || $text(el);

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
    const cs = getComputedStyle(el);
    return cs.visibility !== 'hidden' && cs.display !== 'none';
  };

  const ownText = (el) => {
    let t = '';
    for (const n of $kids(el)) if ($type(n) === Node.TEXT_NODE) t += n.nodeValue;
    return t.trim();
  };

  // labelOf finds the words that name a control, however the page marks it up.
  const labelOf = (el) => {
    const parts = [];
    for (const l of el.labels || []) parts.push(l.textContent);
    const by = el.getAttribute('aria-labelledby');
    if (by) for (const id of by.split(/\s+/)) { const l = document.getElementById(id); parts.push(l ? $text(l) : ''); }
    parts.push(el.getAttribute('aria-label') || '', el.getAttribute('title') || '');
    if (!short(parts.join(''), 1)) {
      const prev = el.previousElementSibling;
      const cell = el.closest('td,dd');
      const left = cell && $prev(cell);
      if (prev && !$matches(prev, 'input,select,textarea')) parts.push($text(prev));
      else if (left) parts.push($text(left));
      else if (el.parentElement) parts.push(ownText(el.parentElement));
    }
    return short(parts.join(' '), MAX_SHORT);
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
    const elements = [];
    const fields = [];
    const passwords = [];
    for (const el of document.querySelectorAll('input,select,textarea')) {
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
        visible: visible(el),
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
    for (const el of document.querySelectorAll('[role="alert"],[role="status"],[aria-live]')) addText(el, true);
    // Short texts near the password fields (or anywhere, without one) that
    // speak of passwords or failures: where a refusal shows.
    const up = (el) => (el ? $parent(el) : null);
    const roots = new Set(passwords.map((el) => el.closest('form') || up(up(up(el))) || el));
    if (!roots.size && document.body) roots.add(document.body);
    for (const root of roots) {
      let looked = 0;
      for (const el of $all(root, TEXT_TAGS)) {
        if (++looked > 3000 || texts.length >= MAX_TEXTS) break;
        const own = ownText(el);
        if (own.length >= 2 && TEXT_WORDS.test(own)) addText(el, false);
      }
    }

    const buttons = [];
    for (const el of document.querySelectorAll(BUTTONS)) {
      if (buttons.length >= MAX_BUTTONS) break;
      if ($closest(el, 'mailkey-hint') || !visible(el)) continue;
      const text = short(el instanceof HTMLInputElement ? el.value : (textOf(el) || $attr(el, 'aria-label')), MAX_SHORT);
      if (text && !SECRET_SHAPE.test(text)) buttons.push({ i: elements.push(el) - 1, text });
    }

    const heads = [];
    for (const el of quiet ? [] : document.querySelectorAll('h1,h2,h3,legend,[role="heading"]')) {
      if (heads.length >= 12) break;
      const t = short($text(el), MAX_TEXT);
      if (t && !SECRET_SHAPE.test(t) && visible(el)) heads.push(t);
    }

    const snap = {
      v: 1,
      // Without the query string: it can hold session tokens (QQ's sid=...),
      // and the classifier reads only the host, path and fragment.
      url: (location.origin + location.pathname + location.hash).slice(0, 2048),
      top: window === window.top,
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
      add: (label) => send({ type: 'intent', action: 'add', label, lang: model.lang, context: model.context }),
      revoke: (id) => send({ type: 'intent', action: 'revoke', id, lang: model.lang, context: model.context }),
      dismiss: () => {
        dismissed.add(key);
        removeHint();
        send({ type: 'intent', action: 'dismiss', lang: model.lang, context: model.context });
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
  const isNameInput = (el) => el.tagName === 'INPUT' && el.type === 'text' && !passwordSeen.has(el) &&
    !el.readOnly && !el.disabled && visible(el) &&
    !SEARCHY.test([el.name, el.id, el.getAttribute('placeholder'), el.getAttribute('aria-label'), el.getAttribute('role')].join(' '));

  let typed = null; // the text field a person typed in last
  document.addEventListener('input', (ev) => {
    if (ev.isTrusted && ev.target instanceof HTMLInputElement && ev.target.type === 'text') typed = ev.target;
  }, true);

  // isNameList: a visible single-choice list the brain found labelled as
  // the name.
  const isNameList = (el) => nameLists.has(el) && !el.multiple && !el.disabled && visible(el);

  // nameFieldFor finds where the person named what button makes: the name
  // field nearest the button, within its dialog or form (the one typed in
  // last, else the last one before the button); where the step has no text
  // field, a list labelled as the name before the button (Fastmail offers
  // "Thunderbird", "Outlook", ... and a text field only for Custom). Never
  // the button's caption.
  const nameFieldFor = (button) => {
    const earlier = (f) => f.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING;
    for (let el = $parent(button); el; el = $parent(el)) {
      const inside = [...$all(el, 'input')].filter(isNameInput);
      if (inside.length) {
        if (inside.includes(typed)) return typed;
        const before = inside.filter(earlier);
        return before.length ? before[before.length - 1] : inside[inside.length - 1];
      }
      const list = [...$all(el, 'select')].filter(isNameList).filter(earlier);
      if (list.length) return list[list.length - 1];
      if (el === document.body || $matches(el, BOUNDARY)) break;
    }
    return null;
  };

  // nameIn is the name a field holds: what was typed, or the entry chosen
  // ("" for a placeholder entry without a value).
  const nameIn = (field) => {
    if (field.tagName !== 'SELECT') return String(field.value || '').trim().slice(0, 100);
    const o = field.selectedOptions[0];
    return o && o.value !== '' ? String(o.text || '').trim().slice(0, 100) : '';
  };

  // What a form step shows: its visible buttons and fields.
  const onScreen = () => new Set([...document.querySelectorAll(BUTTONS + ',input,select,textarea')].filter(visible));

  // The texts on screen shaped like a generated password, compared before
  // and after a create click; they never leave the click's closure.
  const secretsShown = () => new Set(String(textOf(document.body) || '').match(SECRET_SHAPES) || []);

  // offer is the brain's "log it" hint with the name read from the
  // provider's name field filled in.
  const offer = (model, name) => ({ ...model.offer, add: { ...model.offer.add, value: name } });

  // How long after a create click a further step shows (then no offer), and
  // how long a password may take to show where the provider checks first.
  const STEP_WAIT = 700;
  const SHOWN_WAIT = 10000;

  // arm watches a provider's "create app password" buttons: after a person
  // clicks one, the hint offers to log the new password under the name typed
  // or picked in the step (that name, never the password, is what leaves).
  // A click that brings a further step on screen (a field to fill, another
  // create button) only opened the form: no offer. A click that named
  // nothing and brought new buttons either opened a choice (a type of app,
  // "Get started") or started a check (an SMS, "please wait"): the offer
  // waits until the password shows, in a shape the sensor knows or in a new
  // read-only field (whose value is not read), and none comes if it never
  // does.
  let answers = 0; // answers applied so far
  let trigger = null; // the brain's latest create button
  const arm = (button) => {
    if (armed.has(button)) return;
    armed.add(button);
    $on(button, 'click', (ev) => {
      const model = latest;
      if (!ev.isTrusted || !model || !model.offer) return;
      const field = nameFieldFor(button);
      const value = field ? nameIn(field) : '';
      // A name still empty: the provider will ask for the name first.
      if (field && !value) return;
      const name = SECRET_SHAPE.test(value) ? '' : value;
      const before = onScreen();
      const secretsBefore = secretsShown();
      const seen = answers;
      const started = Date.now();
      let waiting = false;
      const check = () => {
        const fresh = [...onScreen()].filter((el) => !before.has(el));
        const isField = (el) => $matches(el, 'input,textarea') && !SKIP_TYPES.has((el.getAttribute('type') || 'text').toLowerCase());
        const next = trigger;
        const furtherStep = fresh.some((el) => isField(el) && !el.readOnly && !el.disabled) ||
          (answers > seen && next && next !== button && visible(next) && !before.has(next));
        if (furtherStep || dismissed.has(model.offer.key)) return;
        const shown = () => fresh.some((el) => isField(el) && (el.readOnly || el.disabled)) ||
          [...secretsShown()].some((t) => !secretsBefore.has(t));
        waiting = waiting || (!field && fresh.some((el) => $matches(el, BUTTONS)));
        if (waiting && !shown()) {
          if (Date.now() - started < SHOWN_WAIT) setTimeout(check, 500);
          return;
        }
        if (current && current.fixed) removeHint();
        show(button, offer(model, name));
      };
      setTimeout(check, STEP_WAIT);
    }, true);
  };

  let arrived = false; // the offer for a password made as the page opened was shown
  const apply = (answer, elements) => {
    if (!answer || !answer.ok) return;
    finding = answer.finding;
    if (finding && finding.quiet) quiet = true;
    const model = answer.hint;
    latest = model;
    answers++;
    nameLists = new Set(((model && model.nameLists) || []).map((i) => elements[i]).filter(Boolean));
    const anchor = model ? elements[answer.finding.anchor] : null;
    if (model && model.trigger >= 0 && elements[model.trigger]) {
      // Providers make an app password in steps (open a form, name it,
      // generate): arm each step's button.
      trigger = elements[model.trigger];
      arm(trigger);
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

  const scan = () => {
    timer = 0;
    if (!chrome.runtime?.id) return; // the extension was updated or removed
    const { snap, elements } = snapshot();
    const text = JSON.stringify(snap);
    if (text === lastSent && (!current || current.view.alive())) return;
    lastSent = text;
    send({ type: 'snapshot', snap }).then((answer) => apply(answer, elements));
  };

  // schedule coalesces changes; a password field appearing is answered at once.
  const schedule = (delay) => {
    if (timer) {
      if (delay > 0) return;
      clearTimeout(timer);
    }
    timer = setTimeout(scan, delay);
  };

  const isOurs = (n) => $name(n) === 'MAILKEY-HINT';
  const hasPassword = (n) => $type(n) === Node.ELEMENT_NODE &&
    ($matches(n, 'input[type="password" i]') || $one(n, 'input[type="password" i]') !== null);

  // The popup asks what this frame found; only a frame that found something
  // answers, so the frame with the form wins over its parents.
  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id || !message || message.type !== 'finding') return false;
    if (!finding || finding.kind === 'none') return false;
    sendResponse(finding);
    return false;
  });

  new MutationObserver((records) => {
    let urgent = false;
    let relevant = false;
    for (const r of records) {
      if (isOurs(r.target) || [...r.addedNodes, ...r.removedNodes].some(isOurs)) continue;
      relevant = true;
      if ([...r.addedNodes].some(hasPassword) || (r.type === 'attributes' && hasPassword(r.target))) urgent = true;
    }
    if (relevant) schedule(urgent ? 0 : 250);
  }).observe(document.documentElement, {
    subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['type', 'hidden', 'style', 'class'],
  });
  document.addEventListener('input', () => schedule(300), true);
  document.addEventListener('change', () => schedule(0), true);
  window.addEventListener('hashchange', () => schedule(0));
  schedule(0);
})();
