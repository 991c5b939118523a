// Draws the points of the list (#outlet-list, one <li> per point with data-lat, data-lng, data-name,
// data-url) on a Leaflet map. The list stays the page's content: without Leaflet or tiles it reads whole.
(function () {
  "use strict";
  function draw() {
    var element = document.getElementById("outlet-map");
    if (!element || typeof L === "undefined") return;
    var points = document.querySelectorAll("#outlet-list li[data-lat]");
    element.hidden = false;
    var map = L.map(element, { scrollWheelZoom: false }).setView([16.0, 106.0], 5);
    L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.attribution, maxZoom: 18 }).addTo(map);
    var bounds = [];
    points.forEach(function (item) {
      var at = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lng)];
      var link = document.createElement("a");
      link.href = item.dataset.url;
      link.textContent = item.dataset.name;
      L.circleMarker(at, { radius: 6, color: "#0b5e33", weight: 2 }).addTo(map).bindPopup(link);
      bounds.push(at);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 13 });
    element.dataset.drawn = String(bounds.length);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
