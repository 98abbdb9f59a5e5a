// Plotly charts in the page's colour scheme: light as the server drew them, or dark.
//
// The server draws every figure light: its PNG, SVG and PDF downloads go into papers as they
// are. On a dark page the same figure is drawn on the page's own surface with its text, grid and
// notes in the page's colours, and redrawn whenever the preference changes. The modebar's camera
// would snapshot what is on screen, so it is left out: the links beside each chart give the
// light figures.
const DARK = window.matchMedia("(prefers-color-scheme: dark)");
const CONFIG = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["toImage"] };
const AXIS = /^[xy]axis\d*$/;
const drawn = [];

/** A colour as [r, g, b, alpha]: "#rgb", "#rrggbb", "rgb(…)" or "rgba(…)"; null otherwise. */
function parse(colour) {
  const text = String(colour || "").trim();
  let hex = text.match(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i);
  if (hex) {
    hex = hex[1].length === 3 ? hex[1].replace(/./g, "$&$&") : hex[1];
    return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)).concat(1);
  }
  const rgb = text.match(/^rgba?\(([^)]*)\)$/i);
  if (!rgb) return null;
  const parts = rgb[1].split(/[\s,/]+/).filter(Boolean).map(Number);
  return parts.length >= 3 ? [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1] : null;
}

function luminance([r, g, b]) {
  const linear = [r, g, b].map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
}

/** WCAG's contrast ratio of two opaque colours. */
export function contrast(one, other) {
  const [a, b] = [luminance(one), luminance(other)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

function toHsl([r, g, b]) {
  const [R, G, B] = [r / 255, g / 255, b / 255];
  const max = Math.max(R, G, B), min = Math.min(R, G, B), l = (max + min) / 2, d = max - min;
  if (!d) return [0, 0, l];
  const s = d / (1 - Math.abs(2 * l - 1));
  const h = max === R ? ((G - B) / d + 6) % 6 : max === G ? (B - R) / d + 2 : (R - G) / d + 4;
  return [h * 60, s, l];
}

function fromHsl([h, s, l]) {
  const c = (1 - Math.abs(2 * l - 1)) * s, x = c * (1 - Math.abs(((h / 60) % 2) - 1)), m = l - c / 2;
  const sector = [[c, x, 0], [x, c, 0], [0, c, x], [0, x, c], [x, 0, c], [c, 0, x]][Math.floor(h / 60) % 6];
  return sector.map((v) => Math.round((v + m) * 255));
}

/** The colour, made lighter (same hue and saturation) until it reaches the ratio against the
 * dark background (AA: 4.5 for text, 3 for lines and shapes); translucent and unknown colours
 * stay as they are. */
export function readable(colour, background, ratio) {
  const rgb = parse(colour);
  if (!rgb || rgb[3] < 1) return colour;
  const [h, s, l] = toHsl(rgb);
  let lighter = rgb.slice(0, 3);
  for (let step = 1; step <= 50 && contrast(lighter, background) < ratio; step++) {
    lighter = fromHsl([h, s, Math.min(1, l + step * 0.02)]);
  }
  return `rgb(${lighter.join(",")})`;
}

/** The colour the chart is drawn on: the first ancestor with an opaque background. */
function surface(target) {
  for (let node = target; node; node = node.parentElement) {
    const colour = parse(getComputedStyle(node).backgroundColor);
    if (colour && colour[3] === 1) return colour.slice(0, 3);
  }
  return [0, 0, 0];
}

/** The server's light layout, changed in place for a dark page drawn on `ground` ([r, g, b]). */
export function darkLayout(layout, ground) {
  const page = getComputedStyle(document.documentElement);
  const ink = page.getPropertyValue("--ink").trim();
  const muted = page.getPropertyValue("--muted").trim();
  const line = page.getPropertyValue("--line").trim();
  const paper = `rgb(${ground.join(",")})`;
  Object.assign(layout, {
    paper_bgcolor: paper,
    plot_bgcolor: paper,
    font: { ...layout.font, color: ink },
    modebar: { bgcolor: "rgba(0,0,0,0)", color: muted, activecolor: ink },
  });
  Object.keys(layout).filter((key) => AXIS.test(key)).forEach((key) => {
    Object.assign(layout[key], { gridcolor: line, linecolor: line, zerolinecolor: muted });
  });
  (layout.annotations || []).forEach((note) => {
    if (note.bgcolor) note.bgcolor = paper;
    if (note.bordercolor) note.bordercolor = readable(note.bordercolor, ground, 3);
    if (note.arrowcolor) note.arrowcolor = readable(note.arrowcolor, ground, 3);
    if (note.font && note.font.color) note.font.color = readable(note.font.color, ground, 4.5);
  });
  (layout.shapes || []).forEach((shape) => {
    if (shape.fillcolor) shape.fillcolor = readable(shape.fillcolor, ground, 3);
  });
  return layout;
}

/** A heatmap's scale for a dark page: from a faint tint of its strongest colour, for none, to
 * that colour lightened to stand out, for the most; a light scale would make empty cells glare. */
export function darkScale(scale, ground) {
  if (!Array.isArray(scale) || scale.length < 2) return scale;
  const top = parse(readable(scale[scale.length - 1][1], ground, 4.5));
  if (!top) return scale;
  const low = ground.map((v, i) => Math.round(v + (top[i] - v) * 0.15));
  return [[0, `rgb(${low.join(",")})`], [1, `rgb(${top.slice(0, 3).join(",")})`]];
}

/** Draw (newPlot) or redraw (react) the chart from a copy of its light figure: Plotly writes
 * into the objects it is given. */
function draw(chart, how) {
  const { data, layout } = structuredClone(chart.figure);
  if (DARK.matches) {
    const ground = surface(chart.target);
    darkLayout(layout, ground);
    data.forEach((trace) => {
      if (trace.type === "heatmap") trace.colorscale = darkScale(trace.colorscale, ground);
    });
  }
  return how(chart.target, data, layout, CONFIG);
}

/** Draw a figure of the server's into the target, in the page's colour scheme. */
export function drawChart(target, figure) {
  const chart = { target, figure: structuredClone(figure) };
  drawn.push(chart);
  return draw(chart, window.Plotly.newPlot);
}

DARK.addEventListener("change", () => drawn.forEach((chart) => draw(chart, window.Plotly.react)));
