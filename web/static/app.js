// crux workbench: the matrix editor. Plain JavaScript, no build step.
// Every write sends the case version it was based on (If-Match) and the
// CSRF token; a 412 means someone else changed the cell first.
(function () {
  "use strict";

  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var table = document.getElementById("matrix");
  if (!table) { return; }
  var caseID = table.dataset.case;
  var canEdit = table.dataset.edit === "true";
  var statusEl = document.getElementById("status");

  // the CC..II scale, then NA and unrated; a click steps through it
  var cycle = ["CC", "C", "N", "I", "II", "NA", ""];
  var keys = { "1": "CC", "2": "C", "3": "N", "4": "I", "5": "II", "0": "NA" };

  function say(msg, bad) {
    if (!statusEl) { return; }
    statusEl.textContent = msg;
    statusEl.className = bad ? "status bad" : "status";
  }

  function version() { return table.dataset.version; }
  function setVersionFrom(resp) {
    var tag = resp.headers.get("ETag");
    var m = tag && /^"v(\d+)"$/.exec(tag);
    if (m) { table.dataset.version = m[1]; }
  }

  function api(method, path, body) {
    return fetch(path, {
      method: method,
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "If-Match": '"v' + version() + '"',
        "X-CSRF-Token": csrf
      },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
  }

  function errorText(resp) {
    return resp.json().then(function (j) { return j.error || resp.statusText; }, function () { return resp.statusText; });
  }

  function refreshScores() {
    return fetch("/cases/" + encodeURIComponent(caseID) + "/panel/scores", { credentials: "same-origin" })
      .then(function (resp) { return resp.ok ? resp.text() : Promise.reject(resp.statusText); })
      .then(function (html) {
        var old = document.getElementById("scores");
        if (!old) { return; }
        // the fragment is rendered by the server with html/template:
        // every text in it is escaped, and scripts in it never run
        var tpl = document.createElement("template");
        tpl.innerHTML = html;
        var fresh = tpl.content.getElementById("scores");
        if (fresh) { old.replaceWith(fresh); }
      });
  }

  function paint(btn, value) {
    btn.dataset.v = value;
    btn.textContent = value === "" ? "·" : value;
    btn.className = "cell " + (value === "" ? "r-none" : "r-" + value);
  }

  var busy = false;
  function rate(btn, value) {
    if (!canEdit || busy) { return; }
    busy = true;
    var before = btn.dataset.v;
    paint(btn, value);
    say("saving…");
    var path = "/api/cases/" + encodeURIComponent(caseID) + "/ratings/" +
      encodeURIComponent(btn.dataset.e) + "/" + encodeURIComponent(btn.dataset.h);
    api("PUT", path, { value: value }).then(function (resp) {
      if (resp.ok) {
        setVersionFrom(resp);
        say("saved " + btn.dataset.e + " × " + btn.dataset.h + " = " + (value || "unrated"));
        return refreshScores();
      }
      paint(btn, before);
      return errorText(resp).then(function (msg) {
        if (resp.status === 412) {
          say("Someone changed this cell since you loaded the page. Reload to see their rating.", true);
        } else {
          say("Not saved: " + msg, true);
        }
      });
    }).catch(function (e) {
      paint(btn, before);
      say("Not saved: " + e, true);
    }).finally(function () { busy = false; });
  }

  function cells() { return Array.prototype.slice.call(table.querySelectorAll("button.cell")); }

  table.addEventListener("click", function (ev) {
    var btn = ev.target.closest("button.cell");
    if (btn && !btn.disabled) {
      var i = cycle.indexOf(btn.dataset.v);
      rate(btn, cycle[(i + 1) % cycle.length]);
      return;
    }
    var mv = ev.target.closest("button.move");
    if (mv) { move(mv); }
  });

  table.addEventListener("keydown", function (ev) {
    var btn = ev.target.closest("button.cell");
    if (!btn) { return; }
    if (Object.prototype.hasOwnProperty.call(keys, ev.key)) {
      ev.preventDefault();
      rate(btn, keys[ev.key]);
      return;
    }
    if (ev.key === "Delete" || ev.key === "Backspace") {
      ev.preventDefault();
      rate(btn, "");
      return;
    }
    var td = btn.parentElement, tr = td.parentElement;
    var col = Array.prototype.indexOf.call(tr.children, td);
    var target = null;
    if (ev.key === "ArrowRight") { target = td.nextElementSibling; }
    if (ev.key === "ArrowLeft") { target = td.previousElementSibling; }
    if (ev.key === "ArrowDown" && tr.nextElementSibling) { target = tr.nextElementSibling.children[col]; }
    if (ev.key === "ArrowUp" && tr.previousElementSibling) { target = tr.previousElementSibling.children[col]; }
    var next = target && target.querySelector("button.cell");
    if (next) { ev.preventDefault(); next.focus(); }
  });

  // ---- reordering ----
  function order(kind) {
    if (kind === "hypotheses") {
      return Array.prototype.map.call(table.querySelectorAll("thead th.hyp"), function (th) { return th.dataset.h; });
    }
    return Array.prototype.map.call(table.querySelectorAll("tbody tr"), function (tr) { return tr.dataset.e; });
  }

  function saveOrder(body) {
    say("saving order…");
    return api("POST", "/api/cases/" + encodeURIComponent(caseID) + "/order", body).then(function (resp) {
      if (resp.ok) { window.location.href = "/cases/" + encodeURIComponent(caseID); return; }
      return errorText(resp).then(function (msg) { say("Order not saved: " + msg, true); });
    });
  }

  function move(btn) {
    var kind = btn.dataset.kind, dir = parseInt(btn.dataset.dir, 10);
    var ids = order(kind);
    var id = kind === "hypotheses" ? btn.closest("th").dataset.h : btn.closest("tr").dataset.e;
    var i = ids.indexOf(id), j = i + dir;
    if (i < 0 || j < 0 || j >= ids.length) { return; }
    ids[i] = ids[j]; ids[j] = id;
    var body = {}; body[kind] = ids;
    saveOrder(body);
  }

  var keep = document.getElementById("save-order");
  if (keep) {
    keep.addEventListener("click", function () { saveOrder({ evidence: order("evidence") }); });
  }

  if (!canEdit) {
    cells().forEach(function (b) { b.tabIndex = -1; });
  }

  // ---- adding hypotheses and evidence ----
  function fail(resp) {
    return errorText(resp).then(function (msg) {
      say((resp.status === 412 ? "The case changed since you loaded it: reload. " : "Not saved: ") + msg, true);
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("form.api"), function (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var body = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && el.value !== "") { body[el.name] = el.value; }
      });
      if (form.id === "add-evidence") {
        body.ratings = {};
        if (body.kind !== "claim" && body.claim === undefined) { delete body.claim; }
      }
      say("saving…");
      api("POST", form.dataset.path, body).then(function (resp) {
        if (resp.ok) { window.location.reload(); return; }
        return fail(resp);
      });
    });
  });

  // accept or reject a suggested hypothesis: read it, change its status,
  // write it back under the version it was read at
  Array.prototype.forEach.call(document.querySelectorAll("button.status"), function (btn) {
    btn.addEventListener("click", function () {
      var path = "/api/cases/" + encodeURIComponent(caseID) + "/hypotheses/" + encodeURIComponent(btn.dataset.h);
      fetch(path, { credentials: "same-origin" }).then(function (resp) {
        if (!resp.ok) { return fail(resp); }
        setVersionFrom(resp);
        return resp.json().then(function (h) {
          h.status = btn.dataset.status;
          return api("PUT", path, h).then(function (resp) {
            if (resp.ok) { window.location.reload(); return; }
            return fail(resp);
          });
        });
      });
    });
  });
})();
