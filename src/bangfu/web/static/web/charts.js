/* Draws every <div class="chart" data-chart="ID" data-height="20rem"> with the ECharts options in the JSON
   <script type="application/json" id="ID"> (data, never run: the Content-Security-Policy allows no inline
   scripts). Tooltips are drawn on the canvas (renderMode "richText"): ECharts' HTML tooltips carry style=""
   attributes, which the policy forbids.
   Pages build their chart options in Python; this file is the only chart code. Marks each drawn chart
   with data-rendered="true" (browser tests wait for it). A chart inside a closed <details> is drawn when it
   opens (ECharts cannot measure a hidden box); charts follow the window's width. */
(function () {
  "use strict";
  var charts = [];

  function list(value) { return [].concat(value || []); }

  // Room for what ECharts draws above the plot and does not count in the grid: the legend (one scrolling
  // line, never wrapped over the plot on a phone) and the value axis' name.
  function fit(options) {
    var legends = list(options.legend).filter(function (legend) { return legend.show !== false; });
    legends.forEach(function (legend) {
      legend.type = "scroll";
      if (legend.top === undefined && legend.bottom === undefined) { legend.top = 0; }
    });
    var named = list(options.yAxis).some(function (axis) { return axis && axis.name; });
    var top = 8 + (legends.length ? 30 : 0) + (named ? 24 : 0);
    list(options.grid).forEach(function (grid) {
      if (typeof grid.top !== "number" || grid.top < top) { grid.top = top; }
      grid.containLabel = true;
    });
    list(options.xAxis).concat(list(options.yAxis)).forEach(function (axis) {
      if (axis && axis.type === "category") { axis.axisLabel = Object.assign({ hideOverlap: true }, axis.axisLabel); }
    });
    list(options.tooltip).forEach(function (tooltip) { tooltip.renderMode = "richText"; tooltip.confine = true; });
    return options;
  }

  function draw(root) {
    (root || document).querySelectorAll(".chart[data-chart]").forEach(function (element) {
      if (element.dataset.rendered || element.closest("details:not([open])")) { return; }
      var source = document.getElementById(element.dataset.chart);
      if (!source || typeof echarts === "undefined") { return; }
      if (element.dataset.height) { element.style.height = element.dataset.height; }  // CSSOM: allowed
      var chart = echarts.init(element, null, { renderer: "canvas" });
      chart.on("finished", function () { element.dataset.rendered = "true"; });
      chart.setOption(fit(JSON.parse(source.textContent)));
      charts.push(chart);
    });
  }

  function resize() { charts.forEach(function (chart) { chart.resize(); }); }

  window.addEventListener("resize", resize);
  window.addEventListener("beforeprint", resize);
  // "toggle" does not bubble: listen in the capture phase for every <details> of the page
  document.addEventListener("toggle", function (event) {
    if (event.target.open) { draw(event.target); resize(); }
  }, true);
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
})();
