/* A table's page: save as the host types, keep the text on the phone while the Wi-Fi is
   gone and send it when it is back, take in what others saved (live), and show both
   versions when two devices changed the same text. Without this script the page still
   works with its Save button. */
(function () {
  "use strict";
  var form = document.getElementById("texts");
  if (!form || !window.fetch || !window.localStorage) { return; }
  var code = form.getAttribute("data-code");
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var status = document.getElementById("status");
  var storeKey = "gdb-pending-" + code;
  var versions = {};     // key -> version the field's text rests on
  var pending = {};      // key -> text not yet acknowledged by the laptop
  var conflicts = {};    // key -> {theirs, version}
  var timer = null, sending = false, offline = false;

  function fields() { return form.querySelectorAll("[data-key]"); }
  function field(key) {
    var all = fields();
    for (var i = 0; i < all.length; i++) { if (all[i].getAttribute("data-key") === key) { return all[i]; } }
    return null;
  }
  function say(kind) {
    status.className = "status" + (kind === "offline" ? " offline" : "");
    status.textContent = status.getAttribute("data-" + kind) || "";
  }
  function load() {
    try { return JSON.parse(localStorage.getItem(storeKey) || "{}"); } catch (e) { return {}; }
  }
  function store() {
    try { localStorage.setItem(storeKey, JSON.stringify({pending: pending, versions: versions})); } catch (e) { /* full */ }
  }

  Array.prototype.forEach.call(form.querySelectorAll('input[type="hidden"][name^="v:"]'), function (input) {
    versions[input.name.slice(2)] = input.value;
  });
  // Text typed while offline (or before a reload) comes back into its field and is sent.
  var saved = load();
  if (saved.pending) {
    Object.keys(saved.pending).forEach(function (key) {
      var el = field(key);
      if (el) {
        el.value = saved.pending[key];
        pending[key] = saved.pending[key];
        if (saved.versions && saved.versions[key] !== undefined) { versions[key] = saved.versions[key]; }
      }
    });
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(send, delay);
  }

  function send() {
    var keys = Object.keys(pending).filter(function (k) { return !conflicts[k]; });
    if (sending || keys.length === 0) { if (keys.length === 0 && !offline) { store(); } return Promise.resolve(); }
    sending = true;
    say("saving");
    var body = new URLSearchParams();
    body.append("csrf", csrf);
    var sent = {};
    keys.forEach(function (key) {
      sent[key] = pending[key];
      body.append("f:" + key, pending[key]);
      body.append("v:" + key, versions[key] === undefined ? "" : versions[key]);
    });
    return fetch("/t/" + code + "/save", {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRF-Token": csrf}
    }).then(function (response) {
      return response.json().then(function (data) { return {ok: response.ok || response.status === 409, data: data}; });
    }).then(function (answer) {
      sending = false;
      if (!answer.ok && answer.data && answer.data.error === "bad_form") {
        // The server was restarted meanwhile: take its new token, then send again.
        return refresh().then(function () { schedule(300); });
      }
      if (!answer.ok) { throw new Error("refused"); }
      offline = false;
      var data = answer.data;
      Object.keys(data.saved || {}).forEach(function (key) {
        versions[key] = String(data.saved[key]);
        if (pending[key] === sent[key]) { delete pending[key]; }
      });
      Object.keys(data.conflicts || {}).forEach(function (key) { showConflict(key, data.conflicts[key]); });
      Object.keys(data.errors || {}).forEach(function (key) { delete pending[key]; });
      keys.forEach(function (key) { if (!data.saved[key] && !(data.conflicts || {})[key] && pending[key] === sent[key]) { delete pending[key]; } });
      store();
      if (Object.keys(conflicts).length) { say("conflict"); }
      else if (Object.keys(pending).length) { schedule(300); }
      else { say("saved"); }
    }).catch(function () {
      sending = false;
      offline = true;
      store();
      say("offline");
      schedule(3000);
    });
  }

  function showConflict(key, c) {
    conflicts[key] = c;
    var el = field(key);
    if (!el) { return; }
    var old = form.querySelector('[data-conflict-box="' + key + '"]');
    if (old) { old.parentNode.removeChild(old); }
    var box = document.createElement("div");
    box.className = "conflict";
    box.setAttribute("data-conflict-box", key);
    var p = document.createElement("p"); p.className = "error"; p.textContent = status.getAttribute("data-conflict");
    var label = document.createElement("p"); label.textContent = status.getAttribute("data-theirs") + ":";
    var pre = document.createElement("pre"); pre.className = "theirs"; pre.textContent = c.theirs;
    var row = document.createElement("div"); row.className = "choice";
    var useTheirs = document.createElement("button"); useTheirs.type = "button"; useTheirs.className = "secondary small";
    useTheirs.textContent = status.getAttribute("data-use-theirs");
    var keepMine = document.createElement("button"); keepMine.type = "button"; keepMine.className = "small";
    keepMine.textContent = status.getAttribute("data-keep-mine");
    useTheirs.addEventListener("click", function () { resolve(key, c.theirs, false); });
    keepMine.addEventListener("click", function () { resolve(key, el.value, true); });
    row.appendChild(useTheirs); row.appendChild(keepMine);
    box.appendChild(p); box.appendChild(label); box.appendChild(pre); box.appendChild(row);
    el.parentNode.insertBefore(box, el);
  }

  function resolve(key, text, write) {
    var c = conflicts[key];
    delete conflicts[key];
    var box = form.querySelector('[data-conflict-box="' + key + '"]');
    if (box) { box.parentNode.removeChild(box); }
    var el = field(key);
    versions[key] = String(c.version);
    if (write) { pending[key] = text; } else { delete pending[key]; if (el) { el.value = text; } }
    store();
    schedule(0);
  }

  Array.prototype.forEach.call(fields(), function (el) {
    var key = el.getAttribute("data-key");
    if (key === "topic_id") {
      el.addEventListener("change", function () { pending[key] = el.value; store(); schedule(0); });
      return;
    }
    el.addEventListener("input", function () { pending[key] = el.value; store(); schedule(600); });
    el.addEventListener("blur", function () { if (pending[key] !== undefined) { schedule(0); } });
  });

  // Other buttons (add, move, done) leave the page: send the typed text first.
  Array.prototype.forEach.call(document.querySelectorAll("form:not(#texts)"), function (other) {
    other.addEventListener("submit", function (event) {
      if (Object.keys(pending).length === 0) { return; }
      event.preventDefault();
      send().then(function () { if (Object.keys(pending).length === 0) { other.submit(); } });
    });
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); schedule(0); });

  // Live: what the laptop or another phone saved comes into fields nobody types in here.
  // One request at a time; events arriving meanwhile make one more afterwards.
  var refreshing = null, again = false;
  function refresh() {
    if (refreshing) { again = true; return refreshing; }
    refreshing = load_state().then(function () {
      refreshing = null;
      if (again) { again = false; return refresh(); }
    });
    return refreshing;
  }
  function load_state() {
    return fetch("/t/" + code + "/state", {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { if (!r.ok) { throw new Error("state"); } return r.json(); })
      .then(apply).catch(function () { /* the next event or the retry brings it */ });
  }
  function apply(state) {
    if (state.csrf && state.csrf !== csrf) {
      csrf = state.csrf;
      Array.prototype.forEach.call(document.querySelectorAll('input[name="csrf"]'), function (i) { i.value = csrf; });
    }
    var shown = Array.prototype.map.call(form.querySelectorAll("[data-idea]"), function (f) { return Number(f.getAttribute("data-idea")); });
    if (JSON.stringify(shown) !== JSON.stringify(state.ideas) || !!document.querySelector(".done-note") !== state.done) {
      if (Object.keys(pending).length === 0 && Object.keys(conflicts).length === 0) { window.location.reload(); return; }
    }
    Object.keys(state.fields).forEach(function (key) {
      var el = field(key);
      var f = state.fields[key];
      if (!el || pending[key] !== undefined || conflicts[key] || document.activeElement === el) { return; }
      el.value = f.text;
      versions[key] = String(f.version);
    });
    var topic = field("topic_id");
    if (topic && pending.topic_id === undefined && document.activeElement !== topic) { topic.value = state.topic_id === null ? "" : String(state.topic_id); }
    if (offline) { offline = false; say("saved"); schedule(0); }
  }

  if (window.EventSource) {
    var source = new EventSource("/t/" + code + "/events");
    source.onmessage = function (event) {
      var state = null;
      try { state = JSON.parse(event.data); } catch (e) { state = null; }
      if (state && state.fields) { apply(state); } else { refresh(); }
    };
    source.onopen = function () { if (Object.keys(pending).length) { schedule(0); } };
  } else {
    setInterval(refresh, 5000);
  }
  window.addEventListener("online", function () { schedule(0); });
  if (Object.keys(pending).length) { schedule(0); } else { say("saved"); status.textContent = ""; }
})();
