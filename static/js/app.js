// Progressive enhancement only: every page works without this file.
// Autosave: answers on a questionnaire step are saved in the background as they change.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch) { return; }
  var status = document.getElementById("autosave-status");
  var timer = null;
  var inflight = null;
  function say(text) { if (status) { status.textContent = text; } }
  // The messages come translated from the page (data-* on the status line), English otherwise.
  function text(name, english) { return (status && status.getAttribute("data-" + name)) || english; }
  function save() {
    var data = new FormData(form);
    data.set("autosave", "1");
    inflight = fetch(form.getAttribute("data-autosave"), { method: "POST", body: data, credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (res.ok && res.body.revision) {
          var rev = form.querySelector("input[name=revision]");
          if (rev) { rev.value = res.body.revision; }
          say(text("saved", "Saved."));
        } else {
          say(res.body.message || text("failed", "Not saved: please use the Save button."));
        }
      })
      .catch(function () { say(text("offline", "Offline: your answers will be saved when you press Save.")); })
      .then(function () { inflight = null; });
  }
  form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(save, 400); });
  // A button press saves everything: drop a pending autosave, and wait for one in flight so the
  // form posts the revision it returns (otherwise the server sees a conflict with ourselves).
  form.addEventListener("submit", function (e) {
    clearTimeout(timer);
    if (inflight && form.requestSubmit) {
      e.preventDefault();
      var submitter = e.submitter;
      inflight.then(function () { form.requestSubmit(submitter); });
    }
  });
  form.addEventListener("input", function (e) {
    if (e.target.tagName === "TEXTAREA") { clearTimeout(timer); timer = setTimeout(save, 1500); }
  });
})();
