/* Яндекс ID > Безопасность > Пароли приложений.
 *
 * Modeled on Yandex's help (research/providers.md, source ya_ap): "click
 * Create app password. Select the type of application. Come up with a name
 * for the password ... The password will be shown with this name in the
 * list. Click Create. The app password will appear in a pop-up window." The
 * address /security/app-passwords and the markup are assumed.
 *
 * Создать needs a name; the modal then shows 16 lowercase letters (span#yaPw).
 * Query parameter pw=16 letters fixes them (for tests). Готово closes the
 * modal and adds the name to the list. Удалить removes an entry.
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

  function step(name) {
    ['yaStepType', 'yaStepName', 'yaStepDone'].forEach(function (id) {
      $(id).hidden = id !== name;
    });
  }

  function wireDelete(btn) {
    btn.addEventListener('click', function () { btn.closest('li').remove(); });
  }

  function addEntry(name) {
    var li = document.createElement('li');
    li.className = 'List-item';
    var info = document.createElement('div');
    var n = document.createElement('span');
    n.className = 'List-name';
    n.textContent = name;
    var s = document.createElement('span');
    s.className = 'List-sub';
    s.textContent = 'Создан сегодня';
    info.appendChild(n);
    info.appendChild(s);
    var del = document.createElement('button');
    del.type = 'button';
    del.className = 'Button Button_view_clear';
    del.textContent = 'Удалить';
    li.appendChild(info);
    li.appendChild(del);
    $('yaList').appendChild(li);
    wireDelete(del);
  }

  function init() {
    var input = $('yaName');
    var pending = '';
    Array.prototype.forEach.call(document.querySelectorAll('[data-delete]'), wireDelete);
    Array.prototype.forEach.call(document.querySelectorAll('[data-cancel]'), function (b) {
      b.addEventListener('click', function () { $('yaModal').hidden = true; });
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-type]'), function (b) {
      b.addEventListener('click', function () {
        input.value = '';
        $('yaNameErr').hidden = true;
        step('yaStepName');
        input.focus();
      });
    });

    $('yaCreate').addEventListener('click', function () {
      step('yaStepType');
      $('yaModal').hidden = false;
    });
    $('yaCreateBtn').addEventListener('click', function () {
      var name = input.value.trim();
      if (!name) {
        $('yaNameErr').hidden = false;
        return;
      }
      pending = name;
      $('yaForName').textContent = name;
      $('yaPw').textContent = generate();
      step('yaStepDone');
    });
    $('yaDone').addEventListener('click', function () {
      $('yaModal').hidden = true;
      $('yaPw').textContent = '';
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
