/* Apple Account, Sign-In and Security: App-Specific Passwords.
 *
 * Modeled on Apple's support article 102654 (research/providers.md, source
 * i_ap): "In the Sign-In and Security section, select App-Specific
 * Passwords. Select Generate an app-specific password, then follow the steps
 * on your screen." and "Select the (x) next to a password you want to
 * delete, or Revoke All." The steps (a label, then Create) follow Apple's
 * older wording ("Enter a label for the password ... Create"); the markup is
 * assumed.
 *
 * Create needs a label; the modal then shows a 16-letter password in 4
 * groups of 4 joined by hyphens, as Apple shows them (div#aspPw). Query
 * parameter pw=16 letters fixes it (for tests). Done returns to the list,
 * with the new label in it.
 */
(function () {
  'use strict';

  var params = new URLSearchParams(location.search);

  function $(id) { return document.getElementById(id); }

  function generate() {
    var fixed = (params.get('pw') || '').replace(/[\s-]+/g, '').toLowerCase();
    if (/^[a-z]{16}$/.test(fixed)) return fixed;
    var letters = 'abcdefghijklmnopqrstuvwxyz';
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    var s = '';
    for (var i = 0; i < 16; i++) s += letters[bytes[i] % 26];
    return s;
  }

  function view(name) {
    ['aspList', 'aspName', 'aspDone', 'aspConfirm'].forEach(function (id) {
      $(id).hidden = id !== name;
    });
  }

  function refreshCount() {
    $('aspCount').textContent = 'Active passwords (' + $('aspItems').children.length + ')';
  }

  var revoking = null;
  function wireRevoke(btn) {
    btn.addEventListener('click', function () {
      revoking = btn.closest('li');
      $('aspConfirmName').textContent = revoking.querySelector('.ac-item-name').textContent;
      view('aspConfirm');
    });
  }

  function addItem(name) {
    var li = document.createElement('li');
    var info = document.createElement('div');
    var n = document.createElement('span');
    n.className = 'ac-item-name';
    n.textContent = name;
    var s = document.createElement('span');
    s.className = 'ac-item-sub';
    s.textContent = 'Created today';
    info.appendChild(n);
    info.appendChild(s);
    var btn = document.createElement('button');
    btn.type = 'button';
    btn.className = 'ac-revoke';
    btn.setAttribute('aria-label', 'Revoke ' + name);
    li.appendChild(info);
    li.appendChild(btn);
    $('aspItems').appendChild(li);
    wireRevoke(btn);
    refreshCount();
  }

  function init() {
    var input = $('aspLabel');
    var pending = '';
    Array.prototype.forEach.call(document.querySelectorAll('[data-revoke]'), wireRevoke);

    $('aspTile').addEventListener('click', function () {
      view('aspList');
      $('aspModal').hidden = false;
    });
    $('aspClose').addEventListener('click', function () { $('aspModal').hidden = true; });
    $('aspGenerate').addEventListener('click', function () {
      input.value = '';
      $('aspLabelErr').hidden = true;
      view('aspName');
      input.focus();
    });
    $('aspCancel').addEventListener('click', function () { view('aspList'); });
    $('aspCreate').addEventListener('click', function () {
      var name = input.value.trim();
      if (!name) {
        $('aspLabelErr').hidden = false;
        return;
      }
      pending = name;
      $('aspForName').textContent = name;
      $('aspPw').textContent = generate().match(/.{4}/g).join('-');
      view('aspDone');
    });
    $('aspDoneBtn').addEventListener('click', function () {
      $('aspPw').textContent = '';
      if (pending) addItem(pending);
      pending = '';
      view('aspList');
    });
    $('aspConfirmCancel').addEventListener('click', function () { view('aspList'); });
    $('aspConfirmOK').addEventListener('click', function () {
      if (revoking) revoking.remove();
      revoking = null;
      refreshCount();
      view('aspList');
    });
    $('aspRevokeAll').addEventListener('click', function () {
      $('aspItems').replaceChildren();
      refreshCount();
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
