/*
 * Maps for the portal: every element with data-map="ID" becomes a Leaflet map of the
 * points in the JSON script element #ID. Without JavaScript, Leaflet or tiles the page
 * still lists every place with a directions link; this only adds the picture.
 * No inline script: the page passes data through data-* attributes and json_script.
 */
(function () {
  "use strict";

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function popupHtml(point, element) {
    var html = '<strong><a href="' + encodeURI(point.url) + '">' + escapeHtml(point.name) + "</a></strong>";
    if (point.address) { html += "<br>" + escapeHtml(point.address); }
    if (point.open) { html += '<br><span class="badge badge--open">' + escapeHtml(element.dataset.labelOpen) + "</span>"; }
    html += '<br><a href="https://www.google.com/maps/dir/?api=1&amp;destination=' + point.lat + "," + point.lng +
      '" rel="noopener">' + escapeHtml(element.dataset.labelDirections) + "</a>";
    return html;
  }

  function initMap(element) {
    var source = document.getElementById(element.dataset.map);
    if (!source || typeof L === "undefined") { return; }
    var points = JSON.parse(source.textContent);
    if (!points.length) { return; }
    element.classList.add("map--ready");
    element.textContent = "";
    var map = L.map(element, { scrollWheelZoom: false });
    L.tileLayer(element.dataset.tiles, { maxZoom: 19, attribution: element.dataset.attribution }).addTo(map);
    var bounds = [];
    points.forEach(function (point) {
      var marker = L.circleMarker([point.lat, point.lng], {
        radius: 10, weight: 3, color: "#ffffff", fillColor: point.open ? "#1d6b35" : "#0b5d6b", fillOpacity: 1
      });
      marker.bindPopup(popupHtml(point, element));
      marker.bindTooltip(point.name);
      marker.addTo(map);
      bounds.push([point.lat, point.lng]);
    });
    if (bounds.length === 1) { map.setView(bounds[0], 16); } else { map.fitBounds(bounds, { padding: [30, 30] }); }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), initMap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
