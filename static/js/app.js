// Progressive enhancement only: every page works without this file.
// 1. Autosave: answers on a questionnaire step are saved in the background as they change, and
//    at once when the user leaves the step (a link, a reload, closing the tab: pagehide).
// 2. A warning before leaving while typed text is not yet saved.
// 3. A live character counter on every limited text field, saying when pasted text was cut.
(function () {
  "use strict";

  // Interface words come translated from the page (data-i18n-* on <body>), English otherwise.
  function word(name, english) { return document.body.getAttribute("data-i18n-" + name) || english; }

  // --- 3. character counters (every form with limited fields) ---------------------------
  // Figures as the server writes them (Babel, Latin digits): "5 000" in French, "5,000" in English.
  var figure = { format: String };
  try {
    figure = new Intl.NumberFormat(document.documentElement.lang || "en", { numberingSystem: "latn" });
  } catch (e) { /* an unknown language tag: plain digits */ }

  function counterFor(field) {
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    // A field whose hint already states its length (the join code) needs no counter.
    if (!limit || field.hasAttribute("data-no-count")) { return; }
    var note = document.createElement("p");
    note.className = "char-count hint";
    note.id = (field.id || field.name) + "-count";
    note.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", note);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + note.id);
    var cut = 0;
    function show() {
      var text = figure.format(field.value.length) + " / " + figure.format(limit) + " " + word("characters", "characters");
      if (cut > 0) {
        text += ". " + word("cut", "Your paste was cut: the last {cut} characters did not fit.")
          .replace("{cut}", figure.format(cut));
      }
      note.textContent = text;
      note.classList.toggle("char-count-cut", cut > 0);
    }
    field.addEventListener("input", function () { if (field.value.length < limit) { cut = 0; } show(); });
    field.addEventListener("paste", function (e) {
      var pasted = (e.clipboardData || window.clipboardData);
      pasted = pasted ? pasted.getData("text") : "";
      var kept = field.value.length - (field.selectionEnd - field.selectionStart);
      cut = Math.max(0, kept + pasted.length - limit);
      show();
    });
    show();
  }
  Array.prototype.forEach.call(
    document.querySelectorAll("textarea[maxlength], input[type=text][maxlength]"), counterFor);

  // --- 1 and 2. autosave of a questionnaire step ------------------------------------------
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch) { return; }
  var url = form.getAttribute("data-autosave");
  var status = document.getElementById("autosave-status");
  var timer = null;
  var inflight = null;
  var dirty = false;      // something changed since the last save started
  var leaving = false;    // the form itself is being submitted: no warning, no beacon
  function say(text) { if (status) { status.textContent = text; } }
  // The messages come translated from the page (data-* on the status line), English otherwise.
  function text(name, english) { return (status && status.getAttribute("data-" + name)) || english; }
  function payload() {
    var data = new FormData(form);
    data.set("autosave", "1");
    return data;
  }
  function save() {
    clearTimeout(timer);
    dirty = false;
    inflight = fetch(url, { method: "POST", body: payload(), credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (res.ok && res.body.revision) {
          var rev = form.querySelector("input[name=revision]");
          if (rev) { rev.value = res.body.revision; }
          say(text("saved", "Saved."));
        } else {
          dirty = true;
          say(res.body.message || text("failed", "Not saved: please use the Save button."));
        }
      })
      .catch(function () { dirty = true; say(text("offline", "Offline: your answers will be saved when you press Save.")); })
      .then(function () { inflight = null; });
    return inflight;
  }
  function changed(delay) { dirty = true; say(text("unsaved", "Not saved yet.")); clearTimeout(timer); timer = setTimeout(save, delay); }
  form.addEventListener("change", function () { changed(400); });
  form.addEventListener("input", function (e) { if (e.target.tagName === "TEXTAREA") { changed(1500); } });

  // A button press saves everything: drop a pending autosave, and wait for one in flight so the
  // form posts the revision it returns (otherwise the server sees a conflict with ourselves).
  form.addEventListener("submit", function (e) {
    clearTimeout(timer);
    leaving = true;
    if (inflight && form.requestSubmit) {
      e.preventDefault();
      var submitter = e.submitter;
      inflight.then(function () { form.requestSubmit(submitter); });
    }
  });

  // Switching step by a link: save first, then go (the save takes a fraction of a second).
  document.addEventListener("click", function (e) {
    var link = e.target.closest ? e.target.closest("a[href]") : null;
    if (!link || !(dirty || inflight) || e.defaultPrevented || e.button !== 0 ||
        e.metaKey || e.ctrlKey || e.shiftKey || link.target || link.hasAttribute("download")) { return; }
    e.preventDefault();
    leaving = true;
    var go = function () { window.location.href = link.href; };
    (dirty ? save() : inflight).then(go, go);
  });

  // Reload, back, closing the tab: warn while text is unsaved, and send it anyway as the page
  // goes (sendBeacon survives the page; the next page load shows the new revision).
  window.addEventListener("beforeunload", function (e) {
    if (dirty && !leaving) { e.preventDefault(); e.returnValue = ""; }
  });
  window.addEventListener("pagehide", function () {
    if (dirty && !leaving && navigator.sendBeacon) {
      clearTimeout(timer);
      dirty = !navigator.sendBeacon(url, payload());
    }
  });
})();
