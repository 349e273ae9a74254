/* Small enhancements; every page works without them. */
(function () {
  "use strict";

  function loadOnce(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attrs).forEach(function (key) { element[key] = attrs[key]; });
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }

  function attributionHtml(button) {
    // Leaflet writes the attribution as HTML: built as elements, the settings' text stays text.
    var link = document.createElement("a");
    link.href = button.dataset.attributionUrl;
    link.textContent = button.dataset.attribution;
    return link.outerHTML;
  }

  function filledPart(index, marker) {
    // The page's own parts (map.html): the French marking and the punctuation follow its
    // language; the marker's texts go in as text.
    var template = document.getElementById("map-marker-parts");
    var part = template.content.children[index].cloneNode(true);
    part.querySelectorAll("[data-field]").forEach(function (element) {
      element.textContent = marker[element.dataset.field];
    });
    return part;
  }

  function markerIcon(marker) {
    // Open, closed or without hours: a circle, a square or a diamond (site.css), and in words.
    var shape = document.createElement("span");
    shape.className = "map-marker map-marker-" + marker.state;
    shape.appendChild(filledPart(0, marker));
    return window.L.divIcon({
      html: shape,
      className: "map-marker-icon",
      iconSize: [24, 24],
      iconAnchor: [12, 12],
      popupAnchor: [0, -12]
    });
  }

  function markerPopup(marker) {
    var popup = filledPart(1, marker);
    popup.querySelector("a").href = marker.url;
    return popup;
  }

  function showMap(button) {
    var block = button.closest(".map-block");
    var container = document.getElementById("map");
    var markers = JSON.parse(document.getElementById("map-markers").textContent);
    button.disabled = true;
    Promise.all([
      loadOnce("link", { rel: "stylesheet", href: button.dataset.leafletCss }),
      loadOnce("script", { src: button.dataset.leafletJs })
    ]).then(function () {
      container.hidden = false;
      block.querySelector(".map-legend").hidden = false;
      button.hidden = true;
      var map = window.L.map(container);
      window.L.tileLayer(button.dataset.tiles, {
        maxZoom: 19,
        attribution: attributionHtml(button),
        // The site's own policy (same-origin) sends no Referer to another host; tile servers
        // such as OpenStreetMap's refuse requests without one. They get the origin only.
        referrerPolicy: "strict-origin-when-cross-origin"
      }).addTo(map);
      var bounds = [];
      markers.forEach(function (marker) {
        var point = [marker.lat, marker.lon];
        bounds.push(point);
        window.L.marker(point, { icon: markerIcon(marker), title: marker.name })
          .addTo(map)
          .bindPopup(markerPopup(marker));
      });
      if (bounds.length === 0) {
        map.setView(button.dataset.centre.split(",").map(Number), Number(button.dataset.zoom));
      } else if (bounds.length === 1) {
        map.setView(bounds[0], 16);
      } else {
        map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
      }
      // The button is gone: the focus goes where the person asked to go.
      container.focus();
    }).catch(function () {
      button.disabled = false;
    });
  }

  function copyLink(button) {
    var status = document.querySelector(".copy-status");
    navigator.clipboard.writeText(button.dataset.url).then(function () {
      status.textContent = button.dataset.copied;
    });
  }

  // "Près de moi": the browser's position, asked only on this tap, fills the form's hidden
  // position (the address field is left for those who type one) and sends it, rounded to about
  // 100 m: enough for "à 650 m", and no more of where the person is in the address and logs.
  function nearMe(button) {
    var form = button.closest("form");
    var status = form.querySelector(".near-status");
    status.textContent = button.dataset.asking;
    navigator.geolocation.getCurrentPosition(function (position) {
      form.elements.position.value =
        position.coords.latitude.toFixed(3) + "," + position.coords.longitude.toFixed(3);
      form.elements.pres_de.value = "";
      form.submit();
    }, function () {
      status.textContent = button.dataset.refused;
    }, { timeout: 15000, maximumAge: 60000 });
  }

  document.querySelectorAll(".js-only").forEach(function (element) {
    if (element.dataset.action === "copy" && !navigator.clipboard) {
      return;
    }
    if (element.dataset.action === "near-me" && !navigator.geolocation) {
      return;
    }
    element.hidden = false;
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action]");
    if (!button) {
      return;
    }
    if (button.dataset.action === "print") {
      window.print();
    } else if (button.dataset.action === "copy") {
      copyLink(button);
    } else if (button.dataset.action === "map") {
      showMap(button);
    } else if (button.dataset.action === "near-me") {
      nearMe(button);
    }
  });
})();
