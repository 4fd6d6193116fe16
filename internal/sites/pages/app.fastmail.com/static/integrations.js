/* Fastmail Settings > Privacy & Security > Integrations: app passwords.
 *
 * Modeled on Fastmail's help (research/providers.md, source f_ap): "Click New
 * App Password. A Verify it's you box will appear. Enter your password and
 * click Continue. Select a name to identify this app password. Some options
 * are provided; ... you can enter your own descriptive name by selecting
 * Custom. Choose what data your app has access to ... Click Generate
 * Password. The next page will display your new app password ... Done." The
 * address /settings/security/integrations and the markup are assumed.
 *
 * Views replace one another: list, verify, form, done. Any password passes
 * the verification. Generate password shows 16 lowercase letters in 4 groups
 * of 4 (code#apPw); query parameter pw=16 letters fixes them (for tests).
 * Done returns to the list with the new name in it. Revoke removes a row.
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

  function view(name) {
    ['apListView', 'apVerifyView', 'apFormView', 'apDoneView'].forEach(function (id) {
      $(id).hidden = id !== name;
    });
  }

  function toast(text) {
    var t = $('toast');
    t.textContent = text;
    t.hidden = false;
    setTimeout(function () { t.hidden = true; }, 4000);
  }

  function wireRevoke(btn) {
    btn.addEventListener('click', function () {
      var row = btn.closest('tr');
      var name = row.querySelector('.ap-name').textContent;
      row.remove();
      toast('Revoked ' + name);
    });
  }

  function addRow(name, access) {
    var tr = document.createElement('tr');
    [name, access, 'Today', 'Never'].forEach(function (text, i) {
      var td = document.createElement('td');
      if (i === 0) td.className = 'ap-name';
      td.textContent = text;
      tr.appendChild(td);
    });
    var td = document.createElement('td');
    var btn = document.createElement('button');
    btn.type = 'button';
    btn.className = 'v-Button v-Button--destructive';
    btn.textContent = 'Revoke';
    td.appendChild(btn);
    tr.appendChild(td);
    $('apRows').appendChild(tr);
    wireRevoke(btn);
  }

  function init() {
    var select = $('apNameSelect');
    var custom = $('apCustomName');
    var pending = null;
    Array.prototype.forEach.call(document.querySelectorAll('[data-revoke]'), wireRevoke);
    Array.prototype.forEach.call(document.querySelectorAll('[data-cancel]'), function (b) {
      b.addEventListener('click', function () { view('apListView'); });
    });

    $('apNew').addEventListener('click', function () {
      $('verifyPw').value = '';
      view('apVerifyView');
      $('verifyPw').focus();
    });
    $('apVerifyView').addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (!$('verifyPw').value) return;
      $('verifyPw').value = '';
      select.value = 'Thunderbird';
      custom.value = '';
      $('apCustomRow').hidden = true;
      $('apNameErr').hidden = true;
      view('apFormView');
    });
    select.addEventListener('change', function () {
      $('apCustomRow').hidden = select.value !== 'custom';
      if (select.value === 'custom') custom.focus();
    });
    $('apGenerate').addEventListener('click', function () {
      var name = select.value === 'custom' ? custom.value.trim() : select.value;
      if (!name) {
        $('apNameErr').hidden = false;
        return;
      }
      pending = { name: name, access: $('apAccess').value };
      $('apForName').textContent = name;
      $('apPw').textContent = generate().match(/.{4}/g).join(' ');
      view('apDoneView');
    });
    $('apDone').addEventListener('click', function () {
      $('apPw').textContent = '';
      if (pending) addRow(pending.name, pending.access);
      pending = null;
      view('apListView');
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
