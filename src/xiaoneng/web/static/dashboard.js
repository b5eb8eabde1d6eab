/* Draws the home page's charts: each element with data-chart holds its ECharts option as JSON, written by the
   server (CSP forbids inline scripts). Tooltips are drawn on the canvas (richText), never as HTML with inline
   styles, and every chart follows its box's width, so the charts read on a 375-px phone. */
(function () {
  "use strict";
  if (typeof echarts === "undefined") { return; }
  var charts = [];

  function unitFormatter(units) {
    return function (value, index) {
      if (value === null || value === undefined || value === "-") { return "无"; }
      var unit = units && units[index] !== undefined ? units[index] : "";
      return unit === "%" ? Number(value).toFixed(1) + "%" : String(value);
    };
  }

  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var option;
    try { option = JSON.parse(el.getAttribute("data-chart")); } catch (e) { return; }
    var units = option._units || [];
    delete option._units;
    option.tooltip = Object.assign({ renderMode: "richText", confine: true }, option.tooltip || {});
    (option.series || []).forEach(function (s, i) {
      s.tooltip = { valueFormatter: function (v) { return unitFormatter(units)(v, i); } };
    });
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    el.setAttribute("data-drawn", "1");
    charts.push(chart);
  });

  var pending = null;
  function resize() {
    if (pending) { return; }
    pending = window.setTimeout(function () {
      pending = null;
      charts.forEach(function (c) { c.resize(); });
    }, 120);
  }
  window.addEventListener("resize", resize);
  if (typeof ResizeObserver !== "undefined") {
    var watcher = new ResizeObserver(resize);
    document.querySelectorAll("[data-chart]").forEach(function (el) { watcher.observe(el); });
  }
})();
