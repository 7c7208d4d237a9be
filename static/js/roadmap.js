// Roadmap charts, drawn from the page's json_script data (the same numbers are in a table).
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;

  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  var indicator = read("indicator-data");
  var canvas = document.getElementById("indicator-chart");
  if (indicator && canvas) {
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: indicator.years.map(String),
        datasets: [
          { label: canvas.closest("section").querySelector("th:nth-child(2)").textContent, data: indicator.targets, backgroundColor: "#b1c9f2" },
          { label: canvas.closest("section").querySelector("th:nth-child(3)").textContent, data: indicator.actuals, backgroundColor: "#256ef4" }
        ]
      },
      options: { responsive: true, maintainAspectRatio: false, plugins: { legend: { position: "bottom" } } }
    });
  }

  var survey = read("survey-data");
  if (survey) {
    document.querySelectorAll("canvas.survey-chart").forEach(function (node) {
      var result = survey.find(function (r) { return String(r.id) === node.dataset.question; });
      if (!result) return;
      new Chart(node, {
        type: "bar",
        data: { labels: ["1", "2", "3", "4", "5"], datasets: [{ label: result.text, data: result.counts, backgroundColor: "#256ef4" }] },
        options: { responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
    });
  }
})();
