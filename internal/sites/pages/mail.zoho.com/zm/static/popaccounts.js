/* Zoho Mail POP Accounts — fixture behaviour: adding is refused. */
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('zmPopForm');
    var err = document.getElementById('zmPopErr');
    var email = document.getElementById('zmPopEmail');
    email.addEventListener('change', function () {
      var u = document.getElementById('zmPopUser');
      if (!u.value) u.value = email.value.trim();
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      err.textContent = 'Unable to connect to the POP server. Invalid username or password.';
      err.hidden = false;
    });
    form.addEventListener('reset', function () { err.hidden = true; });
  });
})();
