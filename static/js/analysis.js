// Analysis page: draws the Plotly charts from the JSON the server embedded, and opens a grid
// cell's notes in a dialog (the cell stays a plain link without JavaScript).
import { drawChart } from "./chart_theme.js";
import { t } from "./i18n.js";

(function () {
  // The agreement chart on a phone: the paragraph above it says what a bar counts, so its legend
  // drops that title; statements are named by key and N, and every other tick is labelled.
  function fitNarrow(fig, width) {
    if (width >= 640 || !fig.data.length) return;
    const layout = fig.layout;
    if (layout.legend && layout.legend.title) layout.legend.title.text = "";
    layout.annotations = [];
    if (layout.xaxis2 && layout.xaxis2.title) layout.xaxis2.title.text = "";
    layout.margin = Object.assign({}, layout.margin, { t: 90 });
    const labels = fig.data[0].y || [];
    layout.yaxis = Object.assign({}, layout.yaxis, {
      tickmode: "array",
      tickvals: labels,
      ticktext: labels.map(function (label) {
        const n = label.match(/\(N=[^)]*\)$/);
        return label.split(" ")[0] + (n ? " " + n[0] : "");
      }),
    });
    const x = layout.xaxis;
    if (x && x.tickvals && x.tickvals.length > 7) {
      const keep = x.tickvals.map(function (v) { return v % 2 === 0; });
      x.tickvals = x.tickvals.filter(function (_, i) { return keep[i]; });
      x.ticktext = x.ticktext.filter(function (_, i) { return keep[i]; });
    }
  }
  function draw(dataId, targetId) {
    const source = document.getElementById(dataId);
    const target = document.getElementById(targetId);
    if (!source || !target || !window.Plotly) return;
    const fig = JSON.parse(source.textContent);
    if (dataId === "diverging-data") fitNarrow(fig, target.clientWidth);
    drawChart(target, fig);
  }
  draw("diverging-data", "chart-diverging");
  draw("heatmap-data", "chart-heatmap");

  const dialog = document.getElementById("cell-dialog");
  const body = document.getElementById("cell-dialog-body");
  if (!dialog || typeof dialog.showModal !== "function") return;
  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[data-cell]");
    if (!link) return;
    event.preventDefault();
    const url = new URL(link.href, window.location.href);
    url.searchParams.set("fragment", "1");
    body.textContent = t("Loading…");
    dialog.showModal();
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(t("The notes could not be loaded (%(status)s).", { status: response.status }));
        }
        return response.text();
      })
      .then(function (html) { body.innerHTML = html; })
      .catch(function (error) { body.textContent = error.message; });
  });
})();
