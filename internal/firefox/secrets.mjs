// Firefox driver of the sync-secrets test (secrets_test.go), run with the
// project-local Node like smoke.mjs: launches firefox-esr through
// puppeteer-core over WebDriver BiDi, installs the extension, turns sync on
// in the options page as a person would (server, passphrase, "make one",
// the operator's enrollment token), reads the sync code it then shows, opens
// a matched page and asks the probe content script (added to the test's copy
// of the package, beside sensor.js and hint.js, so with their rights) what
// storage it can read. Prints one JSON line; the Go test decides.
//
// Argument: {firefox, extension, uuid, hosts, server, passphrase, enroll,
// url, timeoutMs}. The server's origin is granted at install (the test's
// manifest); the data-collection consent the page asks for is granted
// without a prompt (extensions.webextOptionalPermissionPrompts false: a
// headless browser has no doorhanger to click).
import puppeteer from 'puppeteer-core';

const opts = JSON.parse(process.argv[2]);
const deadline = Date.now() + opts.timeoutMs;
const left = () => Math.max(1, deadline - Date.now());
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const browser = await puppeteer.launch({
  browser: 'firefox',
  executablePath: opts.firefox,
  headless: true,
  args: ['--remote-allow-system-access'],
  acceptInsecureCerts: true,
  extraPrefsFirefox: {
    'network.dns.localDomains': opts.hosts.join(','),
    'intl.locale.requested': 'en-US',
    'extensions.webextensions.uuids': JSON.stringify({ 'mailkey@mailkey': opts.uuid }),
    'extensions.webextOptionalPermissionPrompts': false,
  },
  timeout: left(),
});
const out = { steps: [] };
try {
  await browser.installExtension(opts.extension);
  const page = await browser.newPage();
  page.setDefaultTimeout(left());
  const bidi = browser.connection;
  const top = { context: page.mainFrame()._id };
  const evaluate = async (expression) => {
    const r = await bidi.send('script.evaluate', { target: top, expression, awaitPromise: true });
    const res = r.result ?? r;
    if (res.type === 'exception') throw new Error('script.evaluate: ' + JSON.stringify(res.exceptionDetails));
    return res.result.value;
  };
  // until polls expression until it is true (or a string, returned).
  const until = async (step, expression) => {
    out.steps.push(step);
    while (Date.now() < deadline - 1000) {
      try {
        const v = await evaluate(expression);
        if (v) return v;
      } catch (e) {
        // a document on its way
      }
      await sleep(100);
    }
    throw new Error('timed out: ' + step);
  };
  const text = (sel) => `(document.querySelector(${JSON.stringify(sel)}) || {}).textContent || ''`;

  await bidi.send('browsingContext.navigate', { context: top.context, url: `moz-extension://${opts.uuid}/extension/options.html`, wait: 'none' });
  await until('options page', `typeof globalThis.mailkeyUIReady === 'number' && document.querySelector('#sync-on') !== null`);
  await page.type('#sync-server', opts.server);
  await page.type('#sync-pass', opts.passphrase);
  await until('strength judged', `!document.querySelector('#sync-on').disabled`);
  await page.click('#sync-on');
  const asked = await until('asked to make a vault', `${text('#sync-no-vault')} ? 'asked' : ${text('#sync-err')} && 'error: ' + ${text('#sync-err')}`);
  if (asked !== 'asked') throw new Error(asked);
  await page.type('#sync-enroll', opts.enroll);
  await page.click('#sync-create');
  out.code = await until('sync on', `(() => {
    const code = ${text('#sync-code-text')};
    if (code.startsWith('MK2-')) return code;
    const err = ${text('#sync-err')};
    return err ? 'error: ' + err : false;
  })()`);
  out.stored = await evaluate('browser.storage.local.get(null).then((all) => JSON.stringify(all))');

  await page.goto(opts.url, { waitUntil: 'load' });
  await until('probe ready', `document.documentElement.dataset.mailkeyProbe === 'ready'`);
  await evaluate(`window.postMessage({ mailkeyProbe: 1 }, '*')`);
  out.probe = JSON.parse(await until('probe read', text('#mailkey-probe-out')));
} catch (e) {
  out.error = String(e);
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out) + '\n');
