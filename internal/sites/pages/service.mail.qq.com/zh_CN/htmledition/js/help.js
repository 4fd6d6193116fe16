/* QQ邮箱帮助中心 — fixture behaviour: the check form answers locally. */
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('hcCheckForm');
    var result = document.getElementById('hcResult');
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      result.textContent = '登录失败：请使用授权码登录。';
      result.hidden = false;
    });
  });
})();
