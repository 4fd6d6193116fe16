/* AOL Account Security: "Generate and manage app passwords".
 *
 * Modeled on AOL's help (research/providers.md, sources a_ap, a_dc): "Click
 * Generate app password or Generate and manage app passwords. Click Get
 * Started. Enter your app's name in the text field. Click Generate password.
 * ... Click Done." and "Click Delete next to the app password ... Click
 * Delete to confirm." AOL runs on Yahoo's account platform. The markup (one
 * dialog with a list step, a name step and a password step) is assumed.
 *
 * Generate password needs a name; the dialog then shows a 16-letter password
 * in 4 groups of 4 (span#apPw). Query parameter pw=16 letters fixes it (for
 * tests). Done closes the dialog and adds the name to the list.
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
    var t = $('toast');
    t.textContent = text;
    t.hidden = false;
    setTimeout(function () { t.hidden = true; }, 4000);
  }

  function step(name) {
    $('apStepList').hidden = name !== 'list';
    $('apStepName').hidden = name !== 'name';
    $('apStepDone').hidden = name !== 'done';
  }

  function refreshEmpty() {
    $('apEmpty').hidden = $('apList').children.length > 0;
  }

  var deleting = null;
  function wireDelete(btn) {
    btn.addEventListener('click', function () {
      deleting = btn.closest('li');
      $('delName').textContent = deleting.querySelector('.ap-name').textContent;
      $('delDialog').hidden = false;
    });
  }

  function addEntry(name) {
    var li = document.createElement('li');
    li.className = 'ap-item';
    var info = document.createElement('div');
    var n = document.createElement('span');
    n.className = 'ap-name';
    n.textContent = name;
    var m = document.createElement('span');
    m.className = 'ap-meta';
    m.textContent = 'Created today';
    info.appendChild(n);
    info.appendChild(m);
    var del = document.createElement('button');
    del.type = 'button';
    del.className = 'btn btn-link';
    del.textContent = 'Delete';
    li.appendChild(info);
    li.appendChild(del);
    $('apList').appendChild(li);
    wireDelete(del);
    refreshEmpty();
  }

  function init() {
    var input = $('apName');
    var pending = '';
    Array.prototype.forEach.call(document.querySelectorAll('[data-delete]'), wireDelete);
    Array.prototype.forEach.call(document.querySelectorAll('[data-close]'), function (b) {
      b.addEventListener('click', function () { $('apDialog').hidden = true; });
    });

    $('manageAppPw').addEventListener('click', function () {
      step('list');
      $('apDialog').hidden = false;
    });
    $('apGetStarted').addEventListener('click', function () {
      input.value = '';
      $('apNameErr').hidden = true;
      step('name');
      input.focus();
    });
    $('apGenerate').addEventListener('click', function () {
      var name = input.value.trim();
      if (!name) {
        $('apNameErr').hidden = false;
        return;
      }
      pending = name;
      $('apForName').textContent = name;
      $('apPw').textContent = generate().match(/.{4}/g).join(' ');
      step('done');
    });
    $('apDone').addEventListener('click', function () {
      $('apPw').textContent = '';
      if (pending) addEntry(pending);
      pending = '';
      step('list');
    });

    $('delCancel').addEventListener('click', function () { $('delDialog').hidden = true; });
    $('delConfirm').addEventListener('click', function () {
      $('delDialog').hidden = true;
      if (!deleting) return;
      var name = deleting.querySelector('.ap-name').textContent;
      deleting.remove();
      deleting = null;
      refreshEmpty();
      toast('App password for ' + name + ' deleted');
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
