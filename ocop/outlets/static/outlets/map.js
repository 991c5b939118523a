// Draws the points of the list (#outlet-list, its parts one <li> per point with data-lat and data-lng and a link to
// the point's page) on a Leaflet map. The list stays the page's content: without Leaflet or tiles it reads whole.
//
// Leaflet (its script and stylesheet, named by the map's data-leaflet-js and data-leaflet-css) loads only
// when the map's box comes near the screen (on a phone it is under the list) or the "Xem trên bản đồ" link
// is followed: a phone that reads the list and never asks for the map does not fetch, parse or run it. The
// box keeps its size from the start, so nothing moves when the map arrives.
(function () {
  "use strict";
  var element = document.getElementById("outlet-map");
  if (!element) return;
  var observer = null;
  var asked = false;

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var node = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
      node.onload = resolve;
      node.onerror = reject;
      document.head.appendChild(node);
    });
  }

  function draw() {
    var points = document.querySelectorAll("#outlet-list li[data-lat]");
    element.replaceChildren();
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

  function show() {
    if (asked) return;
    asked = true;
    if (observer) observer.disconnect();
    element.dataset.askedAt = String(Math.round(performance.now()));
    element.setAttribute("aria-busy", "true");
    Promise.all([
      load("link", { rel: "stylesheet", href: element.dataset.leafletCss }),
      load("script", { src: element.dataset.leafletJs }),
    ]).then(draw, function () {
      // Leaflet did not load (offline, blocked): the box says so, in place, and the list is the page.
      var note = document.createElement("p");
      note.textContent = element.dataset.failedText;
      element.replaceChildren(note);
    }).then(function () { element.removeAttribute("aria-busy"); });
  }

  document.querySelectorAll('a[href="#outlet-map"]').forEach(function (link) {
    link.addEventListener("click", show);
  });
  if ("IntersectionObserver" in window) {
    observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) show();
    }, { rootMargin: "200px 0px" });
    observer.observe(element);
  } else {
    show();
  }
})();
