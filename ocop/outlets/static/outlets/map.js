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

  // Every point as one circle on one canvas, drawn in a single pass whenever the map comes to rest; a click
  // within a circle opens a popup with a copy of the point's link from the list. Leaflet's own markers
  // cost about 0.1 s for 2,000 points (an object, its projection and its redraw each), a fifth of the
  // page's budget (issue #12); this is a few milliseconds. The list stays the way in for keyboards and
  // screen readers: the canvas is a picture of it.
  var RADIUS = 6;

  function pointsLayer(items, places) {
    var canvas = null;
    var onScreen = [];
    var Layer = L.Layer.extend({
      onAdd: function (map) {
        canvas = L.DomUtil.create("canvas", "leaflet-zoom-hide");
        map.getPanes().overlayPane.appendChild(canvas);
        map.on("moveend zoomend resize", this.draw, this);
        map.on("click", this.open, this);
        map.on("mousemove", this.hover, this);
        this.draw();
      },
      onRemove: function (map) {
        map.off("moveend zoomend resize", this.draw, this);
        map.off("click", this.open, this);
        map.off("mousemove", this.hover, this);
        canvas.remove();
      },
      draw: function () {
        var map = this._map;
        var size = map.getSize();
        var ratio = window.devicePixelRatio || 1;
        L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
        canvas.width = size.x * ratio;
        canvas.height = size.y * ratio;
        canvas.style.width = size.x + "px";
        canvas.style.height = size.y + "px";
        var context = canvas.getContext("2d");
        context.scale(ratio, ratio);
        context.beginPath();
        onScreen = [];
        for (var index = 0; index < places.length; index++) {
          var at = map.latLngToContainerPoint(places[index]);
          if (at.x < -RADIUS || at.y < -RADIUS || at.x > size.x + RADIUS || at.y > size.y + RADIUS) continue;
          context.moveTo(at.x + RADIUS, at.y);
          context.arc(at.x, at.y, RADIUS, 0, 2 * Math.PI);
          onScreen.push({ at: at, index: index });
        }
        context.fillStyle = "rgba(11, 94, 51, 0.2)";
        context.fill();
        context.lineWidth = 2;
        context.strokeStyle = "#0b5e33";
        context.stroke();
      },
      nearest: function (point) {
        var found = null;
        var best = (RADIUS + 2) * (RADIUS + 2);
        onScreen.forEach(function (one) {
          var distance = one.at.distanceTo(point);
          if (distance * distance <= best) { best = distance * distance; found = one; }
        });
        return found;
      },
      open: function (event) {
        var one = this.nearest(event.containerPoint);
        if (!one) return;
        var link = items[one.index].querySelector("a").cloneNode(true);
        L.popup().setLatLng(places[one.index]).setContent(link).openOn(this._map);
      },
      hover: function (event) {
        this._map.getContainer().style.cursor = this.nearest(event.containerPoint) ? "pointer" : "";
      },
    });
    return new Layer();
  }

  function draw() {
    var items = document.querySelectorAll("#outlet-list li[data-lat]");
    var places = Array.prototype.map.call(items, function (item) {
      return L.latLng(parseFloat(item.dataset.lat), parseFloat(item.dataset.lng));
    });
    element.replaceChildren();
    // The view is set once, on the points: a first view then fitted to them would animate the zoom, and
    // the points would be drawn twice, the last time only when the animation ends.
    var map = L.map(element, { scrollWheelZoom: false });
    if (places.length) map.fitBounds(L.latLngBounds(places), { padding: [20, 20], maxZoom: 13 });
    else map.setView([16.0, 106.0], 5);
    L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.attribution, maxZoom: 18 }).addTo(map);
    pointsLayer(items, places).addTo(map);
    element.dataset.drawn = String(places.length);
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
