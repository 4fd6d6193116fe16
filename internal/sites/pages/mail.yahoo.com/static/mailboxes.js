/* Yahoo Mail Settings > Mailboxes > Add mailbox — fixture behaviour. */
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('addMailboxForm');
    var err = document.getElementById('addMailboxError');
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      err.textContent = 'We couldn\u2019t sign in to this mailbox. Check your email address and password and try again.';
      err.hidden = false;
    });
  });
})();
