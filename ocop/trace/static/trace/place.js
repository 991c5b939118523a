// "Chia sẻ khu vực của tôi": the phone's position is asked for only on a click, and leaves the phone
// rounded to a tenth of a degree (about 11 km). The server rounds again and keeps no more than that.
(function () {
  "use strict";
  var button = document.getElementById("share-place");
  if (!button || !navigator.geolocation || !window.fetch) {
    if (button) button.hidden = true;
    return;
  }
  function tenth(value) {
    return (Math.round(value * 10) / 10).toFixed(1);
  }
  function say(text) {
    var note = document.createElement("span");
    note.setAttribute("role", "status");
    note.textContent = text;
    button.replaceWith(note);
  }
  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var body = new URLSearchParams();
        body.set("token", button.dataset.token);
        body.set("latitude", tenth(position.coords.latitude));
        body.set("longitude", tenth(position.coords.longitude));
        fetch(button.dataset.url, { method: "POST", body: body, credentials: "omit" }).then(
          function (response) { say(response.ok ? button.dataset.done : button.dataset.failed); },
          function () { say(button.dataset.failed); }
        );
      },
      function () { say(button.dataset.failed); },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
    );
  });
})();
