/*
 * The back office's point picker (sentra/widgets.py): a Leaflet map under each pair of
 * latitude and longitude boxes. Clicking the map or dragging the marker writes both
 * numbers (6 decimals); typing them moves the marker; "clear" empties both.
 *
 * The boxes are the form's values: without JavaScript, Leaflet or map tiles (a grey map)
 * the form works as before. Values are read as numbers and labels come from data-*
 * attributes, set as text; nothing here is inserted as HTML. No inline script or style.
 */
(function () {
  "use strict";

  var POINT_ZOOM = 16;
  var CITY_ZOOM = 12;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function escapedText(text) {
    // Leaflet inserts the attribution as HTML: hand it the text's escaped form.
    // (The same few lines as the portal's static/js/map.js, copied, not shared.)
    var holder = document.createElement("div");
    holder.textContent = text || "";
    return holder.innerHTML;
  }

  function numberIn(input, limit) {
    // The box's number, or null when it is empty, not a number or beyond -limit..limit.
    var text = input.value.trim();
    var value = text === "" ? NaN : Number(text);
    return isFinite(value) && Math.abs(value) <= limit ? value : null;
  }

  function pointOf(latInput, lngInput) {
    var lat = numberIn(latInput, 90), lng = numberIn(lngInput, 180);
    return lat === null || lng === null ? null : L.latLng(lat, lng);
  }

  function isEmpty(latInput, lngInput) {
    return latInput.value.trim() === "" && lngInput.value.trim() === "";
  }

  function cityCentre(latInput) {
    var parts = (latInput.dataset.centre || "").split(",").map(Number);
    return parts.length === 2 && isFinite(parts[0]) && isFinite(parts[1])
      ? L.latLng(parts[0], parts[1]) : L.latLng(0, 0);
  }

  function initPicker(latInput) {
    var lngInput = latInput.form && latInput.form.elements.namedItem(latInput.dataset.locationPicker);
    if (!lngInput || typeof L === "undefined") { return; }

    var row = element("div", "form-row location-picker-row");
    var picker = element("div", "location-picker");
    var mapBox = element("div", "location-picker__map");
    mapBox.setAttribute("role", "group");
    mapBox.setAttribute("aria-label", latInput.dataset.labelMap || "");
    var tools = element("div", "location-picker__tools");
    var clear = element("button", "button location-picker__clear", latInput.dataset.labelClear);
    clear.type = "button";
    tools.appendChild(clear);
    tools.appendChild(element("p", "help location-picker__hint", latInput.dataset.labelHint));
    picker.appendChild(mapBox);
    picker.appendChild(tools);
    row.appendChild(picker);
    var after = lngInput.closest(".form-row") || lngInput.parentNode;
    after.parentNode.insertBefore(row, after.nextSibling);

    var centre = cityCentre(latInput);
    var map = L.map(mapBox, { scrollWheelZoom: false });
    mapBox.leafletMap = map; // for tests and the browser's console
    L.tileLayer(latInput.dataset.tiles, {
      maxZoom: 19, attribution: escapedText(latInput.dataset.attribution)
    }).addTo(map);
    var marker = L.marker(centre, {
      draggable: true,
      autoPan: true,
      keyboard: false, // keys cannot move it: keyboard users type the numbers
      icon: L.divIcon({ className: "location-picker__marker", html: "", iconSize: [22, 22], iconAnchor: [11, 11] })
    });

    function write(latlng) {
      var point = latlng.wrap();
      latInput.value = point.lat.toFixed(6);
      lngInput.value = point.lng.toFixed(6);
    }

    function place(latlng) {
      marker.setLatLng(latlng);
      if (!map.hasLayer(marker)) { marker.addTo(map); }
    }

    function showInputs(recentre) {
      // Typed numbers move the view at once: no animation to wait for, or to be caught in.
      var point = pointOf(latInput, lngInput);
      if (point) {
        var had = map.hasLayer(marker);
        place(point);
        if (recentre || !had) {
          map.setView(point, Math.max(map.getZoom() || 0, POINT_ZOOM), { animate: false });
        } else {
          map.panTo(point, { animate: false });
        }
        return;
      }
      marker.remove();
      if (isEmpty(latInput, lngInput)) { map.setView(centre, CITY_ZOOM, { animate: false }); }
    }

    map.on("click", function (event) {
      place(event.latlng);
      write(event.latlng);
    });
    marker.on("drag dragend", function () { write(marker.getLatLng()); });
    [latInput, lngInput].forEach(function (input) {
      input.addEventListener("input", function () { showInputs(false); });
    });
    clear.addEventListener("click", function () {
      latInput.value = "";
      lngInput.value = "";
      showInputs(true);
    });

    map.setView(centre, CITY_ZOOM, { animate: false });
    showInputs(true);
    if (typeof ResizeObserver === "function") {
      // The admin's sidebar and the phone's rotation change the map's width.
      new ResizeObserver(function () { map.invalidateSize(); }).observe(mapBox);
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-location-picker]"), initPicker);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
