/* GMX Externe Postfächer — fixture behaviour: adding is refused. */
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('extMailboxForm');
    var err = document.getElementById('extMailboxError');
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      err.textContent = 'Die Anmeldung am externen Postfach ist fehlgeschlagen. Bitte prüfen Sie E-Mail-Adresse und Passwort.';
      err.hidden = false;
    });
    form.addEventListener('reset', function () { err.hidden = true; });
  });
})();
