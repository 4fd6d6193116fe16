/* Почта Mail, сбор писем — fixture behaviour: adding a mailbox is refused. */
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('collectorAddForm');
    var err = document.getElementById('collectorAddError');
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      err.textContent = 'Неверное имя пользователя или пароль.';
      err.hidden = false;
    });
  });
})();
