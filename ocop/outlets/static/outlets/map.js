// Draws the points of the list (#outlet-list, one <li> per point with data-lat and data-lng and a link to
// the point's page) on a Leaflet map. The list stays the page's content: without Leaflet or tiles it reads whole.
(function () {
  "use strict";
  function draw() {
    var element = document.getElementById("outlet-map");
    if (!element || typeof L === "undefined") return;
    var points = document.querySelectorAll("#outlet-list li[data-lat]");
    element.hidden = false;
    // One canvas for every marker: thousands of SVG elements would take seconds to lay out.
    var map = L.map(element, { scrollWheelZoom: false, preferCanvas: true }).setView([16.0, 106.0], 5);
    L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.attribution, maxZoom: 18 }).addTo(map);
    var bounds = [];
    points.forEach(function (item) {
      var at = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lng)];
      var link = item.querySelector("a").cloneNode(true);
      L.circleMarker(at, { radius: 6, color: "#0b5e33", weight: 2 }).addTo(map).bindPopup(link);
      bounds.push(at);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 13 });
    element.dataset.drawn = String(bounds.length);
    // Milliseconds from the navigation to the last marker: what the benchmark reports (ocop/outlets/benchmarks.py).
    element.dataset.drawnAt = String(Math.round(performance.now()));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
