// Firefox smoke test driver, run by firefox_test.go with the project-local
// Node: launches Debian's firefox-esr through puppeteer-core over WebDriver
// BiDi (no geckodriver, no downloaded browser), installs the unpacked
// extension, opens a fixture page, types an address, waits for the hint and
// prints what it saw as one JSON line on stdout. The Go test decides what is
// right.
//
// Argument: one JSON object {firefox, extension, uuid, hosts, url, frame,
// selector, text, password, passwordText, expect, timeoutMs}: expect is a
// word the hint's title must come to hold; hosts are mapped to loopback
// (network.dns.localDomains; the URL carries the fixture server's port),
// frame is a substring of the URL of the frame that holds the form.
//
// Then, as a person with the keyboard: type a password into the form, add
// the hint's entry to the ledger (Enter on "I made it", Enter to save), and
// open the popup, checklist and options pages in the tab to read what they
// show and what storage holds. Firefox lets WebDriver open moz-extension://
// pages only when started with --remote-allow-system-access (Firefox 153);
// the extension's internal UUID is fixed by extensions.webextensions.uuids so
// their address is known, and they are opened without waiting for a load
// event, which Firefox does not report for them to BiDi.
//
// The hint lives in a closed shadow root, so the page's own scripts cannot
// read it. The test reads it the way a WebDriver client may: BiDi serializes
// a node with includeShadowTree "all", which hands back a reference to the
// closed root; a second call gets that root as its argument and reads the
// panel. (Chromium's tests use chrome.dom.openOrClosedShadowRoot instead.)
import puppeteer from 'puppeteer-core';

const opts = JSON.parse(process.argv[2]);
const deadline = Date.now() + opts.timeoutMs;
const left = () => Math.max(1, deadline - Date.now());

const browser = await puppeteer.launch({
  browser: 'firefox',
  executablePath: opts.firefox,
  headless: true,
  args: ['--remote-allow-system-access'],
  acceptInsecureCerts: true, // the fixture server's self-signed certificate
  extraPrefsFirefox: {
    'network.dns.localDomains': opts.hosts.join(','),
    'intl.locale.requested': 'en-US',
    'extensions.webextensions.uuids': JSON.stringify({ 'mailkey@mailkey': opts.uuid }),
  },
  timeout: left(),
});
let out;
try {
  const id = await browser.installExtension(opts.extension);
  const page = await browser.newPage();
  page.setDefaultTimeout(left());
  await page.goto(opts.url, { waitUntil: 'load' });
  const frame = opts.frame ? await page.waitForFrame((f) => f.url().includes(opts.frame)) : page.mainFrame();
  await frame.waitForSelector(opts.selector);
  await frame.type(opts.selector, opts.text);
  await frame.waitForSelector('mailkey-hint', { timeout: left() });

  // What the page's own world sees of the hint.
  const page_ = await frame.evaluate(() => {
    const h = document.querySelector('mailkey-hint');
    return {
      hosts: document.querySelectorAll('mailkey-hint').length,
      shadowRoot: h.shadowRoot !== null,
      text: h.textContent,
      children: h.children.length,
      sibling: h.previousElementSibling ? h.previousElementSibling.type : '',
    };
  });

  // What the hint shows, through BiDi's view of the closed shadow root; read
  // until its title names opts.expect (the hint may be redrawn as the sensor
  // re-sends), or the time is up.
  const bidi = browser.connection;
  const target = { context: frame._id }; // BidiFrame._id is the BiDi browsing context
  const call = async (params) => {
    const r = await bidi.send('script.callFunction', { target, awaitPromise: false, ...params });
    const res = r.result ?? r;
    if (res.type === 'exception') throw new Error('script.callFunction: ' + JSON.stringify(res.exceptionDetails));
    return res.result;
  };
  // shadowRoot is BiDi's reference to the hint's closed root; inRoot runs
  // fn, a function of that root, in it.
  const shadowRoot = async () => {
    const host = await call({
      functionDeclaration: '() => document.querySelector("mailkey-hint")',
      resultOwnership: 'root',
      serializationOptions: { maxDomDepth: 0, includeShadowTree: 'all' },
    });
    const root = host.value && host.value.shadowRoot;
    if (!root || !root.sharedId) throw new Error('no shadow root in the serialized hint host: ' + JSON.stringify(host));
    return root;
  };
  const inRoot = async (fn, root) => (await call({
    functionDeclaration: fn,
    arguments: [{ sharedId: (root || await shadowRoot()).sharedId }],
    resultOwnership: 'none',
  })).value;
  const read = async () => {
    const root = await shadowRoot();
    const view = await inRoot(`(root) => JSON.stringify({
        lang: root.querySelector('.panel').lang,
        label: root.querySelector('.panel').getAttribute('aria-label'),
        title: root.querySelector('.title').textContent,
        text: root.querySelector('.panel').textContent,
        links: [...root.querySelectorAll('a[href]')].map((a) => a.href),
        buttons: [...root.querySelectorAll('button')].map((b) => b.textContent),
        border: getComputedStyle(root.querySelector('.panel')).borderLeftWidth,
      })`, root);
    return { mode: root.value && root.value.mode, hint: JSON.parse(view) };
  };
  let seen = await read();
  while (!seen.hint.title.includes(opts.expect) && Date.now() < deadline - 500) {
    await new Promise((r) => setTimeout(r, 100));
    seen = await read();
  }
  out = { extensionId: id, mode: seen.mode, page: page_, hint: seen.hint };

  // A password typed, then the hint's entry added with the keyboard: the
  // button focused (a script's focus is no click), Enter opens the form with
  // the label prefilled and focused, Enter saves.
  await frame.type(opts.password, opts.passwordText);
  await inRoot('(root) => root.querySelector("button[aria-expanded]").focus()');
  await page.keyboard.press('Enter');
  await new Promise((r) => setTimeout(r, 300));
  await page.keyboard.press('Enter');
  out.status = '';
  while (!out.status && Date.now() < deadline - 500) {
    await new Promise((r) => setTimeout(r, 100));
    out.status = await inRoot('(root) => root.querySelector(".status").textContent');
  }

  // The extension's own pages, in the same tab.
  const top = { context: page.mainFrame()._id };
  const evaluate = async (expression) => {
    const r = await bidi.send('script.evaluate', { target: top, expression, awaitPromise: true });
    const res = r.result ?? r;
    if (res.type === 'exception') throw new Error('script.evaluate: ' + JSON.stringify(res.exceptionDetails));
    return res.result.value;
  };
  // open shows an extension page and waits until Go has drawn it and ready
  // holds, or the time is up (the Go test then sees what is missing).
  const open = async (path, ready) => {
    await bidi.send('browsingContext.navigate', { context: top.context, url: `moz-extension://${opts.uuid}/${path}`, wait: 'none' });
    while (Date.now() < deadline - 1000) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        if (await evaluate(`location.pathname === '/${path}' && typeof globalThis.mailkeyUIReady === 'number' && (${ready})`)) return;
      } catch (e) {
        // the old document went away on the way
      }
    }
  };
  await open('extension/popup.html', 'true');
  out.stored = await evaluate('browser.storage.local.get(null).then((all) => JSON.stringify(all))');
  await page.click('#tab-ledger');
  do {
    await new Promise((r) => setTimeout(r, 100));
    out.popup = await evaluate(`document.querySelector('#app').innerText`);
  } while (!out.popup.includes(opts.label) && Date.now() < deadline - 500);
  await open('extension/checklist.html', `document.querySelector('#filter-active') !== null`);
  await page.click('#filter-active');
  do {
    await new Promise((r) => setTimeout(r, 100));
    out.checklist = await evaluate('document.body.innerText');
  } while (!out.checklist.includes(opts.label) && Date.now() < deadline - 1000);
  await open('extension/options.html', `document.querySelector('#sync-on') !== null`);
  out.options = await evaluate('document.body.innerText');
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out) + '\n');
