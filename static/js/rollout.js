// The KPI chart of a plan page: one line per KPI (actuals by period) and its target as a
// dashed line. The same figures are in the table beside it.
(function () {
  "use strict";
  var canvas = document.getElementById("kpi-chart");
  var source = document.getElementById("kpi-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var colours = ["#256ef4", "#d63d4a", "#228738", "#8a5cd1", "#e07b00"];
  var datasets = [];
  data.datasets.forEach(function (set, i) {
    var colour = colours[i % colours.length];
    datasets.push({ label: set.label, data: set.data, borderColor: colour, backgroundColor: colour, spanGaps: true });
    datasets.push({
      label: set.label + " · " + (document.documentElement.lang === "en" ? "target" : "목표"),
      data: data.labels.map(function () { return set.target; }),
      borderColor: colour, borderDash: [6, 4], pointRadius: 0, fill: false,
    });
  });
  new Chart(canvas, {
    type: "line",
    data: { labels: data.labels, datasets: datasets },
    options: { responsive: true, maintainAspectRatio: false, animation: false },
  });
})();
