/* The back office's place map: "Placer sur la carte" shows the place's pin (or the territory's
   centre when it is "à localiser"); dragging the pin, or tapping the map, fills the place's
   latitude and longitude fields, which the form saves as coordinates placed by hand. */
(function () {
  "use strict";

  var settings;

  function fields(button) {
    var form = button.closest(".djn-inline-form, .inline-related");
    return {
      latitude: form.querySelector("input[name$='-latitude']"),
      longitude: form.querySelector("input[name$='-longitude']")
    };
  }

  function attributionHtml() {
    // Leaflet writes the attribution as HTML: built as an element, the settings' text stays
    // text; it links to the page the tiles' licence names, as on the public map.
    var link = document.createElement("a");
    link.href = settings.dataset.attributionUrl;
    link.textContent = settings.dataset.attribution;
    return link.outerHTML;
  }

  function showMap(button) {
    var inputs = fields(button);
    var container = button.parentNode.querySelector(".place-map");
    if (!inputs.latitude || !container) {
      return;
    }
    var latitude = parseFloat(inputs.latitude.value.replace(",", "."));
    var longitude = parseFloat(inputs.longitude.value.replace(",", "."));
    var placed = !isNaN(latitude) && !isNaN(longitude);
    container.hidden = false;
    button.remove();
    var map = window.L.map(container);
    window.L.tileLayer(settings.dataset.tiles, {
      maxZoom: 19,
      attribution: attributionHtml()
    }).addTo(map);
    var marker = null;

    function put(point) {
      inputs.latitude.value = point.lat.toFixed(6);
      inputs.longitude.value = point.lng.toFixed(6);
      if (marker === null) {
        marker = window.L.marker(point, { draggable: true, autoPan: true }).addTo(map);
        marker.on("dragend", function () { put(marker.getLatLng()); });
      } else {
        marker.setLatLng(point);
      }
    }

    if (placed) {
      map.setView([latitude, longitude], 17);
      marker = window.L.marker([latitude, longitude], { draggable: true, autoPan: true }).addTo(map);
      marker.on("dragend", function () { put(marker.getLatLng()); });
    } else {
      map.setView(settings.dataset.centre.split(",").map(Number), Number(settings.dataset.zoom));
    }
    map.on("click", function (event) { put(event.latlng); });
  }

  // The admin loads its scripts in the page's head, before the places' fields exist.
  document.addEventListener("DOMContentLoaded", function () {
    settings = document.getElementById("place-map-settings");
    if (!settings || !window.L) {
      return;
    }
    document.documentElement.classList.add("place-map-ready");
    document.addEventListener("click", function (event) {
      var button = event.target.closest(".place-map-button");
      if (button) {
        showMap(button);
      }
    });
  });
})();
