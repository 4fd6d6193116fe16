/* Microsoft account: the app-password page.
 *
 * Modeled on Microsoft's help (research/providers.md, sources m_ap_support,
 * m_ap_archive): under Advanced security options > App passwords, "Create a
 * new app password" opens this page, and "a new app password is generated and
 * appears on your screen". So the page itself has no name field and no
 * create button: the password is shown on arrival (16 lowercase letters, in
 * strong#iAppPassword). Query parameter pw=16 letters fixes it (for tests).
 * Microsoft lists no app passwords; it offers only "Remove existing app
 * passwords" (all at once) on the Advanced security options page.
 */
(function () {
  'use strict';

  function generate() {
    var fixed = (new URLSearchParams(location.search).get('pw') || '').replace(/\s+/g, '').toLowerCase();
    if (/^[a-z]{16}$/.test(fixed)) return fixed;
    var letters = 'abcdefghijklmnopqrstuvwxyz';
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    var s = '';
    for (var i = 0; i < 16; i++) s += letters[bytes[i] % 26];
    return s;
  }

  function init() {
    document.getElementById('iAppPassword').textContent = generate();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
