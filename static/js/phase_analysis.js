// Phase analysis page: draws every Plotly figure the server embedded as JSON.
(function () {
  "use strict";
  var source = document.getElementById("phase-figures");
  if (!source || !window.Plotly) return;
  var figures = JSON.parse(source.textContent);
  document.querySelectorAll("[data-figure]").forEach(function (target) {
    var fig = figures[target.dataset.figure];
    if (!fig) return;
    window.Plotly.newPlot(target, fig.data, fig.layout, { responsive: true, displaylogo: false });
  });
})();
