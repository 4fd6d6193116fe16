/* QQ邮箱 其他邮箱 (POP3 collector) — fixture behaviour.
 *
 * Query parameters (read here, not by the server):
 *   addr=ADDRESS   pre-fill the address field
 *   refused=1      show the refusal on load (the Gmail text when the address
 *                  is a Gmail one), refused=gmail always shows the Gmail text
 *   late=MS        on other_mailbox_late: insert the form after MS ms
 *                  (default: the body's data-late, 1500)
 *
 * On submit nothing is sent: after a short "checking" state the refusal is
 * shown in #pop3_err, as the real collector does when the remote POP3 server
 * refuses the password. The password is never read.
 */
(function () {
  'use strict';

  var GENERIC = '密码错误，请重新输入。';
  var GMAIL = '收取失败：-ERR [AUTH] Application-specific password required: ' +
    'http://support.google.com/accounts/bin/answer.py?answer=185833';
  var params = new URLSearchParams(location.search);

  function isGmail(addr) {
    return /@(gmail|googlemail)\.com\s*$/i.test(addr || '');
  }

  function refusalFor(addr) {
    return isGmail(addr) ? GMAIL : GENERIC;
  }

  function $(id) {
    return document.getElementById(id);
  }

  function showRefusal(text) {
    var box = $('pop3_err');
    var status = $('pop3_status');
    if (status) status.textContent = '';
    box.textContent = text;
    box.hidden = false;
  }

  function guessServer(addr) {
    var at = addr.lastIndexOf('@');
    if (at < 0) return '';
    var domain = addr.slice(at + 1).toLowerCase();
    if (domain === 'googlemail.com') domain = 'gmail.com';
    return domain ? 'pop.' + domain : '';
  }

  function wire() {
    var form = $('frm');
    var email = $('pop3_email');
    var server = $('pop3_server');
    email.addEventListener('change', function () {
      if (!server.value) server.value = guessServer(email.value.trim());
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var addr = email.value.trim();
      $('pop3_err').hidden = true;
      $('pop3_status').textContent = '正在验证，请稍候…';
      setTimeout(function () {
        showRefusal(refusalFor(addr));
      }, 300);
    });

    var addr = params.get('addr');
    if (addr) {
      email.value = addr;
      server.value = guessServer(addr);
    }
    var refused = params.get('refused');
    if (refused === 'gmail') {
      showRefusal(GMAIL);
    } else if (refused) {
      showRefusal(refusalFor(email.value));
    }
  }

  function init() {
    var late = document.body.getAttribute('data-late');
    if (late === null) {
      wire();
      return;
    }
    var ms = parseInt(params.get('late') || late, 10);
    setTimeout(function () {
      var panel = $('otherMailboxPanel');
      var tip = $('loadingTip');
      if (tip) tip.remove();
      panel.appendChild($('tmpl_pop3_add').content.cloneNode(true));
      wire();
    }, isNaN(ms) ? 1500 : ms);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
