/* 网易邮箱 代收邮件 — fixture behaviour: adding an account is refused. */
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('collectForm');
    var err = document.getElementById('collectErr');
    var host = form.elements.popHost;
    form.elements.account.addEventListener('change', function () {
      var a = form.elements.account.value.trim();
      var at = a.lastIndexOf('@');
      if (at > 0 && !host.value) host.value = 'pop.' + a.slice(at + 1).toLowerCase();
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      err.textContent = '代收失败：邮箱地址或密码错误，请检查后重试。';
      err.hidden = false;
    });
    form.addEventListener('reset', function () { err.hidden = true; });
  });
})();
