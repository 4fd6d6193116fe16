/* A busy inbox: 50 rows, and once run, RATE times a second for SECONDS, one
 * change of each kind a webmail makes while a person reads: a new mail row
 * added on top and the oldest removed, the unread count's text changed, and
 * a row's class and data attribute toggled (read / unread, selected).
 *
 *   window.mkBusy.run(seconds, rate)  promise of {changes, ms} when done;
 *                                     changes are counted by the schedule,
 *                                     so a slow tick catches up
 */
(function () {
  'use strict';

  var ROWS = 50;
  var senders = ['张三', '李四', 'QQ邮箱团队', 'someone@gmail.com', '王五'];
  var subjects = ['周五聚餐地点', 'Re: 项目进度', '您的账单', '会议纪要', '欢迎使用QQ邮箱'];
  var n = 0;
  var tbody;

  var row = function () {
    var cell = function (cls, child) {
      var td = document.createElement('td');
      td.className = cls;
      td.appendChild(child);
      return td;
    };
    var box = document.createElement('input');
    box.type = 'checkbox';
    box.name = 'mailid';
    box.value = 'ZC' + n;
    var link = document.createElement('a');
    link.href = '#';
    link.textContent = subjects[n % subjects.length] + ' ' + n;
    var tr = document.createElement('tr');
    tr.className = 'F';
    tr.appendChild(cell('cx', box));
    tr.appendChild(cell('tl', document.createTextNode(senders[n % senders.length])));
    tr.appendChild(cell('tt', link));
    tr.appendChild(cell('dt', document.createTextNode('刚刚')));
    n++;
    return tr;
  };

  var change = function () {
    tbody.insertBefore(row(), tbody.firstChild);
    tbody.lastChild.remove();
    document.getElementById('unread').textContent = String(n % 97);
    var tr = tbody.children[n % ROWS];
    tr.classList.toggle('F');
    tr.toggleAttribute('data-selected');
  };

  var run = function (seconds, rate) {
    return new Promise(function (resolve) {
      var total = Math.round(seconds * rate);
      var done = 0;
      var t0 = performance.now();
      var timer = setInterval(function () {
        var due = Math.min(total, Math.floor((performance.now() - t0) * rate / 1000));
        for (; done < due; done++) change();
        if (done >= total) {
          clearInterval(timer);
          resolve({ changes: done, ms: performance.now() - t0 });
        }
      }, Math.max(1, Math.floor(1000 / rate / 2)));
    });
  };

  document.addEventListener('DOMContentLoaded', function () {
    tbody = document.getElementById('rows');
    for (var i = 0; i < ROWS; i++) tbody.appendChild(row());
  });
  window.mkBusy = { run: run };
})();
