/* Gmail fixture: a single-page app. The shell is empty; this script renders
 * the mailbox, and when location.hash is #settings/accounts it renders the
 * "Add a mail account" (POP3) form exactly `delay` ms after load (query
 * parameter delay, default 2000), as a real SPA does after its data arrives.
 * Later hash changes to #settings/accounts render it after the same delay.
 * Query parameter addr pre-fills the address.
 */
(function () {
  'use strict';

  var params = new URLSearchParams(location.search);
  var delay = parseInt(params.get('delay'), 10);
  if (isNaN(delay) || delay < 0) delay = 2000;
  var timer = 0;
  var nextId = 0x1a;

  function id() {
    return ':' + (nextId++).toString(36);
  }

  function h(tag, attrs, kids) {
    var e = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (k === 'text') e.textContent = attrs[k];
        else if (k === 'className') e.className = attrs[k];
        else e.setAttribute(k, attrs[k]);
      }
    }
    (kids || []).forEach(function (c) {
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }

  function shell() {
    var app = document.getElementById(':1');
    var nav = h('div', { className: 'aeN', role: 'navigation' }, [
      h('div', { className: 'T-I T-I-KE L3', role: 'button', tabindex: '0', text: 'Compose' }),
      h('div', { className: 'TK' }, ['Inbox', 'Starred', 'Snoozed', 'Sent', 'Drafts'].map(function (n) {
        return h('div', { className: 'aim' }, [h('a', { href: '#' + n.toLowerCase(), className: 'J-Ke n0', text: n })]);
      })),
    ]);
    var main = h('div', { className: 'AO', role: 'main', id: ':4' });
    var top = h('header', { className: 'gb_Ua', role: 'banner' }, [
      h('span', { className: 'gb_Pc', text: 'Gmail' }),
      h('form', { className: 'gb_xe', role: 'search', action: '#search' }, [
        h('input', { type: 'text', className: 'gb_pe', 'aria-label': 'Search mail', placeholder: 'Search mail', name: 'q', autocomplete: 'off' }),
      ]),
      h('span', { className: 'gb_d', text: 'test@gmail.com' }),
    ]);
    app.appendChild(top);
    app.appendChild(nav);
    app.appendChild(main);
    document.getElementById('loading').remove();
    app.hidden = false;
    return main;
  }

  function inbox(main) {
    main.textContent = '';
    main.appendChild(h('div', { className: 'Cp' }, [
      h('table', { className: 'F cf zt', role: 'grid' }, [
        h('tbody', null, [
          row('Google', 'Security alert', 'A new sign-in on Linux'),
          row('QQ邮箱', '你好', '来自 QQ 邮箱的测试邮件'),
        ]),
      ]),
    ]));
  }

  function row(from, subject, snippet) {
    return h('tr', { className: 'zA zE' }, [
      h('td', { className: 'yX xY', text: from }),
      h('td', { className: 'xY a4W' }, [h('span', { className: 'bog', text: subject }), h('span', { className: 'y2', text: ' - ' + snippet })]),
    ]);
  }

  function field(labelText, input) {
    input.id = input.id || id();
    return h('tr', null, [
      h('td', { className: 'Kj-JD-Jz-axz' }, [h('label', { 'for': input.id, text: labelText })]),
      h('td', null, [input]),
    ]);
  }

  function check(labelText, name, checked) {
    var box = h('input', { type: 'checkbox', name: name, id: id() });
    box.checked = checked;
    return h('tr', null, [
      h('td'),
      h('td', { className: 'Kj-JD-K7' }, [box, h('label', { 'for': box.id, text: ' ' + labelText })]),
    ]);
  }

  function accounts(main) {
    main.textContent = '';
    var tabs = ['General', 'Labels', 'Inbox', 'Accounts and Import', 'Filters and Blocked Addresses', 'Forwarding and POP/IMAP', 'Add-ons', 'Chat and Meet', 'Advanced', 'Offline', 'Themes'];
    main.appendChild(h('h2', { className: 'dt', text: 'Settings' }));
    main.appendChild(h('div', { className: 'fY', role: 'tablist' }, tabs.map(function (t) {
      return h('div', { className: t === 'Accounts and Import' ? 'f1 f0' : 'f1', role: 'tab', 'aria-selected': String(t === 'Accounts and Import'), text: t });
    })));
    main.appendChild(h('div', { className: 'rc' }, [
      h('span', { className: 'rc-h', text: 'Check mail from other accounts:' }),
      h('span', { className: 'rc-n', text: ' Learn more' }),
    ]));

    var addr = params.get('addr') || '';
    var email = h('input', { type: 'text', name: 'email', className: 'xx', autocomplete: 'off', spellcheck: 'false' });
    email.value = addr;
    var user = h('input', { type: 'text', name: 'username', className: 'xx', autocomplete: 'off' });
    var pass = h('input', { type: 'password', name: 'password', className: 'xx', autocomplete: 'off' });
    var server = h('input', { type: 'text', name: 'popserver', className: 'xx xy' });
    var port = h('select', { name: 'port', className: 'xz' }, [h('option', { value: '995', text: '995' }), h('option', { value: '110', text: '110' })]);
    function fill() {
      var a = email.value.trim();
      var at = a.lastIndexOf('@');
      if (at > 0) {
        user.value = a.slice(0, at);
        server.value = 'pop.' + a.slice(at + 1).toLowerCase();
      }
    }
    email.addEventListener('change', fill);
    fill();

    var err = h('div', { className: 'Kj-JD-Jl-aGm', role: 'alert', hidden: '' });
    var form = h('form', { className: 'Kj-JD', id: id(), autocomplete: 'off', action: '#settings/accounts' }, [
      h('div', { className: 'Kj-JD-K7 Kj-JD-K7-GIHV4', role: 'heading', 'aria-level': '2', text: 'Add a mail account' }),
      h('div', { className: 'Kj-JD-Jz', text: 'Enter the mail settings for ' + (addr || 'your other account') + '. Learn more' }),
      h('table', { className: 'cf Kj-JD-Jz-axy' }, [h('tbody', null, [
        field('Email address:', email),
        field('Username:', user),
        field('Password:', pass),
        field('POP Server:', server),
        field('Port:', port),
        check('Leave a copy of retrieved message on the server.', 'leavecopy', false),
        check('Always use a secure connection (SSL) when retrieving mail.', 'ssl', true),
        check('Label incoming messages:', 'label', false),
        check('Archive incoming messages (Skip the Inbox)', 'archive', false),
      ])]),
      err,
      h('div', { className: 'Kj-JD-Jl' }, [
        h('button', { type: 'button', className: 'J-at1-atl', name: 'cancel', text: 'Cancel' }),
        h('button', { type: 'button', className: 'J-at1-atl', name: 'back', text: '« Back' }),
        h('button', { type: 'submit', className: 'J-at1-auR', name: 'ok', text: 'Add Account »' }),
      ]),
    ]);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      err.textContent = 'Authentication error. Server returned error "-ERR [AUTH] Authentication failed."';
      err.hidden = false;
    });
    main.appendChild(h('div', { className: 'Kj-JD-K7-Jq', role: 'dialog', 'aria-label': 'Add a mail account' }, [form]));
  }

  function route(main) {
    clearTimeout(timer);
    if (location.hash === '#settings/accounts') {
      main.textContent = '';
      main.appendChild(h('div', { className: 'vX UC', role: 'status', text: 'Loading…' }));
      timer = setTimeout(function () { accounts(main); }, delay);
    } else {
      inbox(main);
    }
  }

  function start() {
    var main = shell();
    route(main);
    window.addEventListener('hashchange', function () { route(main); });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
