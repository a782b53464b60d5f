// Training sessions. Progressive enhancement: every page works without this file.
// 1. Participants: autosave the draft as answers change; show answered/total and what is
//    missing; ask before submitting with gaps; submit in the background, keeping the same
//    idempotency key on a retry so a double click or a flaky network never counts twice.
// 2. Facilitator: refresh the dashboard from live.json every few seconds, keeping open details.
// 3. Presenter view: keyboard navigation, full screen, and the current screen kept up to date.
(function () {
  "use strict";
  if (!window.fetch) { return; }

  function say(el, text) { if (el) { el.textContent = text; } }
  function byId(id) { return document.getElementById(id); }

  // The device mark outlives a cleared cookie where the browser keeps localStorage: the server
  // then gives this device its own seat back in a one-seat-per-device session.
  var device = document.querySelector("input[data-training-device]");
  if (device) {
    try {
      var kept = window.localStorage.getItem("dr-device");
      if (kept && /^[A-Za-z0-9_-]{16,64}$/.test(kept)) { device.value = kept; }
      else if (device.value) { window.localStorage.setItem("dr-device", device.value); }
    } catch (e) { /* storage disabled: the cookie alone marks the device */ }
  }

  var form = document.querySelector("form[data-training-autosave]");
  if (form) {
    var status = byId("training-status");
    var confirmBox = byId("training-confirm");
    var timer = null;
    var saveUrl = form.getAttribute("data-training-autosave");
    // The words come translated from the page (data-* on the status line), English otherwise.
    var text = function (name, english) { return (status && status.getAttribute("data-" + name)) || english; };

    var missingQuestions = function () {
      return Array.prototype.filter.call(form.querySelectorAll("[data-question]"), function (q) {
        return !q.querySelector("input[type=radio]:checked");
      });
    };
    var showProgress = function () {
      var all = form.querySelectorAll("[data-question]").length;
      var missing = missingQuestions();
      say(byId("training-answered"), String(all - missing.length));
      say(byId("training-missing-count"), String(missing.length));
      say(byId("training-confirm-count"), String(missing.length));
      var box = byId("training-missing");
      if (box) { box.hidden = missing.length === 0; }
      var list = byId("training-missing-list");
      if (list) {
        list.innerHTML = "";
        missing.forEach(function (q) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = "#" + q.id;
          a.textContent = q.querySelector("h3").textContent;
          li.appendChild(a);
          list.appendChild(li);
        });
      }
      if (confirmBox && missing.length === 0) { confirmBox.hidden = true; }
      return missing.length;
    };
    var askToConfirm = function () {
      if (!confirmBox) { return; }
      confirmBox.hidden = false;  // the list of gaps stays folded: a phone keeps its questions in view
      say(status, "");
      var partial = byId("training-submit-partial");
      if (partial) { partial.focus(); }
    };

    // A draft save that answers after a submission must not overwrite "Submitted" on screen.
    var submissions = 0;
    var saveDraft = function () {
      var data = new FormData(form);
      var asOf = submissions;
      data.set("autosave", "1");
      fetch(saveUrl, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (body) { if (asOf === submissions) { say(status, body.message || text("saved", "Draft saved.")); } })
        .catch(function () { say(status, text("offline-save", "Offline: your draft will be saved when you press Save draft.")); });
    };
    form.addEventListener("change", function () {
      showProgress();
      clearTimeout(timer);
      timer = setTimeout(saveDraft, 300);
    });
    var busy = false;
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      var partial = submitter && submitter.id === "training-submit-partial";
      if (submitter && submitter.id !== "training-submit" && !partial) { return; }
      event.preventDefault();
      if (busy) { return; }
      if (!partial && showProgress() > 0) { askToConfirm(); return; }
      busy = true;
      clearTimeout(timer);  // the submission carries every answer: no draft save after it
      submissions += 1;
      say(status, text("submitting", "Submitting…"));
      var data = new FormData(form);
      if (partial) { data.set("partial", "1"); }
      var attempt = function (left) {
        fetch(form.action, {
          method: "POST", body: data, credentials: "same-origin",
          headers: { "Accept": "application/json" }
        })
          .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, status: r.status, body: b }; }); })
          .then(function (res) {
            busy = false;
            if (res.status === 422 && res.body.incomplete) { askToConfirm(); return; }
            say(status, res.body.message || (res.ok ? text("submitted", "Submitted.") : text("not-submitted", "Not submitted.")));
            if (res.ok) {
              if (confirmBox) { confirmBox.hidden = true; }
              // A deliberate new submission later gets a new key.
              var key = byId("training-key");
              if (key && window.crypto && window.crypto.getRandomValues) {
                var bytes = new Uint8Array(16);
                window.crypto.getRandomValues(bytes);
                key.value = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
              }
              var button = byId("training-submit");
              if (button) { button.textContent = text("submit-changes", "Submit changes"); }
            }
          })
          .catch(function () {
            if (left > 0) { setTimeout(function () { attempt(left - 1); }, 1500); }
            else { busy = false; say(status, text("offline-submit", "Offline: not submitted yet. Your draft is kept; try again.")); }
          });
      };
      attempt(3);
    });
  }

  var live = byId("training-live");
  if (live) {
    var url = live.getAttribute("data-live");
    var refresh = function () {
      if (document.hidden) { return; }
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) {
          if (!body || typeof body.html !== "string") { return; }
          // Keep the questions the facilitator has opened open across refreshes.
          var open = Array.prototype.map.call(live.querySelectorAll("details[open]"), function (d, i) { return d.id || "#" + i; });
          live.innerHTML = body.html;
          Array.prototype.forEach.call(live.querySelectorAll("details"), function (d, i) {
            if (open.indexOf(d.id || "#" + i) !== -1) { d.open = true; }
          });
        })
        .catch(function () { /* the next poll will try again */ });
    };
    setInterval(refresh, 4000);
  }

  var screen = byId("presenter-screen");
  // Long questions and options must still fit one projector screen: shrink the text until
  // the screen's body no longer overflows (the stylesheet's size is the largest it may take).
  var fit = function () {
    var body = document.querySelector(".presenter-body");
    if (!body) { return; }
    document.body.style.fontSize = "";
    var size = parseFloat(window.getComputedStyle(document.body).fontSize);
    while (body.scrollHeight > body.clientHeight + 1 && size > 10) {
      size -= 1;
      document.body.style.fontSize = size + "px";
    }
  };
  if (screen) {
    fit();
    window.addEventListener("resize", fit);
    var liveUrl = screen.getAttribute("data-live");
    var go = function (id) { var link = byId(id); if (link && link.href) { window.location.href = link.href; } };
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) { return; }
      var key = event.key;
      if (key === "ArrowRight" || key === "PageDown" || key === " " || key === "n") { go("presenter-next"); }
      else if (key === "ArrowLeft" || key === "PageUp" || key === "p") { go("presenter-prev"); }
      // window.location.search keeps ?lang=, the facilitator's language.
      else if (key === "Home") { window.location.href = window.location.pathname.replace(/\/(q\/[^/]+|end)$/, "") + window.location.search; }
      else if (key === "End") { window.location.href = window.location.pathname.replace(/\/(q\/[^/]+|end)$/, "") + "/end" + window.location.search; }
      else if (key === "f" || key === "F") {
        if (document.fullscreenElement) { document.exitFullscreen(); }
        else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen().catch(function () {}); }
      } else { return; }
      event.preventDefault();
    });
    setInterval(function () {
      if (document.hidden) { return; }
      fetch(liveUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) { if (body && typeof body.html === "string") { screen.innerHTML = body.html; fit(); } })
        .catch(function () { /* the next poll will try again */ });
    }, 3000);
  }
})();
