/*
 * Maps for the portal: every element with data-map="ID" becomes a Leaflet map of the
 * points in the JSON script element #ID. Without JavaScript, Leaflet or tiles the page
 * still lists every place with a directions link; this only adds the picture.
 *
 * Every value from the page is set as text, never as HTML: tooltips, popups and the
 * attribution are DOM nodes built with textContent (Leaflet would parse a string as
 * HTML). No inline script: the page passes data through data-* attributes and json_script.
 */
(function () {
  "use strict";

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function sitePath(url) {
    // Only links within the portal: a path that starts with one slash.
    return typeof url === "string" && /^\/(?!\/)/.test(url) ? url : null;
  }

  function directionsUrl(point) {
    var params = new URLSearchParams({ api: "1", destination: point.lat + "," + point.lng });
    return "https://www.google.com/maps/dir/?" + params.toString();
  }

  function popupContent(point, labels) {
    var box = element("div", "map-popup");
    var title = element("strong");
    var path = sitePath(point.url);
    if (path) {
      var link = element("a", "", point.name);
      link.href = path;
      title.appendChild(link);
    } else {
      title.textContent = point.name;
    }
    box.appendChild(title);
    if (point.address) { box.appendChild(element("p", "", point.address)); }
    if (point.open) { box.appendChild(element("span", "badge badge--open", labels.open)); }
    var directions = element("a", "map-popup__directions", labels.directions);
    directions.href = directionsUrl(point);
    directions.rel = "noopener";
    box.appendChild(element("p")).appendChild(directions);
    return box;
  }

  function escapedText(text) {
    // Leaflet inserts the attribution as HTML: hand it the text's escaped form.
    var holder = document.createElement("div");
    holder.textContent = text || "";
    return holder.innerHTML;
  }

  function initMap(container) {
    var source = document.getElementById(container.dataset.map);
    if (!source || typeof L === "undefined") { return; }
    var points = JSON.parse(source.textContent);
    if (!points.length) { return; }
    var labels = { open: container.dataset.labelOpen, directions: container.dataset.labelDirections };
    container.classList.add("map--ready");
    container.textContent = "";
    // The zoom buttons speak the page's language (their titles are plain text from data attributes).
    var map = L.map(container, { scrollWheelZoom: false, zoomControl: false });
    L.control.zoom({
      zoomInTitle: container.dataset.labelZoomIn, zoomOutTitle: container.dataset.labelZoomOut
    }).addTo(map);
    L.tileLayer(container.dataset.tiles, {
      maxZoom: 19, attribution: escapedText(container.dataset.attribution)
    }).addTo(map);
    var popupWidth = Math.max(160, Math.min(260, container.clientWidth - 120));
    var bounds = [];
    points.forEach(function (point) {
      var lat = Number(point.lat), lng = Number(point.lng);
      if (!isFinite(lat) || !isFinite(lng)) { return; }
      var marker = L.circleMarker([lat, lng], {
        radius: 10, weight: 3, color: "#ffffff", fillColor: point.open ? "#1d6b35" : "#0b5d6b", fillOpacity: 1
      });
      marker.bindPopup(popupContent({ name: String(point.name), url: point.url, address: point.address ? String(point.address) : "",
        open: point.open, lat: lat, lng: lng }, labels), { maxWidth: popupWidth, autoPanPaddingTopLeft: [52, 12] });
      marker.bindTooltip(element("span", "", String(point.name)));
      marker.addTo(map);
      bounds.push([lat, lng]);
    });
    if (!bounds.length) { return; }
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
