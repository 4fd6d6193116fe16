// Firefox variant driver, run by firefox_test.go (TestFirefoxVariants) with
// the project-local Node: installs the unpacked extension in firefox-esr
// (puppeteer-core over WebDriver BiDi, as smoke.mjs), then for each
// generated variant page (internal/variants) waits for its form wherever the
// page put it (window.mkField), types the address with real key events and
// reads every hint drawn, in each frame's document and its open shadow
// roots. The closed root is read through BiDi's serialization
// (includeShadowTree "all"). Prints one JSON line: [{url, hosts, titles}].
//
// Argument: {firefox, extension, uuid, hosts, variants: [{url, field, text, settle}], timeoutMs}.
import puppeteer from 'puppeteer-core';

const opts = JSON.parse(process.argv[2]);
const browser = await puppeteer.launch({
  browser: 'firefox',
  executablePath: opts.firefox,
  headless: true,
  acceptInsecureCerts: true,
  extraPrefsFirefox: {
    'network.dns.localDomains': opts.hosts.join(','),
    'intl.locale.requested': 'en-US',
    'extensions.webextensions.uuids': JSON.stringify({ 'mailkey@mailkey': opts.uuid }),
  },
  timeout: opts.timeoutMs,
});
const out = [];
try {
  await browser.installExtension(opts.extension);
  const bidi = browser.connection;
  for (const v of opts.variants) {
    const page = await browser.newPage();
    page.setDefaultTimeout(20000);
    const r = { url: v.url, hosts: 0, titles: [], error: '' };
    try {
      await page.goto(v.url, { waitUntil: 'load' });
      await new Promise((ok) => setTimeout(ok, v.settle || 0)); // a form drawn again: typed into the last
      await page.waitForFunction((key) => {
        const el = window.mkField && window.mkField(key);
        if (el) el.focus();
        return !!el;
      }, { polling: 100 }, v.field);
      await page.keyboard.type(v.text);
      const deadline = Date.now() + 8000;
      while (Date.now() < deadline) {
        r.hosts = 0;
        r.titles = [];
        // Each frame (blank and srcdoc ones are browsing contexts too) in its
        // own context, where BiDi can hand back the hint's closed root.
        for (const frame of page.frames()) {
          const target = { context: frame._id };
          const res = await bidi.send('script.callFunction', {
            target, awaitPromise: false, resultOwnership: 'root',
            serializationOptions: { maxDomDepth: 0, includeShadowTree: 'all' },
            functionDeclaration: `() => {
              const found = [];
              const walk = (root) => {
                for (const el of root.querySelectorAll('*')) {
                  if (el.localName === 'mailkey-hint') found.push(el);
                  if (el.shadowRoot) walk(el.shadowRoot);
                }
              };
              walk(document);
              return found;
            }`,
          }).catch(() => null);
          if (!res) continue;
          const hosts = ((res.result ?? res).result || {}).value || [];
          r.hosts += hosts.length;
          for (const h of hosts) {
            const root = h.value && h.value.shadowRoot;
            if (!root || !root.sharedId) { r.titles.push(''); continue; }
            const t = await bidi.send('script.callFunction', {
              target, awaitPromise: false, resultOwnership: 'none',
              functionDeclaration: '(root) => root.querySelector(".title") ? root.querySelector(".title").textContent : ""',
              arguments: [{ sharedId: root.sharedId }],
            }).catch((e) => ({ result: { result: { value: 'unreadable: ' + e.message } } }));
            r.titles.push(((t.result ?? t).result || {}).value || '');
          }
        }
        if (r.titles.some((x) => x && !x.startsWith('unreadable'))) break;
        await new Promise((ok) => setTimeout(ok, 200));
      }
    } catch (e) {
      r.error = String(e && e.message || e);
    }
    out.push(r);
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
