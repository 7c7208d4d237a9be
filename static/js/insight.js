// Draws each dashboard chart from the JSON the page embeds (json_script): no inline script.
// A chart is never the only carrier of its numbers; the table beside it holds the same.
(function () {
  "use strict";
  function draw() {
    if (typeof window.Chart === "undefined") return;
    var font = getComputedStyle(document.body).fontFamily;
    window.Chart.defaults.font.family = font;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chart);
      if (!source || canvas.dataset.drawn) return;
      var config = JSON.parse(source.textContent);
      if (config.height) {
        canvas.parentElement.style.height = (config.height / 10) + "rem";
        delete config.height;
      }
      config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
      new window.Chart(canvas, config);
      canvas.dataset.drawn = "1";
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
