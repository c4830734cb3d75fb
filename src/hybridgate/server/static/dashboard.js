// Draws the dashboard's charts from the report embedded in the page (#report-data).
// Each canvas gets data-drawn="true" once Chart.js has rendered it (the browser test reads it).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var palette = ["#2563eb", "#f97316", "#16a34a", "#9333ea", "#dc2626", "#0891b2", "#ca8a04",
    "#db2777", "#4b5563", "#65a30d"];
  var drawn = {
    id: "hybridgateDrawn",
    afterRender: function (chart) { chart.canvas.setAttribute("data-drawn", "true"); }
  };
  Chart.defaults.animation = false;  // draw at once: no half-drawn screenshots
  Chart.defaults.maintainAspectRatio = false;

  function num(value) { return value === null ? null : parseFloat(value); }
  function chart(id, type, labels, datasets, options) {
    return new Chart(document.getElementById(id), {
      type: type, data: { labels: labels, datasets: datasets },
      options: options || {}, plugins: [drawn]
    });
  }
  function colored(values) { return values.map(function (_, i) { return palette[i % palette.length]; }); }

  var days = Object.keys(data.by_day);
  chart("chart-spend", "line", days, [
    { label: "spend", data: days.map(function (d) { return num(data.by_day[d].cost_usd); }),
      borderColor: palette[0], backgroundColor: palette[0] },
    { label: "baseline (" + data.baseline_model + ")",
      data: days.map(function (d) { return num(data.by_day[d].baseline_cost_usd); }),
      borderColor: palette[1], backgroundColor: palette[1], borderDash: [6, 4] }
  ], { scales: { y: { beginAtZero: true } } });

  chart("chart-savings", "bar", days, [
    { label: "savings %", data: days.map(function (d) { return num(data.by_day[d].savings_pct); }),
      backgroundColor: palette[2] }
  ], { plugins: { legend: { display: false } } });

  var tiers = Object.keys(data.by_tier);
  chart("chart-tier", "doughnut", tiers, [
    { data: tiers.map(function (t) { return data.by_tier[t].requests; }), backgroundColor: colored(tiers) }
  ], { plugins: { legend: { position: "right" } } });

  var deployments = Object.keys(data.by_deployment);
  chart("chart-deployment", "bar", deployments, [
    { label: "requests", data: deployments.map(function (d) { return data.by_deployment[d].requests; }),
      backgroundColor: colored(deployments) }
  ], { indexAxis: "y", plugins: { legend: { display: false } } });

  var actions = Object.keys(data.privacy_actions);
  chart("chart-privacy", "bar", actions, [
    { label: "requests", data: actions.map(function (a) { return data.privacy_actions[a]; }),
      backgroundColor: colored(actions) }
  ], { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } });

  var latencyLabels = ["all"].concat(deployments);
  var latencyRows = [data].concat(deployments.map(function (d) { return data.by_deployment[d]; }));
  chart("chart-latency", "bar", latencyLabels, ["p50", "p95", "p99"].map(function (p, i) {
    return { label: p, data: latencyRows.map(function (r) { return r.latency_ms[p]; }),
      backgroundColor: palette[i] };
  }), { scales: { y: { beginAtZero: true } } });
})();
