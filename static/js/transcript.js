/* Transcript page: click a line to play from there, highlight the line being played, search. */
(function () {
  "use strict";
  var player = document.getElementById("player");
  var list = document.getElementById("transcript");
  if (!player || !list) return;
  var lines = Array.prototype.slice.call(list.querySelectorAll("li.line"));
  var current = null;

  function playFrom(line) {
    player.currentTime = parseFloat(line.dataset.start);
    var playing = player.play();
    if (playing && playing.catch) playing.catch(function () { /* autoplay may be refused */ });
    highlight(line);
  }

  function highlight(line) {
    if (current === line) return;
    if (current) { current.classList.remove("current"); current.removeAttribute("aria-current"); }
    current = line;
    if (line) { line.classList.add("current"); line.setAttribute("aria-current", "true"); }
  }

  // A speaker's clip: play its stretch of the recording, then stop.
  var clipEnd = null;
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".play-clip");
    if (!button) return;
    clipEnd = parseFloat(button.dataset.end);
    player.currentTime = parseFloat(button.dataset.start);
    var playing = player.play();
    if (playing && playing.catch) playing.catch(function () { /* autoplay may be refused */ });
  });
  player.addEventListener("timeupdate", function () {
    if (clipEnd !== null && player.currentTime >= clipEnd) { player.pause(); clipEnd = null; }
  });

  list.addEventListener("click", function (event) {
    if (event.target.closest("a, details, textarea, select, input")) return;
    var line = event.target.closest("li.line");
    if (line) playFrom(line);
  });
  // The time of each line is a button: Enter and Space play from there through the click above.

  player.addEventListener("timeupdate", function () {
    var t = player.currentTime, found = null;
    for (var i = 0; i < lines.length; i++) {
      if (parseFloat(lines[i].dataset.start) <= t + 0.05) found = lines[i]; else break;
    }
    if (found && t <= parseFloat(found.dataset.end) + 1.5) highlight(found);
  });

  var search = document.getElementById("transcript-search");
  var count = document.getElementById("search-count");
  if (search) {
    search.addEventListener("input", function () {
      var q = search.value.trim().toLowerCase(), shown = 0;
      lines.forEach(function (line) {
        var text = line.querySelector(".text").textContent.toLowerCase();
        var speaker = (line.querySelector(".speaker") || { textContent: "" }).textContent.toLowerCase();
        var match = !q || text.indexOf(q) >= 0 || speaker.indexOf(q) >= 0;
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
  var wanted = new URLSearchParams(window.location.search).get("line");
  if (wanted) {
    var target = document.getElementById("seg-" + wanted);
    if (target) {
      highlight(target);
      target.scrollIntoView({ block: "center" });
      player.addEventListener("loadedmetadata", function () {
        player.currentTime = parseFloat(target.dataset.start);
      }, { once: true });
    }
  }
})();
