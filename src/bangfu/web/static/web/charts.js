/* Draws every <div class="chart" data-chart="ID"> with the ECharts options in <script id="ID">.
   Pages build their chart options in Python; this file is the only chart code. Marks each drawn chart
   with data-rendered="true" (browser tests wait for it). */
(function () {
  "use strict";
  var charts = [];

  function draw(root) {
    (root || document).querySelectorAll(".chart[data-chart]").forEach(function (element) {
      if (element.dataset.rendered) { return; }
      var source = document.getElementById(element.dataset.chart);
      if (!source || typeof echarts === "undefined") { return; }
      var chart = echarts.init(element, null, { renderer: "canvas" });
      chart.on("finished", function () { element.dataset.rendered = "true"; });
      chart.setOption(JSON.parse(source.textContent));
      charts.push(chart);
    });
  }

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
})();
