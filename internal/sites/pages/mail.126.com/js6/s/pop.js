/* 网易邮箱 设置 > POP3/SMTP/IMAP (#module=options.PopModule).
 *
 * Modeled on the research (research/providers.md, sources n_vendor, n_dc):
 * 设置 > POP3/SMTP/IMAP > 开启服务 / 新增授权密码 (labels vary: 客户端授权密码 /
 * 授权密码管理), an SMS check from the bound phone, a 16-character code. The
 * page's address is not known (the knowledge base records the whole host);
 * the 使用设备 (描述) field, the list columns and the markup are assumed.
 * Buttons are NetEase's div[role=button] components; 删除 and the service
 * switches are links.
 *
 * 新增授权密码 opens the dialog; 我已发送 needs a 使用设备 and shows the code
 * (span#authCode, 16 upper-case letters); query parameter pw=16 letters fixes
 * it (for tests). 确定 closes the dialog and adds the row. 删除 removes one.
 */
(function () {
  'use strict';

  var params = new URLSearchParams(location.search);

  function $(id) { return document.getElementById(id); }

  function generate() {
    var fixed = (params.get('pw') || '').replace(/\s+/g, '').toLowerCase();
    if (/^[a-z]{16}$/.test(fixed)) return fixed.toUpperCase();
    var letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    var s = '';
    for (var i = 0; i < 16; i++) s += letters[bytes[i] % 26];
    return s;
  }

  // press wires a div[role=button]: click, Enter and Space.
  function press(el, fn) {
    el.addEventListener('click', fn);
    el.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        fn();
      }
    });
  }

  function renumber() {
    Array.prototype.forEach.call($('authRows').children, function (tr, i) {
      tr.firstElementChild.textContent = String(i + 1);
    });
  }

  function wireDelete(a) {
    a.addEventListener('click', function (ev) {
      ev.preventDefault();
      a.closest('tr').remove();
      renumber();
    });
  }

  function addRow(name) {
    var tr = document.createElement('tr');
    ['', name, '刚刚'].forEach(function (text, i) {
      var td = document.createElement('td');
      if (i === 1) td.className = 'auth-name';
      td.textContent = text;
      tr.appendChild(td);
    });
    var td = document.createElement('td');
    var a = document.createElement('a');
    a.href = '#module=options.PopModule';
    a.textContent = '删除';
    td.appendChild(a);
    tr.appendChild(td);
    $('authRows').appendChild(tr);
    wireDelete(a);
    renumber();
  }

  function init() {
    var desc = $('authDesc');
    var pending = '';
    Array.prototype.forEach.call(document.querySelectorAll('[data-delete]'), wireDelete);
    Array.prototype.forEach.call(document.querySelectorAll('[data-toggle]'), function (a) {
      a.addEventListener('click', function (ev) {
        ev.preventDefault();
        var state = a.closest('tr').querySelector('.svc-state');
        var on = state.textContent === '已开启';
        state.textContent = on ? '已关闭' : '已开启';
        a.textContent = on ? '开启' : '关闭';
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-close]'), function (b) {
      press(b, function () { $('dlgAdd').hidden = true; });
    });

    press($('btnAddAuth'), function () {
      desc.value = '';
      $('authDescErr').hidden = true;
      $('addStepVerify').hidden = false;
      $('addStepCode').hidden = true;
      $('dlgAdd').hidden = false;
      desc.focus();
    });
    press($('btnSmsSent'), function () {
      var name = desc.value.trim();
      if (!name) {
        $('authDescErr').hidden = false;
        return;
      }
      pending = name;
      $('authForName').textContent = name;
      $('authCode').textContent = generate();
      $('addStepVerify').hidden = true;
      $('addStepCode').hidden = false;
    });
    press($('btnCodeOK'), function () {
      $('dlgAdd').hidden = true;
      $('authCode').textContent = '';
      if (pending) addRow(pending);
      pending = '';
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
