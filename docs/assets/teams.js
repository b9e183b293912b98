/* On a function page: this browser's ticks as a team record (to copy or download), a team's record
 * loaded back into the ticks, and the ticks shared as a link.
 *
 * A team record is the YAML file of playbook_data/teams/<id>.yml, which `python -m playbook validate`
 * checks like any other record. The share link carries the ticked item ids in its fragment (after #),
 * which browsers never send to a server. Nothing here sends anything anywhere; record text is only
 * ever written with textContent or into a text box.
 */
(function () {
  "use strict";

  var pb = window.playbook;
  var own = Object.prototype.hasOwnProperty;
  var SHARE = "#ticks=";

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  /* A YAML string that reads back exactly: JSON's double-quoted strings are YAML's too. */
  function yamlText(value) {
    return JSON.stringify(value.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim());
  }

  function slug(text) {
    var base = text.normalize ? text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "") : text;
    return base.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  /* The team's file name without .yml: the function's id first, so teams of different functions never clash. */
  function recordId(fn, name) {
    var s = slug(name) || "team";
    return s === fn || s.indexOf(fn + "-") === 0 ? s : fn + "-" + s;
  }

  /* The record, as `python -m playbook new team` would lay it out, with the items in checklist order. */
  function teamYaml(data, name, owner, ticks) {
    var lines = ["# yaml-language-server: $schema=../../schema/team.json", "name: " + yamlText(name), "function: " + data.function];
    var done = data.items.filter(function (id) { return own.call(ticks, id) && ticks[id]; });
    if (done.length) {
      lines.push("done:");
      done.forEach(function (id) {
        lines.push("  - item: " + id, "    date: " + (pb.tickDate(ticks[id]) || pb.today()));
      });
    }
    lines.push("owner: " + yamlText(owner), "last_reviewed: " + pb.today());
    return lines.join("\n") + "\n";
  }

  /* Reads the fields a team record needs back out of its YAML: `function` and `done` (block or flow
   * style). Anything else in the file is ignored; `validate` is the judge of the whole record. */
  function parseTeam(text) {
    var lines = String(text).replace(/\r\n?/g, "\n").split("\n");
    var fn = null;
    var entries = [];
    var inDone = false;
    lines.forEach(function (line) {
      var bare = line.replace(/\s+#.*$/, "");
      if (/^\s*(#|$)/.test(bare)) return;
      var top = /^([A-Za-z_]+):\s*(.*)$/.exec(bare);
      if (top) {
        inDone = top[1] === "done";
        if (top[1] === "function") fn = top[2].replace(/^["']|["']$/g, "").trim();
        return;
      }
      if (!inDone) return;
      if (/^\s*-\s/.test(bare) || !entries.length) entries.push("");
      entries[entries.length - 1] += " " + bare;
    });
    var done = [];
    entries.forEach(function (entry) {
      var item = /item:\s*["']?([a-z0-9-]+)/.exec(entry);
      var date = /date:\s*["']?(\d{4}-\d{2}-\d{2})/.exec(entry);
      if (item) done.push([item[1], date ? date[1] : null]);
    });
    return { function: fn, done: done };
  }

  function encodeIds(ids) {
    return window.btoa(ids.join(",")).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function decodeIds(text) {
    try {
      var raw = window.atob(text.replace(/-/g, "+").replace(/_/g, "/"));
      return raw ? raw.split(",").filter(function (id) { return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(id); }) : [];
    } catch (e) {
      return null;
    }
  }

  function itemText(id) {
    var node = document.querySelector('.pb-item[data-item="' + id + '"] .pb-item-text');
    return node ? node.textContent : id;
  }

  function stageOf(id) {
    var stage = document.querySelector('.pb-item[data-item="' + id + '"]');
    stage = stage && stage.closest(".pb-stage");
    var name = stage && stage.querySelector(".pb-stage-heading a");
    return name ? name.textContent : "";
  }

  function setUp(block) {
    var data = JSON.parse(block.getAttribute("data-team-tools"));
    var fn = data.function;
    var known = {};
    data.items.forEach(function (id) { known[id] = true; });
    var functionName = (document.querySelector("h1") || {}).textContent || fn;
    functionName = functionName.trim();
    var status = block.querySelector(".pb-team-status");
    var downloadUrl = null;

    function say(text) {
      status.textContent = text;
    }

    /* Save as team record. */
    var form = block.querySelector(".pb-team-save");
    var saved = block.querySelector(".pb-team-saved");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var name = form.querySelector(".pb-team-name").value.trim();
      var owner = form.querySelector(".pb-team-owner").value.trim();
      if (!name || !owner) return;
      var ticks = pb.loadTicks(fn);
      var text = teamYaml(data, name, owner, ticks);
      var file = recordId(fn, name) + ".yml";
      var area = saved.querySelector(".pb-team-yaml");
      area.value = text;
      saved.querySelector(".pb-team-file").textContent = file;
      var link = saved.querySelector(".pb-team-download");
      if (downloadUrl) URL.revokeObjectURL(downloadUrl);
      downloadUrl = URL.createObjectURL(new Blob([text], { type: "text/yaml" }));
      link.href = downloadUrl;
      link.setAttribute("download", file);
      saved.hidden = false;
      var count = data.items.filter(function (id) { return ticks[id]; }).length;
      say("The team record of " + name + " holds " + plural(count, "done item") + ". Copy it or download " + file + ".");
      area.focus();
      area.select();
    });

    /* Load a team's progress. */
    var pick = block.querySelector(".pb-team-pick");
    var paste = block.querySelector(".pb-team-paste");
    /* A team's page links here with ?team=<id>: that team is chosen, nothing loads until the reader asks. */
    var asked = /(?:^|[?&])team=([a-z0-9-]+)(?:&|$)/.exec(window.location.search.slice(1));
    if (pick && asked && data.teams.some(function (t) { return t.id === asked[1]; })) pick.value = asked[1];

    function chosen() {
      if (paste.value.trim()) {
        var parsed = parseTeam(paste.value);
        if (!parsed.function) return { error: "This does not look like a team record: it has no line 'function: <id>'." };
        if (parsed.function !== fn) {
          return { error: "This record is for the function '" + parsed.function + "', not " + functionName + ": open that function's page to load it." };
        }
        return { label: "the pasted record", done: parsed.done };
      }
      if (pick && pick.value) {
        var team = data.teams.filter(function (t) { return t.id === pick.value; })[0];
        return { label: pick.options[pick.selectedIndex].textContent, done: team ? team.done : [] };
      }
      return { error: "Choose a team or paste a team record first." };
    }

    function load(mode) {
      var source = chosen();
      if (source.error) return say(source.error);
      var incoming = pb.emptyTicks();
      var unknown = [];
      source.done.forEach(function (pair) {
        if (own.call(known, pair[0])) incoming[pair[0]] = pair[1] || pb.today();
        else unknown.push(pair[0]);
      });
      var count = Object.keys(incoming).length;
      var mine = Object.keys(pb.loadTicks(fn)).length;
      var question = mode === "replace"
        ? "Replace your " + plural(mine, "tick") + " on the " + functionName + " checklist with the " + plural(count, "tick") +
          " of " + source.label + "? Your own ticks will be lost."
        : "Add the " + plural(count, "tick") + " of " + source.label + " to your " + plural(mine, "tick") + " on the " +
          functionName + " checklist? Items you have ticked keep their tick.";
      if (!window.confirm(question)) return say("Nothing changed.");
      var now = mode === "replace" ? pb.replaceTicks(fn, incoming) : pb.changeTicks(fn, incoming);
      say("Loaded " + plural(count, "tick") + " from " + source.label + "; " + plural(Object.keys(now).length, "item") +
          " ticked on this checklist now." + (unknown.length ? " Not on this checklist, left out: " + unknown.join(", ") + "." : ""));
    }

    block.querySelector(".pb-team-merge").addEventListener("click", function () { load("merge"); });
    block.querySelector(".pb-team-replace").addEventListener("click", function () { load("replace"); });

    /* Share as a link. */
    var shareOut = block.querySelector(".pb-share-out");
    var shareUrl = block.querySelector(".pb-share-url");
    block.querySelector(".pb-share-make").addEventListener("click", function () {
      var ticks = pb.loadTicks(fn);
      var ids = data.items.filter(function (id) { return ticks[id]; });
      shareUrl.value = window.location.href.split("#")[0] + SHARE + encodeIds(ids);
      shareOut.hidden = false;
      shareUrl.focus();
      shareUrl.select();
      say("The link holds your " + plural(ids.length, "tick") + ". Copy it and send it; opening it changes nobody's ticks until they choose to merge.");
    });

    block.querySelector(".pb-team-app").hidden = false;
    if (window.location.hash.indexOf(SHARE) === 0) showShared(decodeIds(window.location.hash.slice(SHARE.length)));

    /* Opened from a share link: say what it holds and let the reader choose. */
    function showShared(ids) {
      var checklist = document.querySelector('.pb-checklist[data-function="' + fn + '"]');
      if (!checklist || document.querySelector(".pb-shared")) return;
      var panel = el("div", null, "pb-shared admonition info");
      panel.setAttribute("role", "region");
      panel.setAttribute("aria-label", "Ticks shared with you");
      panel.tabIndex = -1;
      panel.appendChild(el("p", "Ticks shared with you", "admonition-title"));
      checklist.parentNode.insertBefore(panel, checklist);
      if (ids === null) {
        panel.appendChild(el("p", "This share link is damaged: its ticks cannot be read. Ask for the link again."));
        return;
      }
      var shared = ids.filter(function (id) { return own.call(known, id); });
      var left = ids.length - shared.length;
      var mine = pb.loadTicks(fn);
      var already = shared.filter(function (id) { return mine[id]; }).length;
      panel.appendChild(el("p", "This link holds " + plural(shared.length, "tick") + " on the " + functionName + " checklist (" +
        already + " of them ticked in this browser already)." + (left ? " " + plural(left, "item") + " in it are not on this checklist." : "") +
        " Your ticks do not change unless you merge.", "pb-shared-summary"));
      var actions = el("div", null, "pb-shared-actions");
      var view = el("button", "View them", "md-button pb-shared-view");
      var merge = el("button", "Merge into my ticks", "md-button md-button--primary pb-shared-merge");
      var ignore = el("button", "Ignore the link", "md-button pb-shared-ignore");
      [view, merge, ignore].forEach(function (b) { b.type = "button"; actions.appendChild(b); });
      panel.appendChild(actions);
      var list = el("ol", null, "pb-shared-list");
      shared.forEach(function (id) {
        var li = el("li");
        var a = el("a", itemText(id));
        a.href = "#item-" + id;
        li.appendChild(a);
        var stage = stageOf(id);
        if (stage) li.appendChild(el("span", " (" + stage + ")", "pb-kind"));
        list.appendChild(li);
      });
      list.hidden = true;
      list.id = "pb-shared-list";
      view.setAttribute("aria-controls", list.id);
      view.setAttribute("aria-expanded", "false");
      panel.appendChild(list);

      function forget() {
        if (window.history && window.history.replaceState) {
          window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
        }
      }
      view.addEventListener("click", function () {
        list.hidden = !list.hidden;
        view.setAttribute("aria-expanded", String(!list.hidden));
        view.textContent = list.hidden ? "View them" : "Hide them";
      });
      merge.addEventListener("click", function () {
        var change = pb.emptyTicks();
        shared.forEach(function (id) { change[id] = pb.today(); });
        var now = pb.changeTicks(fn, change);
        forget();
        actions.remove();
        panel.querySelector(".pb-shared-summary").textContent = "Merged: " + plural(shared.length - already, "new tick") + " added; " +
          plural(Object.keys(now).length, "item") + " ticked on this checklist now.";
        panel.focus();
      });
      ignore.addEventListener("click", function () {
        forget();
        panel.remove();
      });
      panel.focus();
    }
  }

  window.playbook.onEveryPage(function () {
    document.querySelectorAll(".pb-team-tools[data-team-tools]").forEach(setUp);
  });
})();
