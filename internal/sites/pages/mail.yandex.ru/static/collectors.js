/* Яндекс Почта, сборщик — fixture behaviour: enabling is refused. */
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('collectorForm');
    var err = document.getElementById('collectorError');
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      err.textContent = 'Не удалось подключиться к ящику: неверный логин или пароль.';
      err.hidden = false;
    });
  });
})();
