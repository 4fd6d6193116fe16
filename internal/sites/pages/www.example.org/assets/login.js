/* example.org login — fixture behaviour: sign-in is refused. */
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('loginForm');
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var err = document.getElementById('loginError');
      err.textContent = 'Invalid email or password.';
      err.hidden = false;
    });
  });
})();
