/* Mail ID: «Пароли для внешних приложений».
 *
 * The research (research/providers.md, sources mr_dc, mr_err_smtp) names the
 * feature ("пароль для внешнего приложения", Mail.ru account security >
 * Пароли для внешних приложений) but not the page's address or labels: the
 * address /user/2-step-auth/passwords/ and the steps (Добавить, a name,
 * Продолжить, the password) follow Mail.ru's help as remembered, not a
 * retrieved source. Mail.ru's passwords are longer (about 20 letters and
 * digits); this page shows 16 lowercase letters (span#mrPw). Query parameter
 * pw=16 letters fixes them (for tests). Готово closes the popup and adds the
 * name to the list. Удалить removes an entry.
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

  function wireDelete(btn) {
    btn.addEventListener('click', function () { btn.closest('li').remove(); });
  }

  function addEntry(name) {
    var li = document.createElement('li');
    li.className = 'b-list__item';
    var info = document.createElement('div');
    var n = document.createElement('span');
    n.className = 'b-list__name';
    n.textContent = name;
    var s = document.createElement('span');
    s.className = 'b-list__sub';
    s.textContent = 'Почта · создан сегодня';
    info.appendChild(n);
    info.appendChild(s);
    var del = document.createElement('button');
    del.type = 'button';
    del.className = 'b-button b-button_flat';
    del.textContent = 'Удалить';
    li.appendChild(info);
    li.appendChild(del);
    $('mrList').appendChild(li);
    wireDelete(del);
  }

  function init() {
    var input = $('mrName');
    var pending = '';
    Array.prototype.forEach.call(document.querySelectorAll('[data-delete]'), wireDelete);
    Array.prototype.forEach.call(document.querySelectorAll('[data-cancel]'), function (b) {
      b.addEventListener('click', function () { $('mrPopup').hidden = true; });
    });

    $('mrAdd').addEventListener('click', function () {
      input.value = '';
      $('mrNameErr').hidden = true;
      $('mrStepName').hidden = false;
      $('mrStepDone').hidden = true;
      $('mrPopup').hidden = false;
      input.focus();
    });
    $('mrContinue').addEventListener('click', function () {
      var name = input.value.trim();
      if (!name) {
        $('mrNameErr').hidden = false;
        return;
      }
      pending = name;
      $('mrForName').textContent = name;
      $('mrPw').textContent = generate();
      $('mrStepName').hidden = true;
      $('mrStepDone').hidden = false;
    });
    $('mrDone').addEventListener('click', function () {
      $('mrPopup').hidden = true;
      $('mrPw').textContent = '';
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
