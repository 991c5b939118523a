// The catalogue with htmx: leave unused filters out of the address it puts in the history, keep the
// filters panel as the reader left it across updates, and tell screen readers the new number of results
// (the live region sits outside the replaced part, so it is not itself replaced).
(function () {
  "use strict";
  var filtersOpen = null;

  // Beside the results there is room for the filters: open them there from the start.
  document.addEventListener("DOMContentLoaded", function () {
    var filters = document.getElementById("catalogue-filters");
    if (filters && window.matchMedia("(min-width: 60rem)").matches) filters.open = true;
  });

  document.addEventListener("htmx:configRequest", function (event) {
    var source = event.detail.elt;
    var formData = event.detail.formData;
    if (!formData || !source.closest("#catalogue-form, #results")) return;
    var empty = [];
    formData.forEach(function (value, name) {
      if (value === "") empty.push(name);
    });
    empty.forEach(function (name) {
      formData.delete(name);
    });
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target.id !== "results") return;
    var filters = document.getElementById("catalogue-filters");
    filtersOpen = filters ? filters.open : null;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id !== "results") return;
    var filters = document.getElementById("catalogue-filters");
    if (filters && filtersOpen !== null) filters.open = filtersOpen;
    var summary = event.detail.target.querySelector("[data-result-summary]");
    var announcement = document.getElementById("results-announcement");
    if (summary && announcement) announcement.textContent = summary.textContent.trim();
  });
})();
