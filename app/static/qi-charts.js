/* Charts from data: every <figure class="qi-chart" data-chart="{…}"> is drawn with the ECharts served
   from /static/vendor (never a CDN). The figure's own table stays as the printable, accessible
   fallback when the script is missing. Spec: {type: "bar"|"hbar"|"line", categories: [...],
   series: [{name, data: [...]}], max: number|null}. */
(function () {
  "use strict";
  function draw(figure) {
    var spec;
    try { spec = JSON.parse(figure.getAttribute("data-chart")); } catch (e) { return; }
    var box = document.createElement("div");
    box.className = "qi-chart-canvas";
    figure.insertBefore(box, figure.firstChild);
    var horizontal = spec.type === "hbar";
    // horizontal bars read top-down in the order given (a category axis on y runs bottom-up by default)
    var category = {type: "category", data: spec.categories, inverse: horizontal,
                    axisLabel: {interval: 0, width: 120, overflow: "break"}};
    var value = {type: "value", min: 0, max: spec.max == null ? undefined : spec.max};
    var chart = window.echarts.init(box, null, {renderer: "svg"});
    chart.setOption({
      animation: false,
      tooltip: {trigger: "axis"},
      legend: spec.series.length > 1 ? {top: 0} : undefined,
      grid: {left: 8, right: 16, top: spec.series.length > 1 ? 32 : 12, bottom: 8, containLabel: true},
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: spec.series.map(function (s) {
        return {name: s.name, type: spec.type === "line" ? "line" : "bar", data: s.data,
                label: {show: spec.series.length === 1, position: horizontal ? "right" : "top"}};
      })
    });
    figure.classList.add("qi-chart-drawn");
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function start() {
    if (!window.echarts) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("figure.qi-chart[data-chart]"), draw);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
