// Mailkey's service worker (Chrome) / background script (Firefox).
// It registers its message listener synchronously, so that a message wakes a
// stopped worker and is answered; Go starts in parallel and every answer
// waits for it. Go keeps nothing between answers: the worker is stopped
// after 30 s idle and Go's main runs again when it wakes.
'use strict';

if (typeof importScripts === 'function') {
  importScripts('wire.js', 'locales.js', 'wasm_exec.js', 'vault-io.js'); // Chrome; Firefox lists them in background.scripts
}

// When start-up reached each step, in ms since the worker started (Go adds
// main, kb and locales): `mailkey bench` reads it to time a cold start by parts.
const startup = { script: performance.now() };
globalThis.mailkeyStartup = startup;
const answerTimes = [];
globalThis.mailkeyAnswerTimes = answerTimes;

// Reads started while Go starts: a stopped worker woken by a message spends
// most of its start compiling and starting Go, and the first answer would
// then wait for its reads of storage. Go's first read of a key takes the
// read under way (wasm/jsbridge); a write to the key, by Go or anywhere,
// drops it, as it may be older.
const readsAhead = new Map();
const aheadKey = (area, key) => `${area}\n${key}`;
const readAhead = (area, key) => readsAhead.set(aheadKey(area, key), chrome.storage[area].get(key));
globalThis.mailkeyReadsAhead = {
  take(area, key) {
    const read = readsAhead.get(aheadKey(area, key));
    readsAhead.delete(aheadKey(area, key));
    if (read) startup.takenAhead = (startup.takenAhead || 0) + 1;
    return read;
  },
  drop(area, keys) {
    for (const key of keys) readsAhead.delete(aheadKey(area, key));
  },
};
chrome.storage.onChanged.addListener((changes, area) => mailkeyReadsAhead.drop(area, Object.keys(changes)));
readAhead('local', MailkeyWire.key.choice); // every answer reads it

// The keys of an area under a prefix, without their values, or null where
// the browser cannot list them (chrome.storage's getKeys, Chrome 130 on):
// Go lists the hints dismissed once, instead of a read per new hint.
globalThis.mailkeyKeysUnder = (area, prefix) => (typeof chrome.storage[area].getKeys === 'function'
  ? chrome.storage[area].getKeys().then((keys) => keys.filter((key) => key.startsWith(prefix)))
  : Promise.resolve(null));

let markReady;
const ready = new Promise((resolve) => { markReady = resolve; });
globalThis.mailkeyReady = () => { // called by Go's main
  startup.ready = performance.now();
  markReady();
};

const go = new Go();
WebAssembly.instantiateStreaming(fetch(chrome.runtime.getURL('extension/worker.wasm')), go.importObject)
  .then((result) => {
    startup.compiled = performance.now();
    go.run(result.instance);
  })
  .catch((err) => console.error('mailkey: the wasm did not start', err));

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  let text;
  try {
    text = JSON.stringify(message);
  } catch {
    sendResponse({ ok: false });
    return false;
  }
  // Only what the browser says about the sender is passed on, never what the
  // message claims; Go decides whether to trust it.
  const from = JSON.stringify({
    id: sender.id,
    url: sender.url,
    tab: sender.tab ? sender.tab.id : -1,
    frame: typeof sender.frameId === 'number' ? sender.frameId : 0,
  });
  // What the tab's frames found before is read for the answer (its record
  // is kept by Go once read or written).
  if (!startup.ready && sender.tab) readAhead('session', MailkeyWire.key.tabPrefix + sender.tab.id);
  startup.message ??= performance.now();
  const received = performance.now();
  ready
    .then(() => globalThis.mailkeyHandle(String(text), from))
    .then((answer) => {
      const parsed = JSON.parse(answer);
      // Go names an extension page to open (the Guide, for a lookup the
      // hint asked for); only this extension's own pages can be named.
      if (parsed.ok && typeof parsed.openPage === 'string') chrome.tabs.create({ url: chrome.runtime.getURL(parsed.openPage) });
      sendResponse(parsed);
      startup.answer ??= performance.now();
      // The worker's times of its last answers that carried a hint
      // (`mailkey bench` reads them).
      if (parsed.hint) answerTimes.push(performance.now() - received);
      if (answerTimes.length > 64) answerTimes.shift();
    })
    .catch(() => sendResponse({ ok: false }));
  return true; // the answer is asynchronous
});

// The toolbar badge counts the ledger's entries due for review: refreshed
// daily by an alarm and whenever the ledger or its settings change. Go
// decides the count, the words and whether to notify (only on the daily
// alarm, only if the person turned notifications on).
const review = (daily) => ready
  .then(() => globalThis.mailkeyReview(Boolean(daily)))
  .then((text) => {
    const r = JSON.parse(text);
    chrome.action.setBadgeText({ text: r.badge });
    chrome.action.setBadgeBackgroundColor({ color: '#9a6700' });
    chrome.action.setTitle({ title: r.title });
    if (r.notify && chrome.notifications) {
      chrome.notifications.create('mailkey-review', {
        type: 'basic', iconUrl: chrome.runtime.getURL('extension/icons/icon-128.png'), title: r.notifyTitle, message: r.notifyText,
      });
    }
  })
  .catch((err) => console.error('mailkey: review', err));

// Sync, when the person turned it on: a round a few seconds after the
// ledger changes (edits made offline wait for the next one), every 15
// minutes, and at start. Go decides whether sync is on and does the round;
// a round that was refused for too many requests is retried when the server
// says. The 'sync-soon' alarm stands in for the timer should the worker stop;
// a round that starts makes it unneeded.
let syncTimer;
const sync = () => {
  clearTimeout(syncTimer);
  chrome.alarms.clear('sync-soon');
  return ready
    .then(() => globalThis.mailkeySync())
    .then((text) => {
      const r = JSON.parse(text);
      if (r.retryAfter > 0) chrome.alarms.create('sync-retry', { delayInMinutes: Math.max(0.5, r.retryAfter / 60) });
    })
    .catch((err) => console.error('mailkey: sync', err));
};
const syncSoon = () => {
  clearTimeout(syncTimer);
  syncTimer = setTimeout(sync, 2000);
  chrome.alarms.create('sync-soon', { delayInMinutes: 0.5 });
};

chrome.runtime.onInstalled.addListener(() => {
  chrome.alarms.create('review', { delayInMinutes: 1, periodInMinutes: 24 * 60 });
  chrome.alarms.create('sync', { delayInMinutes: 1, periodInMinutes: 15 });
  review(false);
});
chrome.runtime.onStartup.addListener(() => {
  review(false);
  sync();
});
chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === 'review') review(true);
  if (alarm.name === 'sync' || alarm.name === 'sync-soon' || alarm.name === 'sync-retry') sync();
});
// What a closed tab's frames found goes with it (the worker keeps it in
// storage.session for the popup and to check the hints' intents).
chrome.tabs.onRemoved.addListener((tab) => {
  ready.then(() => globalThis.mailkeyForgetTab(tab)).catch(() => {});
});
chrome.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local') return;
  const keys = Object.keys(changes);
  if (keys.some((k) => k.startsWith('ledger/') || k.startsWith('settings/'))) review(false);
  if (keys.some((k) => k.startsWith('ledger/'))) syncSoon();
});
if (chrome.notifications) {
  chrome.notifications.onClicked.addListener((id) => {
    if (id === 'mailkey-review') chrome.tabs.create({ url: chrome.runtime.getURL('extension/checklist.html') });
  });
}
