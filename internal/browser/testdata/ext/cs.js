// Content script of the harness test extension: runs in every frame of
// https://mail.qq.com/*, in the extension's isolated world.
document.documentElement.setAttribute('data-mk-test', window === window.top ? 'top' : 'frame');

globalThis.mkTestProbe = function () {
  return {
    href: location.href,
    top: window === window.top,
    extensionId: chrome.runtime.id,
    pageGlobalVisible: typeof window.mkBench !== 'undefined',
    passwordFields: document.querySelectorAll('input[type=password]').length,
  };
};

globalThis.mkTestPing = function () {
  return chrome.runtime.sendMessage({ type: 'ping' });
};

globalThis.mkTestSend = function (msg) {
  return chrome.runtime.sendMessage(msg);
};

console.log('mk-test content script on', location.pathname);
