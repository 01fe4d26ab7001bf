/*
 * Copy buttons: the share block's "Copy link" (templates/includes/share_block.html) and the
 * media page's texts (templates/portal/media_kit.html). Each button names the field it copies
 * (data-copy) and the live region that says it did (data-status); the messages are the
 * button's data-copied and data-failed, set as text. Without this script the buttons stay
 * hidden and the fields are plain read-only text to select and copy by hand.
 */
(function () {
  "use strict";

  function say(button, message) {
    var status = document.getElementById(button.getAttribute("data-status"));
    if (!status) {
      return;
    }
    status.textContent = "";
    // Emptied first, so that a second copy is announced again.
    window.setTimeout(function () {
      status.textContent = message;
    }, 100);
  }

  function copy(field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value);
    }
    field.focus();
    field.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("refused"));
  }

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(field).then(
        function () {
          say(button, button.getAttribute("data-copied"));
        },
        function () {
          field.focus();
          field.select();
          say(button, button.getAttribute("data-failed"));
        }
      );
    });
  });

  document.querySelectorAll("[data-copy-field]").forEach(function (field) {
    field.addEventListener("focus", function () {
      field.select();
    });
  });
})();
