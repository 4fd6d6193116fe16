/* Zoho Accounts > Security > App Passwords (#security/app_password).
 *
 * Modeled on Zoho's help (research/providers.md, sources z_ap, z_revoke):
 * "Click Generate New Password. You will be asked to give a name ... of your
 * application for future reference. Enter the name and click Generate. Your
 * password will be generated" and "You can delete an app password using the
 * Revoke button." The markup (a popup with a name step and a password step)
 * is assumed. Zoho's passwords are 12 or 16 characters by the sources; this
 * page shows 16 lowercase letters in 4 groups of 4, in bold (b#zPw). Query
 * parameter pw=16 letters fixes them (for tests). Close returns to the list
 * with the new name in it.
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

  function toast(text) {
    var t = $('zToast');
    t.textContent = text;
    t.hidden = false;
    setTimeout(function () { t.hidden = true; }, 4000);
  }

  function wireRevoke(btn) {
    btn.addEventListener('click', function () {
      var row = btn.closest('[role=row]');
      var name = row.querySelector('.zacc-name').textContent;
      row.remove();
      toast('App password for ' + name + ' revoked.');
    });
  }

  function addRow(name) {
    var row = document.createElement('div');
    row.className = 'zacc-tr';
    row.setAttribute('role', 'row');
    var n = document.createElement('span');
    n.setAttribute('role', 'cell');
    n.className = 'zacc-name';
    n.textContent = name;
    var when = document.createElement('span');
    when.setAttribute('role', 'cell');
    when.textContent = 'Just now';
    var cell = document.createElement('span');
    cell.setAttribute('role', 'cell');
    var del = document.createElement('button');
    del.type = 'button';
    del.className = 'zacc-del';
    del.title = 'Revoke';
    del.setAttribute('aria-label', 'Revoke');
    cell.appendChild(del);
    row.appendChild(n);
    row.appendChild(when);
    row.appendChild(cell);
    $('zRows').insertBefore(row, $('zRows').firstChild);
    wireRevoke(del);
  }

  function init() {
    var input = $('zAppName');
    var pending = '';
    Array.prototype.forEach.call(document.querySelectorAll('[data-revoke]'), wireRevoke);

    $('zGenerate').addEventListener('click', function () {
      input.value = '';
      $('zAppNameErr').hidden = true;
      $('zStepName').hidden = false;
      $('zStepDone').hidden = true;
      $('zPopup').hidden = false;
      input.focus();
    });
    $('zCancel').addEventListener('click', function () { $('zPopup').hidden = true; });
    $('zGenerateBtn').addEventListener('click', function () {
      var name = input.value.trim();
      if (!name) {
        $('zAppNameErr').hidden = false;
        return;
      }
      pending = name;
      $('zForName').textContent = name;
      $('zPw').textContent = generate().match(/.{4}/g).join(' ');
      $('zStepName').hidden = true;
      $('zStepDone').hidden = false;
    });
    $('zCopy').addEventListener('click', function () {
      if (navigator.clipboard) navigator.clipboard.writeText($('zPw').textContent.replace(/\s+/g, '')).catch(function () {});
    });
    $('zClose').addEventListener('click', function () {
      $('zPopup').hidden = true;
      $('zPw').textContent = '';
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
