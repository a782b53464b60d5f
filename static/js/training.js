// Training sessions. Progressive enhancement: every page works without this file.
// 1. Participants: autosave the draft as answers change; submit in the background, keeping
//    the same idempotency key on a retry so a double click or a flaky network never counts twice.
// 2. Facilitator: refresh the dashboard from live.json every few seconds, without reloading.
(function () {
  "use strict";
  if (!window.fetch) { return; }

  function say(el, text) { if (el) { el.textContent = text; } }

  var form = document.querySelector("form[data-training-autosave]");
  if (form) {
    var status = document.getElementById("training-status");
    var timer = null;
    var saveUrl = form.getAttribute("data-training-autosave");
    var saveDraft = function () {
      var data = new FormData(form);
      data.set("autosave", "1");
      fetch(saveUrl, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (body) { say(status, body.message || "Draft saved."); })
        .catch(function () { say(status, "Offline: your draft will be saved when you press Save draft."); });
    };
    form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(saveDraft, 300); });
    var busy = false;
    form.addEventListener("submit", function (event) {
      if (event.submitter && event.submitter.id !== "training-submit") { return; }
      event.preventDefault();
      if (busy) { return; }
      busy = true;
      say(status, "Submitting…");
      var data = new FormData(form);
      var attempt = function (left) {
        fetch(form.action, {
          method: "POST", body: data, credentials: "same-origin",
          headers: { "Accept": "application/json" }
        })
          .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
          .then(function (res) {
            busy = false;
            say(status, res.body.message || (res.ok ? "Submitted." : "Not submitted."));
            if (res.ok) {
              // A deliberate new submission later gets a new key.
              var key = document.getElementById("training-key");
              if (key && window.crypto && window.crypto.getRandomValues) {
                var bytes = new Uint8Array(16);
                window.crypto.getRandomValues(bytes);
                key.value = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
              }
              var button = document.getElementById("training-submit");
              if (button) { button.textContent = "Submit changes"; }
            }
          })
          .catch(function () {
            if (left > 0) { setTimeout(function () { attempt(left - 1); }, 1500); }
            else { busy = false; say(status, "Offline: not submitted yet. Your draft is kept; try again."); }
          });
      };
      attempt(3);
    });
  }

  var live = document.getElementById("training-live");
  if (live) {
    var url = live.getAttribute("data-live");
    var refresh = function () {
      if (document.hidden) { return; }
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) { if (body && typeof body.html === "string") { live.innerHTML = body.html; } })
        .catch(function () { /* the next poll will try again */ });
    };
    setInterval(refresh, 4000);
  }
})();
