// Service worker of the harness test extension.
const startedAt = Date.now() + Math.random();
let count = 0;
console.log('mk-test worker started');

chrome.runtime.onInstalled.addListener(() => {
  chrome.storage.local.set({ installedBy: 'mk-test', schema: 1 });
});

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  count++;
  switch (msg && msg.type) {
    case 'ping':
      sendResponse({ pong: true, startedAt, count, from: sender.url });
      return false;
    case 'log':
      console.log('mk-test worker log:', msg.text, { nested: { text: msg.text } });
      sendResponse({ ok: true });
      return false;
    case 'store':
      chrome.storage.local.set(msg.items).then(() => sendResponse({ ok: true }));
      return true;
    default:
      sendResponse({ error: 'unknown message' });
      return false;
  }
});
