/* Microsoft account: Advanced security options (/proofs/Manage/additional).
 *
 * Modeled on Microsoft's help (research/providers.md, sources m_ap_support,
 * m_ap_archive): under App passwords, "Create a new app password" opens the
 * page that makes one and shows it (/proofs/AppPassword). Microsoft lists
 * no app passwords ("Remove existing app passwords", left out here, removes
 * them all at once). The address and the markup are assumed. The create
 * link keeps this page's query (the tests' pw= and csp=), so the next page
 * shows the password they fix.
 */
(function () {
  'use strict';

  function init() {
    var a = document.getElementById('iCreateAppPassword');
    a.setAttribute('href', '/proofs/AppPassword' + location.search);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
