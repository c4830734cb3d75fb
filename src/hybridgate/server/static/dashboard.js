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
  // A line through one or two points reads as nothing: bars until there are three days.
  chart("chart-spend", days.length < 3 ? "bar" : "line", days, [
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

  // Refused before routing ("(none)"): shown by code in chart-errors, not as a tier.
  var tiers = Object.keys(data.by_tier).filter(function (t) { return t !== "(none)"; });
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

  var ops = data.ops;
  var codes = Object.keys(ops.errors_by_code);
  chart("chart-errors", "bar", codes, [
    { label: "requests", data: codes.map(function (c) { return ops.errors_by_code[c]; }),
      backgroundColor: palette[4] }
  ], { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true } } });

  var kinds = Object.keys(ops.privacy_findings);
  chart("chart-findings", "bar", kinds, [
    { label: "requests", data: kinds.map(function (k) { return ops.privacy_findings[k]; }),
      backgroundColor: colored(kinds) }
  ], { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } });

  var keys = ops.spend_by_key.map(function (k) { return k.key; });
  chart("chart-keys", "bar", keys, [
    { label: "spend", data: ops.spend_by_key.map(function (k) { return num(k.cost_usd); }),
      backgroundColor: palette[0] },
    { label: "budget", data: ops.spend_by_key.map(function (k) { return num(k.budget_usd); }),
      backgroundColor: palette[8] }
  ], { indexAxis: "y", scales: { x: { beginAtZero: true } } });
})();
