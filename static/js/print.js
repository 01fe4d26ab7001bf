/*
 * The print button of the QR card page (templates/portal/qr_card.html): hidden without
 * JavaScript (the browser's own Print does the same), shown here. It prints once the
 * card's own fonts have loaded, so that the paper shows the same card as the screen.
 */
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      document.fonts.ready.then(function () {
        window.print();
      });
    });
  });
})();
