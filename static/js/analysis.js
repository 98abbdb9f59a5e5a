// Analysis page: draws the Plotly charts from the JSON the server embedded, and opens a grid
// cell's notes in a dialog (the cell stays a plain link without JavaScript).
(function () {
  "use strict";
  function draw(dataId, targetId) {
    var source = document.getElementById(dataId);
    var target = document.getElementById(targetId);
    if (!source || !target || !window.Plotly) return;
    var fig = JSON.parse(source.textContent);
    window.Plotly.newPlot(target, fig.data, fig.layout, { responsive: true, displaylogo: false });
  }
  draw("diverging-data", "chart-diverging");
  draw("heatmap-data", "chart-heatmap");

  var dialog = document.getElementById("cell-dialog");
  var body = document.getElementById("cell-dialog-body");
  if (!dialog || typeof dialog.showModal !== "function") return;
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-cell]");
    if (!link) return;
    event.preventDefault();
    var url = new URL(link.href, window.location.href);
    url.searchParams.set("fragment", "1");
    body.textContent = "Loading…";
    dialog.showModal();
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("The notes could not be loaded (" + response.status + ").");
        return response.text();
      })
      .then(function (html) { body.innerHTML = html; })
      .catch(function (error) { body.textContent = error.message; });
  });
})();
