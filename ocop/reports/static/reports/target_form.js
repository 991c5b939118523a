// The target form: only the narrowing fields the chosen metric takes are shown. Without this script every
// field shows, each saying which metric it is for; the server checks the same either way.
document.addEventListener("DOMContentLoaded", () => {
  const metric = document.getElementById("id_metric");
  if (!metric) return;
  const narrowing = document.querySelectorAll("[data-metrics]");
  const show = () => {
    for (const field of narrowing) {
      const taken = field.dataset.metrics.split(" ").includes(metric.value);
      const input = field.querySelector("input, select");
      field.hidden = !taken && !(input && input.value) && !field.querySelector(".errorlist");
    }
  };
  metric.addEventListener("change", show);
  show();
});
