// «Kontakt oss» on a case's «Dokumenter» tab: with JavaScript the link opens the form in a
// modal <dialog> on the same page; without it the link leads to the form as a page.
(function () {
  'use strict';
  var open = document.querySelector('[data-kontakt-open]');
  var dialog = document.getElementById('kontakt-dialog');
  if (!open || !dialog || typeof dialog.showModal !== 'function') return;
  var close = dialog.querySelector('[data-kontakt-close]');
  open.addEventListener('click', function (event) {
    event.preventDefault();
    dialog.showModal();
    var first = dialog.querySelector('select, input:not([type=hidden]), textarea');
    if (first) first.focus();
  });
  if (close) close.addEventListener('click', function () { dialog.close(); open.focus(); });
})();
