/* Recordings: upload with a progress bar (XMLHttpRequest upload events) and live job status. */

// Texts in the page's language: Django's JavaScript catalog (base.html loads it before this
// script) gives gettext, ngettext and interpolate; `make messages` extracts their strings.
function say(text, values) {
  return interpolate(text, values, true);
}

// A number as the page's language writes it (1.5 in English, 1,5 in Portuguese and Spanish).
function number(n, digits) {
  const language = document.documentElement.lang || undefined;
  try {
    return n.toLocaleString(language, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  } catch {
    return n.toFixed(digits);
  }
}

function formatBytes(n) {
  if (n < 1024) return say(ngettext("%(count)s byte", "%(count)s bytes", n), { count: number(n, 0) });
  const units = [gettext("%(size)s KB"), gettext("%(size)s MB"), gettext("%(size)s GB")];
  let i = -1;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return say(units[i], { size: number(n, 1) });
}

function showErrors(list, errors) {
  list.textContent = "";
  errors.forEach(function (message) {
    const li = document.createElement("li");
    li.textContent = message;
    list.appendChild(li);
  });
}

// Why the chosen files are not sent: none chosen, or those over the limit (none: they are sent).
function refusals(files, limit) {
  if (!files.length) return [gettext("Choose a recording to upload.")];
  return files.filter(function (f) { return limit && f.size > limit; }).map(function (f) {
    return say(gettext("“%(name)s” is larger than the limit of %(limit)s."),
      { name: f.name, limit: formatBytes(limit) });
  });
}

// The progress box: the files' names shown, its bar and percentage to follow the upload.
function showProgress(files) {
  const progress = {
    box: document.getElementById("upload-progress"),
    bar: document.getElementById("upload-bar"),
    percent: document.getElementById("upload-percent"),
  };
  document.getElementById("upload-name").textContent = files.map(function (f) { return f.name; }).join(", ");
  progress.box.hidden = false;
  return progress;
}

// The server's answer: its errors shown (the box hidden when nothing was uploaded), or the
// recordings' page after a moment.
function uploaded(xhr, form, errors, progress) {
  let data = {};
  try {
    data = JSON.parse(xhr.responseText);
  } catch {
    data = { errors: [say(gettext("The server answered with status %(status)s."), { status: xhr.status })] };
  }
  if (data.errors && data.errors.length) {
    showErrors(errors, data.errors);
    form.querySelector("button[type=submit]").disabled = false;
    if (!(data.recordings && data.recordings.length)) { progress.box.hidden = true; return; }
  }
  progress.bar.value = 100;
  progress.percent.textContent = gettext("100% — uploaded");
  window.setTimeout(function () { window.location.href = data.redirect || window.location.href; },
    data.errors && data.errors.length ? 2500 : 300);
}

function send(form, files, errors) {
  const progress = showProgress(files);
  form.querySelector("button[type=submit]").disabled = true;
  const xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
  xhr.upload.addEventListener("progress", function (e) {
    if (!e.lengthComputable) return;
    const value = Math.round((e.loaded / e.total) * 100);
    progress.bar.value = value;
    progress.percent.textContent = value + "%";
  });
  xhr.addEventListener("load", function () { uploaded(xhr, form, errors, progress); });
  xhr.addEventListener("error", function () {
    showErrors(errors, [gettext("The upload was interrupted (network error). Try again.")]);
    form.querySelector("button[type=submit]").disabled = false;
    progress.box.hidden = true;
  });
  xhr.send(new FormData(form));
}

const form = document.getElementById("upload-form");
if (form) {
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const input = form.querySelector("input[type=file]");
    const errors = form.querySelector("#upload-errors");
    const files = Array.from(input.files);
    const refused = refusals(files, parseInt(form.dataset.maxBytes, 10));
    showErrors(errors, refused);
    if (!refused.length) send(form, files, errors);
  });
}

// Live status of transcription jobs: the stage (decoding, detecting speech, transcribing,
// then detecting speakers), the percentage, an error, and whether a worker is running.
function busy(status, speakers) {
  return status === "queued" || status === "processing" || (status === "done" && speakers === "processing");
}

function showStatus(el, s) {
  // The transcription, or the speakers step after it: the stage and percentage are its.
  const running = s.status === "processing" || (s.status === "done" && s.speakers_status === "processing");
  const state = el.querySelector(".job-state");
  state.className = "job-state status-" + s.status;
  state.querySelector(".status-badge").textContent = s.status_label;
  state.querySelector(".job-stage").textContent = running ? s.stage_label : "";
  const bar = state.querySelector(".job-bar");
  bar.value = s.progress;
  bar.hidden = !(running || s.status === "queued");
  state.querySelector(".job-percent").textContent = running ? s.progress + "%" : "";
  const error = state.querySelector(".job-error");
  error.textContent = s.error;
  error.hidden = !s.error;
  const missing = document.getElementById("worker-missing");
  if (missing && typeof s.worker_running === "boolean") missing.hidden = s.worker_running;
  el.dataset.status = s.status;
  el.dataset.speakers = s.speakers_status;
}

// The offer of an updated transcript, which only the transcript's page has. A reload would lose
// what its reader was doing (playing the recording, typing, choosing, a form opened): once the
// page has been used, the update is offered, not forced.
const updateOffer = document.getElementById("transcript-updated");
let pageUsed = false;
if (updateOffer) {
  // Listened for in the capture phase: play and toggle do not bubble up to the document.
  ["play", "input", "change", "toggle"].forEach(function (type) {
    document.addEventListener(type, function () { pageUsed = true; }, true);
  });
  updateOffer.querySelector("button").addEventListener("click", function () { window.location.reload(); });
}

function transcriptUpdated() {
  if (!pageUsed) { window.location.reload(); return; }
  updateOffer.hidden = false;
  document.getElementById("speakers-state").textContent = gettext("Finished: show the update above.");
}

function poll(el) {
  fetch(el.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (s) {
      showStatus(el, s);
      if (busy(s.status, s.speakers_status)) {
        window.setTimeout(function () { poll(el); }, 1500);
      } else if (s.status === "done" && updateOffer) {
        transcriptUpdated();  // the new transcript and its speakers
      }
    })
    .catch(function () { window.setTimeout(function () { poll(el); }, 5000); });
}

document.querySelectorAll("[data-status-url]").forEach(function (el) {
  if (busy(el.dataset.status, el.dataset.speakers)) poll(el);
});
