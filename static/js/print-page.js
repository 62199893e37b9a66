/* The "Print" button of a page made to be printed (the mayor's pledge). No inline script:
 * the Content-Security-Policy forbids it. The button is hidden in the HTML, so that without
 * this script no button does nothing; the browser's own Print command works either way. */
(function () {
  "use strict";

  document.querySelectorAll("[data-print-page]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
