// Focus timer: every action is a call to the REST API (the server keeps the clock and logs
// each stretch), so a reload or another device picks the running timer up again.
import { t } from "./i18n.js";

const $ = function (id) { return document.getElementById(id); };
const root = $("timer");
const config = JSON.parse($("timer-config").textContent);
const names = {}; // each phase's name by its key
let state = null; // the timer as the server last answered
let offset = 0; // server clock minus this device's clock, from each answer

function csrf() {
  const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

/** The server's refusal as one message: each field with its errors. */
function refusal(data, status) {
  // A service's refusal (docs/api.md "Errors"): its code is a string, its message says it all.
  if (data && typeof data.code === "string" && data.message) return new Error(data.message);
  const parts = [];
  Object.keys(data).forEach(function (k) { parts.push(k + ": " + [].concat(data[k]).join(" ")); });
  return new Error(parts.join("; ") || t("The server refused this (%(status)s).", { status: status }));
}

function call(path, body) {
  const options = { credentials: "same-origin", headers: { Accept: "application/json" } };
  if (body !== undefined) {
    options.method = "POST";
    options.headers["Content-Type"] = "application/json";
    options.headers["X-CSRFToken"] = csrf();
    options.body = JSON.stringify(body);
  }
  return fetch(config.api + path, options).then(function (response) {
    const date = response.headers.get("Date");
    if (date) offset = new Date(date).getTime() - Date.now();
    return response.json().then(function (data) {
      if (!response.ok) throw refusal(data, response.status);
      return data;
    });
  });
}

function minutesText(m) { return t("%(minutes)s min", { minutes: Math.round(m * 100) / 100 }); }
const DIRECTIONS = { focus: t("focus"), backtracking: t("backtracking"), forward: t("forward") };

function render(data) {
  state = data;
  $("timer-idle").hidden = data.running;
  $("timer-running").hidden = !data.running;
  if (data.logged) {
    const li = document.createElement("li");
    li.textContent = t("Logged %(minutes)s on %(phase)s (%(direction)s)", {
      minutes: minutesText(data.logged.minutes),
      phase: names[data.logged.visited],
      direction: DIRECTIONS[data.logged.direction] || data.logged.direction,
    });
    $("timer-logged").prepend(li);
  }
  if (!data.running) return;
  $("timer-main-name").textContent = names[data.main];
  $("timer-visited-name").textContent = names[data.visited];
  root.querySelectorAll(".phase-btn").forEach(function (b) {
    b.setAttribute("aria-pressed", String(b.dataset.key === data.visited));
    b.classList.toggle("is-main", b.dataset.key === data.main);
  });
  tick();
}

function tick() {
  if (!state || !state.running) return;
  const seconds = Math.max(0, Math.floor((Date.now() + offset - new Date(state.since).getTime()) / 1000));
  $("timer-clock").textContent = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
}

function fail(error) { $("timer-status").textContent = error.message; }
function ok(data) { $("timer-status").textContent = ""; render(data); }

// The scenario list follows the phase the user is about to tap: all scenarios from the main.
function listScenarios() {
  const select = $("timer-scenario");
  select.replaceChildren();
  const none = document.createElement("option");
  none.value = "";
  none.textContent = t("None");
  select.appendChild(none);
  const shifts = (state && config.scenarios[state.main]) || {};
  Object.keys(shifts).forEach(function (visited) {
    shifts[visited].forEach(function (name) {
      const option = document.createElement("option");
      option.value = visited + "\u0000" + name;
      option.textContent = names[visited] + ": " + name;
      select.appendChild(option);
    });
  });
}

/** A tap on a phase while the timer runs: the shift, with its reason and scenario if given. */
function shift(event) {
  const button = event.target.closest(".phase-btn");
  if (!button || !state || !state.running) return;
  const picked = $("timer-scenario").value.split("\u0000");
  const body = { visited: button.dataset.key, reason: $("timer-reason").value };
  if (picked.length === 2 && picked[0] === button.dataset.key) body.scenario = picked[1];
  call("shift/", body).then(function (data) {
    $("timer-reason").value = "";
    $("timer-scenario").value = "";
    ok(data);
  }).catch(fail);
}

function start() {
  config.phases.forEach(function (p) { names[p.key] = p.name; });
  setInterval(tick, 1000);
  $("timer-start").addEventListener("click", function () {
    call("start/", { main: $("timer-main").value }).then(ok).catch(fail);
  });
  $("timer-stop").addEventListener("click", function () {
    call("stop/", {}).then(ok).catch(fail);
  });
  $("timer-why").addEventListener("toggle", listScenarios);
  $("timer-phases").addEventListener("click", shift);
  call("").then(render).catch(fail);
}

if (root) start();
