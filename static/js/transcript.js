/* Transcript page: click a line to play from there, highlight the line being played, search. */
let current = null; // the line highlighted as being played

function play(player, start) {
  player.currentTime = start;
  const playing = player.play();
  if (playing && playing.catch) playing.catch(function () { /* autoplay may be refused */ });
}

function highlight(line) {
  if (current === line) return;
  if (current) { current.classList.remove("current"); current.removeAttribute("aria-current"); }
  current = line;
  if (line) { line.classList.add("current"); line.setAttribute("aria-current", "true"); }
}

// A speaker's clip: play its stretch of the recording, then stop.
function playClips(player) {
  let clipEnd = null;
  document.addEventListener("click", function (event) {
    const button = event.target.closest(".play-clip");
    if (!button) return;
    clipEnd = parseFloat(button.dataset.end);
    play(player, parseFloat(button.dataset.start));
  });
  player.addEventListener("timeupdate", function () {
    if (clipEnd !== null && player.currentTime >= clipEnd) { player.pause(); clipEnd = null; }
  });
}

// A click on a line plays from there; the line being played is highlighted.
function playLines(player, list, lines) {
  list.addEventListener("click", function (event) {
    if (event.target.closest("a, details, textarea, select, input")) return;
    const line = event.target.closest("li.line");
    if (!line) return;
    play(player, parseFloat(line.dataset.start));
    highlight(line);
  });
  // The time of each line is a button: Enter and Space play from there through the click above.

  player.addEventListener("timeupdate", function () {
    const t = player.currentTime;
    let found = null;
    for (let i = 0; i < lines.length; i++) {
      if (parseFloat(lines[i].dataset.start) <= t + 0.05) found = lines[i]; else break;
    }
    if (found && t <= parseFloat(found.dataset.end) + 1.5) highlight(found);
  });
}

function searchLines(lines) {
  const search = document.getElementById("transcript-search");
  const count = document.getElementById("search-count");
  if (!search) return;
  search.addEventListener("input", function () {
    const q = search.value.trim().toLowerCase();
    let shown = 0;
    lines.forEach(function (line) {
      const text = line.querySelector(".text").textContent.toLowerCase();
      const speaker = (line.querySelector(".speaker") || { textContent: "" }).textContent.toLowerCase();
      const match = !q || text.indexOf(q) >= 0 || speaker.indexOf(q) >= 0;
      line.hidden = !match;
      if (match) shown++;
    });
    // The catalog's ngettext and interpolate (base.html loads it): "3 of 40 lines" in the page's language.
    count.textContent = q
      ? interpolate(ngettext("%(shown)s of %(count)s line", "%(shown)s of %(count)s lines", lines.length),
        { shown: shown, count: lines.length }, true)
      : "";
  });
}

// Arriving from a statement or a note: seek to the line and show it.
function showWantedLine(player) {
  const wanted = new URLSearchParams(window.location.search).get("line");
  if (!wanted) return;
  const target = document.getElementById("seg-" + wanted);
  if (!target) return;
  highlight(target);
  target.scrollIntoView({ block: "center" });
  player.addEventListener("loadedmetadata", function () {
    player.currentTime = parseFloat(target.dataset.start);
  }, { once: true });
}

const player = document.getElementById("player");
const list = document.getElementById("transcript");
if (player && list) {
  const lines = Array.from(list.querySelectorAll("li.line"));
  playClips(player);
  playLines(player, list, lines);
  searchLines(lines);
  showWantedLine(player);
}
