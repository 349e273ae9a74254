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

  function showMap(button) {
    var container = document.getElementById("map");
    var markers = JSON.parse(document.getElementById("map-markers").textContent);
    button.disabled = true;
    Promise.all([
      loadOnce("link", { rel: "stylesheet", href: button.dataset.leafletCss }),
      loadOnce("script", { src: button.dataset.leafletJs })
    ]).then(function () {
      container.hidden = false;
      button.hidden = true;
      var map = window.L.map(container);
      window.L.tileLayer(button.dataset.tiles, {
        maxZoom: 19,
        attribution: button.dataset.attribution
      }).addTo(map);
      var bounds = [];
      markers.forEach(function (marker) {
        var point = [marker.lat, marker.lon];
        bounds.push(point);
        var link = document.createElement("a");
        link.href = marker.url;
        link.textContent = marker.name;
        var popup = document.createElement("div");
        popup.appendChild(link);
        popup.appendChild(document.createElement("br"));
        popup.appendChild(document.createTextNode(marker.address));
        window.L.marker(point, { alt: marker.name }).addTo(map).bindPopup(popup);
      });
      if (bounds.length === 0) {
        map.setView(button.dataset.centre.split(",").map(Number), Number(button.dataset.zoom));
      } else if (bounds.length === 1) {
        map.setView(bounds[0], 16);
      } else {
        map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
      }
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
