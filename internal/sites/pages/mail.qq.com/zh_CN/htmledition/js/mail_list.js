/* QQ邮箱 收件箱 — fixture behaviour: select-all and inert toolbar links. */
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var all = document.getElementById('ckall');
    all.addEventListener('change', function () {
      var boxes = document.querySelectorAll('input[name="mailid"]');
      for (var i = 0; i < boxes.length; i++) boxes[i].checked = all.checked;
    });
    var links = document.querySelectorAll('.toolbar a');
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener('click', function (ev) { ev.preventDefault(); });
    }
  });
})();
