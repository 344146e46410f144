/* Draws every <div class="chart" data-chart="ID" data-height="20rem"> with the ECharts options in the JSON
   <script type="application/json" id="ID"> (data, never run: the Content-Security-Policy allows no inline
   scripts). Tooltips are drawn on the canvas (renderMode "richText"): ECharts' HTML tooltips carry style=""
   attributes, which the policy forbids.
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
      if (element.dataset.height) { element.style.height = element.dataset.height; }  // CSSOM: allowed
      var options = JSON.parse(source.textContent);
      [].concat(options.tooltip || []).forEach(function (tooltip) { tooltip.renderMode = "richText"; });
      var chart = echarts.init(element, null, { renderer: "canvas" });
      chart.on("finished", function () { element.dataset.rendered = "true"; });
      chart.setOption(options);
      charts.push(chart);
    });
  }

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
})();
