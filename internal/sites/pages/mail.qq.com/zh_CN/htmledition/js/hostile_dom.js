/* A hostile DOM for the sensor's bounds: ?kind=nodes (100,000 elements in
 * the page), ?kind=frames (1,000 same-origin frames without a URL of their
 * own: blank ones written by script and srcdoc ones, alternately) or
 * ?kind=shadow (open shadow roots nested 50 deep). A collector form (a Gmail
 * address, a password, a POP3 server) is placed last: after the nodes, in
 * frame ?form=K (1-based, default 150: a srcdoc one; an odd K is a blank one), or in
 * the deepest shadow root. The DOM is built in slices, so the page answers
 * while it grows.
 *
 *   window.mkDom.ready      promise of the build's time in ms, resolved once
 *                           the form is in place (then body[data-ready])
 *   window.mkDom.count()    {elements, frames, roots} in the page
 *   window.mkDom.probe()    {ticks, maxGap}: ticks of a 10 ms timer and the
 *                           longest gap between two (ms) since the last call
 *   window.mkDom.churn(ms)  changes a status line's class every 100 ms for ms
 *                           ms (a page that never settles, at little cost of
 *                           its own); promise of probe() after
 */
(function () {
  'use strict';

  var params = new URLSearchParams(location.search);
  var kind = params.get('kind') || 'nodes';
  var formFrame = parseInt(params.get('form') || '150', 10);
  var NODES = 100000, FRAMES = 1000, DEPTH = 50;

  var ticks = 0, maxGap = 0, last = performance.now();
  setInterval(function () {
    var now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    ticks++;
  }, 10);

  var slice = function (n, step, each) {
    return new Promise(function (resolve) {
      var i = 0;
      (function next() {
        for (var end = Math.min(n, i + step); i < end; i++) each(i);
        if (i < n) setTimeout(next, 0);
        else resolve();
      })();
    });
  };

  var el = function (doc, tag, text) {
    var e = doc.createElement(tag);
    if (text) e.textContent = text;
    return e;
  };

  var form = function (doc) {
    return doc.importNode(document.getElementById('tmpl_collector').content, true);
  };

  // Ten elements a row: a mailbox list far longer than any real one.
  var buildNodes = function (huge) {
    var rows = NODES / 10;
    return slice(rows, 1000, function (i) {
      var row = el(document, 'div');
      row.className = 'mail_row';
      row.appendChild(el(document, 'span', '发件人 ' + i));
      var parts = [['b', '主题'], ['i', '摘要'], ['em', '附件'], ['u', '标签'], ['s', '已读'], ['small', '昨天'], ['sub', '1'], ['sup', '*']];
      for (var k = 0; k < parts.length; k++) row.appendChild(el(document, parts[k][0], parts[k][1]));
      huge.appendChild(row);
    }).then(function () { huge.appendChild(form(document)); });
  };

  // The build ends when every srcdoc frame has loaded its document.
  var buildFrames = function (huge) {
    var pending = 0;
    var allLoaded = null;
    var loaded = new Promise(function (resolve) { allLoaded = resolve; });
    var onLoad = function () {
      this.removeEventListener('load', onLoad);
      if (--pending === 0) allLoaded();
    };
    return slice(FRAMES, 20, function (i) {
      var f = document.createElement('iframe');
      f.className = 'mail_preview';
      f.style.cssText = 'width:300px;height:' + (i + 1 === formFrame ? '260px' : '20px') + ';border:0;display:block';
      if (i % 2 === 1) {
        pending++;
        f.addEventListener('load', onLoad);
        f.srcdoc = '<p>预览 ' + i + '</p>';
      }
      huge.appendChild(f);
      if (i % 2 === 0) f.contentDocument.body.appendChild(el(f.contentDocument, 'p', '预览 ' + i));
    }).then(function () { return loaded; }).then(function () {
      var f = huge.querySelectorAll('iframe')[formFrame - 1];
      // A srcdoc frame holds its own document once it has loaded it.
      var loaded = function () {
        var doc = f.contentDocument;
        return !f.srcdoc || (doc.URL === 'about:srcdoc' && doc.readyState === 'complete');
      };
      return new Promise(function (resolve) {
        (function place() {
          if (!loaded()) return setTimeout(place, 20);
          var doc = f.contentDocument;
          doc.documentElement.lang = 'zh-CN';
          doc.body.appendChild(form(doc));
          resolve();
        })();
      });
    });
  };

  var buildShadow = function (huge) {
    var host = huge;
    return slice(DEPTH, 10, function (i) {
      var pane = document.createElement('mk-pane');
      pane.setAttribute('data-level', String(i + 1));
      host.appendChild(pane);
      host = pane.attachShadow({ mode: 'open' });
      host.appendChild(el(document, 'div', '层 ' + (i + 1)));
    }).then(function () { host.appendChild(form(document)); });
  };

  var count = function () {
    var elements = 0, frames = 0, roots = 0;
    var walk = function (root) {
      roots++;
      var all = root.querySelectorAll('*');
      elements += all.length;
      for (var i = 0; i < all.length; i++) {
        if (all[i].shadowRoot) walk(all[i].shadowRoot);
        if (all[i].localName === 'iframe') {
          frames++;
          if (all[i].contentDocument) walk(all[i].contentDocument);
        }
      }
    };
    walk(document);
    return { elements: elements, frames: frames, roots: roots };
  };

  var builders = { nodes: buildNodes, frames: buildFrames, shadow: buildShadow };
  var ready = new Promise(function (resolve) {
    document.addEventListener('DOMContentLoaded', function () {
      var t0 = performance.now();
      builders[kind](document.getElementById('huge')).then(function () {
        document.body.setAttribute('data-ready', kind);
        resolve(performance.now() - t0);
      });
    });
  });

  var probe = function () {
    var out = { ticks: ticks, maxGap: maxGap };
    ticks = 0;
    maxGap = 0;
    last = performance.now();
    return out;
  };

  var churn = function (ms) {
    probe();
    var status = document.getElementById('status');
    var timer = setInterval(function () { status.classList.toggle('mk-churn'); }, 100);
    return new Promise(function (resolve) {
      setTimeout(function () {
        clearInterval(timer);
        resolve(probe());
      }, ms);
    });
  };

  window.mkDom = { ready: ready, count: count, probe: probe, churn: churn };
})();
