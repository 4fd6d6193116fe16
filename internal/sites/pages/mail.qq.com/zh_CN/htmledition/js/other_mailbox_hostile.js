/* QQ邮箱 其他邮箱, hostile variant: the page clobbers DOM names (see the
 * HTML), and window.mkHostile attacks Mailkey's hint from the page's own
 * world, for e2e/hostile_test.go. The page's own code reaches the DOM through
 * the prototypes, since its document is clobbered. ?addr=A pre-fills the
 * address.
 */
(function () {
  'use strict';

  var D = Document.prototype;
  var qs = function (sel) { return D.querySelector.call(document, sel); };
  var qsa = function (sel) { return D.querySelectorAll.call(document, sel); };
  var shadows = []; // every shadow root attached while the page watched

  // Try to see shadow roots made after this: force them open, keep them.
  var attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    var root = attach.call(this, { mode: 'open', delegatesFocus: init && init.delegatesFocus });
    shadows.push(root);
    return root;
  };

  function host() { return qs('mailkey-hint'); }

  function center(el) {
    var r = el.getBoundingClientRect();
    return { clientX: r.left + 20, clientY: r.top + 20, bubbles: true, cancelable: true, composed: true };
  }

  window.mkHostile = {
    hosts: function () { return qsa('mailkey-hint').length; },
    // read: all the page can learn of the hint.
    read: function () {
      var h = host();
      if (!h) return null;
      return {
        shadowRoot: h.shadowRoot !== null, text: h.textContent + h.innerText, children: h.children.length,
        hooked: shadows.length,
        serialized: new XMLSerializer().serializeToString(h).replace(/style="[^"]*"/, ''),
        selection: String(window.getSelection()),
      };
    },
    // click: every synthetic click and key the page can make at the hint.
    click: function () {
      var h = host();
      var n = 0;
      if (!h) return n;
      var at = center(h);
      var targets = [h, D.elementFromPoint.call(document, at.clientX, at.clientY), document.body];
      targets.forEach(function (t) {
        if (!t) return;
        t.click(); n++;
        ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click', 'dblclick', 'auxclick'].forEach(function (type) {
          t.dispatchEvent(new MouseEvent(type, at)); n++;
        });
        ['Enter', ' ', 'Escape', 'Tab'].forEach(function (key) {
          ['keydown', 'keypress', 'keyup'].forEach(function (type) {
            t.dispatchEvent(new KeyboardEvent(type, { key: key, bubbles: true, cancelable: true, composed: true })); n++;
          });
        });
        t.dispatchEvent(new SubmitEvent('submit', { bubbles: true, cancelable: true, composed: true })); n++;
        t.dispatchEvent(new InputEvent('input', { data: 'x', bubbles: true, composed: true })); n++;
      });
      h.focus();
      return n;
    },
    // spam: postMessage, malformed, thousands of times, to every window.
    spam: function (n) {
      var shapes = [
        function (i) { return { type: 'intent', action: 'add', label: 'spam ' + i, context: { site: 'mail.qq.com', provider: 'google' } }; },
        function () { return { type: 'intent', action: 'dismiss', context: { site: 'mail.qq.com', provider: 'google' } }; },
        function () { return { type: 'snapshot', snap: { v: 1, url: 'https://mail.qq.com/', fields: 'x' } }; },
        function () { return 'mailkey:' + '\u0000'.repeat(64); },
        function () { return '{"type":"finding"'; },
        function (i) { return new Array(i % 50).fill('\ud800'); },
        function () { return null; },
        function () { return { toString: null, valueOf: null, __proto__: null }; },
      ];
      for (var i = 0; i < n; i++) {
        var data = shapes[i % shapes.length](i);
        try { window.postMessage(data, '*'); } catch (e) { /* not cloneable */ }
        try { window.top.postMessage(data, '*'); } catch (e) { /* not cloneable */ }
        if (i % 10 === 0) window.dispatchEvent(new MessageEvent('message', { data: data, origin: 'chrome-extension://x' }));
      }
      return n;
    },
    restyle: function (how) {
      var h = host();
      if (!h) return false;
      if (how === 'none') h.style.display = 'none';
      if (how === 'opacity') h.style.setProperty('opacity', '0', 'important');
      if (how === 'position') { h.style.position = 'fixed'; h.style.left = '-9999px'; }
      if (how === 'attr') h.setAttribute('style', 'display:none!important');
      if (how === 'move') document.body.appendChild(h);
      if (how === 'remove') h.remove();
      return true;
    },
    // addLater: the page renders its form again (a single-page app), after
    // all this: the old form goes, a new one comes.
    addLater: function () {
      var tmpl = qs('#tmpl_later');
      qs('#frm').remove();
      qs('#later').appendChild(tmpl.content.cloneNode(true));
      return true;
    },
  };

  var addr = new URLSearchParams(location.search).get('addr');
  if (addr) qs('#pop3_email').value = addr;
})();
