// The console's only script: draws the charts the server described, and submits the app picker.
(function () {
  "use strict";

  function drawCharts(root) {
    root.querySelectorAll("[data-chart]").forEach(function (element) {
      if (element.dataset.drawn) {
        return;
      }
      element.dataset.drawn = "true";
      var chart = echarts.init(element, null, { renderer: "canvas" });
      chart.setOption(JSON.parse(element.dataset.chart));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts(document);
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    drawCharts(event.target);
  });
})();
