/* QQ邮箱 其他邮箱, hostile variant: every label, heading, button caption,
 * placeholder, title and error text of the page carries one of the XSS
 * payloads of internal/sites (served as /_mk/xss.json), set as text or as an
 * attribute value, never as markup. ?addr=A pre-fills the address. When the
 * page is built, body gets data-ready="1".
 */
(function () {
  'use strict';

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function build(xss) {
    document.title = 'QQ邮箱 ' + xss[0];
    var heads = document.getElementById('xssHeads');
    xss.slice(0, 10).forEach(function (p, i) {
      heads.appendChild(el(['h1', 'h2', 'h3'][i % 3], {}, '其他邮箱 ' + p));
    });
    document.getElementById('emailLabel').textContent = '邮箱地址 ' + xss[5] + '：';
    document.getElementById('pwdLabel').textContent = '密码 ' + xss[6] + '：';
    var fields = document.getElementById('xssFields');
    xss.slice(0, 20).forEach(function (p, i) {
      var tr = el('tr');
      var id = 'xf' + i;
      tr.appendChild(el('td', {}, '')).appendChild(el('label', { for: id }, p));
      var td = el('td');
      td.appendChild(el('input', { type: 'text', id: id, name: p.slice(0, 80), placeholder: p, title: p, 'aria-label': p, value: p }));
      tr.appendChild(td);
      fields.appendChild(tr);
    });
    var buttons = document.getElementById('xssButtons');
    xss.forEach(function (p, i) {
      if (i % 2) buttons.appendChild(el('button', { type: 'button', 'aria-label': p }, p));
      else buttons.appendChild(el('input', { type: 'button', value: p }));
    });
    var texts = document.getElementById('xssTexts');
    xss.forEach(function (p) {
      texts.appendChild(el('div', { role: 'alert' }, '收取失败：-ERR [AUTH] Application-specific password required ' + p));
      texts.appendChild(el('p', {}, '密码错误 ' + p));
    });
    var addr = new URLSearchParams(location.search).get('addr');
    if (addr) document.getElementById('pop3_email').value = addr;
    document.body.setAttribute('data-ready', '1');
  }

  fetch('/_mk/xss.json').then(function (r) { return r.json(); }).then(build);
})();
