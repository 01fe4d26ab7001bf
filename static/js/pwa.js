/*
 * Registers the service worker (served at the site's root, see balikpapan_umkm/pwa.py),
 * whose URL the page gives in this script's data-service-worker attribute. Once the page
 * has loaded, so that it never competes with the page itself. The site works the same
 * without it: a browser that has no service workers, or refuses this one, just goes on.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var url = script && script.getAttribute("data-service-worker");
  if (!url || !("serviceWorker" in navigator)) {
    return;
  }
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(url, { scope: "/" }).catch(function () {
      // Offline reading is an extra: nothing to tell the visitor.
    });
  });
})();
