/* Benchmark page: time from inserting a QQ-style collector form to the first
 * <mailkey-hint> (the extension) or <mailkey-floor> (the baseline extension)
 * element added anywhere in the document.
 *
 *   window.mkBench.insert()  records t0 and inserts the form; returns done
 *   window.mkBench.done      promise of t1 - t0 in ms for the current round
 *   window.mkBench.reset()   removes the form and any marker element, re-arms
 *   window.mkBench.t0        when the last form was inserted (performance.now())
 */
(function () {
  'use strict';

  var MARKERS = 'mailkey-hint,mailkey-floor';
  var t0 = 0;
  var resolveDone = null;
  var current = null;

  var bench = {
    done: null,
    t0: 0,
    insert: insert,
    reset: reset,
  };

  function arm() {
    t0 = 0;
    bench.done = new Promise(function (resolve) {
      resolveDone = resolve;
    });
  }

  function isMarker(node) {
    if (node.nodeType !== 1) return false;
    var name = node.localName;
    if (name === 'mailkey-hint' || name === 'mailkey-floor') return true;
    return node.querySelector(MARKERS) !== null;
  }

  var observer = new MutationObserver(function (records) {
    if (!t0 || !resolveDone) return;
    for (var i = 0; i < records.length; i++) {
      var added = records[i].addedNodes;
      for (var j = 0; j < added.length; j++) {
        if (isMarker(added[j])) {
          var t1 = performance.now();
          var resolve = resolveDone;
          resolveDone = null;
          resolve(t1 - t0);
          return;
        }
      }
    }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text) e.textContent = text;
    return e;
  }

  function row(labelText, input) {
    var tr = el('tr');
    var th = el('td', { 'class': 'settingtable_td field_name' });
    var lab = el('label', { 'for': input.id }, labelText);
    th.appendChild(lab);
    var td = el('td');
    td.appendChild(input);
    tr.appendChild(th);
    tr.appendChild(td);
    return tr;
  }

  function buildForm() {
    var wrap = el('div', { 'class': 'settingpanel', id: 'benchPanel' });
    wrap.appendChild(el('div', { 'class': 'txt_title' }, '添加其他邮箱'));
    var form = el('form', { id: 'frm', name: 'frm', method: 'post', action: '/cgi-bin/other_mailbox?sid=bench&t=pop3_add', autocomplete: 'off' });
    form.addEventListener('submit', function (ev) { ev.preventDefault(); });
    var table = el('table', { 'class': 'settingtable' });
    var email = el('input', { type: 'text', id: 'pop3_email', name: 'email', 'class': 'txt i_txt w250' });
    email.value = 'bench@gmail.com';
    var pwd = el('input', { type: 'password', id: 'pop3_pwd', name: 'password', 'class': 'txt i_txt w250', autocomplete: 'off' });
    var server = el('input', { type: 'text', id: 'pop3_server', name: 'pop3server', 'class': 'txt i_txt w250' });
    server.value = 'pop.gmail.com';
    var port = el('input', { type: 'text', id: 'pop3_port', name: 'pop3port', 'class': 'txt i_txt w50' });
    port.value = '995';
    table.appendChild(row('邮箱地址：', email));
    table.appendChild(row('密码：', pwd));
    table.appendChild(row('POP3服务器：', server));
    table.appendChild(row('端口：', port));
    form.appendChild(table);
    form.appendChild(el('input', { type: 'submit', 'class': 'btn btn_blue', value: '确定' }));
    wrap.appendChild(form);
    return wrap;
  }

  function reset() {
    if (current) current.remove();
    current = null;
    var markers = document.querySelectorAll(MARKERS);
    for (var i = 0; i < markers.length; i++) markers[i].remove();
    arm();
  }

  function insert() {
    if (current || t0) reset();
    var form = buildForm();
    t0 = performance.now();
    bench.t0 = t0;
    document.body.appendChild(form);
    current = form;
    return bench.done;
  }

  arm();
  window.mkBench = bench;
})();
