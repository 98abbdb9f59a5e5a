// Phase analysis page: draws every Plotly figure the server embedded as JSON.
import { drawChart } from "./chart_theme.js";

const source = document.getElementById("phase-figures");
if (source && window.Plotly) {
  const figures = JSON.parse(source.textContent);
  document.querySelectorAll("[data-figure]").forEach(function (target) {
    const fig = figures[target.dataset.figure];
    if (fig) drawChart(target, fig);
  });
}
