/* Google Account "App passwords" fixture.
 *
 * Create: needs a name; shows a dialog with a generated 16-letter password
 * (shown in 4 groups of 4, as Google does) in span#apDialogPw, and the name.
 * Query parameter pw=16 letters fixes the generated password (for tests).
 * Done closes the dialog and adds the name to the list. Each delete button
 * removes its entry at once and shows a toast.
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

  function grouped(pw) {
    return pw.match(/.{4}/g).join(' ');
  }

  function toast(text) {
    var t = $('toast');
    t.textContent = text;
    t.hidden = false;
    setTimeout(function () { t.hidden = true; }, 4000);
  }

  function refreshEmpty() {
    $('apEmpty').hidden = $('apList').children.length > 0;
  }

  function wireDelete(btn) {
    btn.addEventListener('click', function () {
      var li = btn.closest('li');
      var name = li.querySelector('.sXDEzb').textContent;
      li.remove();
      refreshEmpty();
      toast('App password for ' + name + ' deleted');
    });
  }

  var seq = 3;
  function addEntry(name) {
    var idv = 'ap' + (seq++);
    var li = document.createElement('li');
    li.className = 'JNDtXd';
    li.setAttribute('data-ap-id', idv);
    var info = document.createElement('div');
    info.className = 'mMsbvc';
    var n = document.createElement('span');
    n.className = 'sXDEzb';
    n.textContent = name;
    var c = document.createElement('div');
    c.className = 'bHlQXc';
    c.textContent = 'Created just now';
    info.appendChild(n);
    info.appendChild(c);
    var del = document.createElement('button');
    del.type = 'button';
    del.className = 'VfPpkd-Bz112c-LgbsSe pNBeQc';
    del.setAttribute('aria-label', 'Delete ' + name);
    del.setAttribute('data-delete', idv);
    var icon = document.createElement('span');
    icon.className = 'google-material-icons';
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = 'delete';
    del.appendChild(icon);
    li.appendChild(info);
    li.appendChild(del);
    $('apList').appendChild(li);
    wireDelete(del);
    refreshEmpty();
  }

  function init() {
    var input = $('i6');
    var pending = '';
    Array.prototype.forEach.call(document.querySelectorAll('[data-delete]'), wireDelete);

    $('createBtn').addEventListener('click', function () {
      var name = input.value.trim();
      if (!name) {
        $('nameError').hidden = false;
        return;
      }
      $('nameError').hidden = true;
      pending = name;
      $('apDialogName').textContent = name;
      $('apDialogPw').textContent = grouped(generate());
      $('apDialog').hidden = false;
    });

    $('apDialogDone').addEventListener('click', function () {
      $('apDialog').hidden = true;
      $('apDialogPw').textContent = '';
      input.value = '';
      if (pending) addEntry(pending);
      pending = '';
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
