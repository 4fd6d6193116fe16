/* QQ邮箱 设置 > 账户 (classic UI, /cgi-bin/setting4?fun=list&acc=1#pop3Info).
 *
 * Modeled on the research (research/providers.md, sources q_howto, q_2022):
 * 设置 > 账户 > POP3/IMAP/SMTP/Exchange/CardDAV/CalDAV服务: turn on
 * POP3/SMTP, click 生成授权码 below, pass 验证密保 (an SMS from the bound
 * phone, or 手机令牌), and the 16-letter 授权码 is shown. The classic page
 * gives the code no name: there is no 描述/名称 field (q_2022 says the newer
 * UI asks for a 备注 after the code is made). As in classic QQ Mail, the
 * page's actions (开启/关闭, 生成授权码, the dialog buttons) are links, not
 * buttons; only 保存更改/取消 are input buttons. The markup is assumed.
 *
 * 生成授权码 opens 验证密保; 我已发送 checks the SMS for a moment (a
 * 正在验证 dialog with 取消; check=MS sets how long, 1500 by default), then
 * shows the code (span#authCode, 16 lowercase letters); query parameter
 * pw=16 letters fixes it (for tests). 确定 closes the dialog. The switches
 * toggle 已开启/已关闭.
 */
(function () {
  'use strict';

  var params = new URLSearchParams(location.search);

  function $(id) { return document.getElementById(id); }

  function generate() {
    var fixed = (params.get('pw') || '').replace(/\s+/g, '').toLowerCase();
    if (/^[a-z]{16}$/.test(fixed)) return fixed;
    var letters = 'abcdefghijklmnopqrstuvwxyz';
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    var s = '';
    for (var i = 0; i < 16; i++) s += letters[bytes[i] % 26];
    return s;
  }

  function link(id, fn) {
    $(id).addEventListener('click', function (ev) {
      ev.preventDefault();
      fn();
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-toggle]'), function (a) {
      a.addEventListener('click', function (ev) {
        ev.preventDefault();
        var state = a.closest('tr').querySelector('.svc_state');
        var on = state.textContent === '已开启';
        state.textContent = on ? '已关闭' : '已开启';
        a.textContent = on ? '开启' : '关闭';
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-close]'), function (a) {
      a.addEventListener('click', function (ev) {
        ev.preventDefault();
        a.closest('.qm_dialog').hidden = true;
      });
    });
    link('genAuthCode', function () { $('dlgVerify').hidden = false; });
    link('btnSent', function () {
      $('dlgVerify').hidden = true;
      $('dlgChecking').hidden = false;
      var ms = parseInt(params.get('check') || '1500', 10);
      setTimeout(function () {
        if ($('dlgChecking').hidden) return; // cancelled
        $('dlgChecking').hidden = true;
        $('authCode').textContent = generate();
        $('dlgCode').hidden = false;
      }, ms);
    });
    link('btnCodeOK', function () {
      $('dlgCode').hidden = true;
      $('authCode').textContent = '';
    });
    $('frmAccount').addEventListener('submit', function (ev) { ev.preventDefault(); });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
