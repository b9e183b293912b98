/* On a function page: this browser's ticks as a team record (to copy or download), with the date
 * each item was done; a team's record loaded back into the ticks; the ticks shared as a link.
 *
 * Records are written and read by window.playbook (teamYaml, parseTeam), from the model's field
 * names in the page's contract; ids answer to their former ids as stored ticks do (migrate); dates
 * follow the one date rule (dateProblem), so "Save as team record" never writes a date that
 * `python -m playbook validate` refuses. The share link carries the ticked item ids after #, which
 * browsers never send to a server. Nothing here sends anything anywhere; record text is only ever
 * written with textContent or into a text box. What is shown of pasted input is bounded.
 */
(function () {
  "use strict";

  var pb = window.playbook;
  var SHOWN = 5;  /* at most this many ids or dates are named in a message; the rest are counted */

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function number(n) {
    return n.toLocaleString("en-US");
  }

  function plural(n, word) {
    return number(n) + " " + word + (n === 1 ? "" : "s");
  }

  /* Input, shown in a message: short, and on one line. */
  function shown(text) {
    var one = String(text).replace(/\s+/g, " ");
    return one.length > 40 ? one.slice(0, 39) + "…" : one;
  }

  /* "a, b, c and 7 more": at most SHOWN of `values`. */
  function some(values) {
    var named = values.slice(0, SHOWN).map(shown).join(", ");
    return values.length > SHOWN ? named + " and " + number(values.length - SHOWN) + " more" : named;
  }

  function setUp(block) {
    var fn = block.getAttribute("data-function");
    var data = pb.fn(fn);
    if (!data) return;
    var functionName = ((document.querySelector("h1") || {}).textContent || fn).trim();
    var status = block.querySelector(".pb-team-status");
    var downloadUrl = null;

    function say(text) {
      status.textContent = text;
    }

    function ticked(ticks) {
      return data.items.filter(function (item) { return ticks[item.id]; });
    }

    /* When each item was done: a date per ticked item, the day it was ticked to start with. */
    var datesBox = block.querySelector(".pb-team-dates");
    var dateList = block.querySelector(".pb-team-date-list");
    var allDate = block.querySelector(".pb-team-all-date");

    function limits(input) {
      input.min = pb.contract().dates.earliest;
      input.max = pb.latestDate(pb.today());
    }

    function showDates() {
      var ticks = pb.loadTicks(fn);
      var items = ticked(ticks);
      var ids = items.map(function (item) { return item.id; }).join(" ");
      datesBox.hidden = !items.length;
      limits(allDate);
      if (dateList.getAttribute("data-items") === ids) {
        /* The same items: keep the one being edited, follow the others. */
        dateList.querySelectorAll("input").forEach(function (input) {
          var day = pb.tickDate(ticks[input.name]) || pb.today();
          if (input !== document.activeElement && input.value !== day) input.value = day;
        });
        return;
      }
      dateList.textContent = "";
      dateList.setAttribute("data-items", ids);
      items.forEach(function (item) {
        var li = el("li");
        var label = el("label");
        label.appendChild(el("span", item.number + ". " + pb.itemText(fn, item.id), "pb-team-date-item"));
        var input = el("input");
        input.type = "date";
        input.name = item.id;
        input.value = pb.tickDate(ticks[item.id]) || pb.today();
        limits(input);
        label.appendChild(input);
        li.appendChild(label);
        dateList.appendChild(li);
      });
    }

    /* A date chosen for an item becomes its tick's date, once it is one a record can carry. */
    dateList.addEventListener("change", function (event) {
      var input = event.target;
      if (!input.name) return;
      var problem = pb.dateMessage(input.value);
      input.setAttribute("aria-invalid", problem ? "true" : "false");
      if (problem) return say("Item " + pb.fn(fn).byId[input.name].number + ": " + problem + ".");
      var change = pb.emptyTicks();
      change[input.name] = input.value;
      pb.setTickDates(fn, change);
    });

    block.querySelector(".pb-team-all").addEventListener("click", function () {
      var problem = pb.dateMessage(allDate.value);
      if (problem) {
        allDate.focus();
        return say("Set all to: " + problem + ".");
      }
      var change = pb.emptyTicks();
      ticked(pb.loadTicks(fn)).forEach(function (item) { change[item.id] = allDate.value; });
      pb.setTickDates(fn, change);
      dateList.querySelectorAll("input").forEach(function (input) {
        input.value = allDate.value;
        input.setAttribute("aria-invalid", "false");
      });
      say("Every ticked item is dated " + allDate.value + " now.");
    });

    /* Save as team record. */
    var form = block.querySelector(".pb-team-save");
    var saved = block.querySelector(".pb-team-saved");
    var area = saved.querySelector(".pb-team-yaml");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var name = pb.recordText(form.querySelector(".pb-team-name").value);
      var owner = pb.recordText(form.querySelector(".pb-team-owner").value);
      if (!name || !owner) return say("Write the team's name and its owner first: a record needs both.");
      var ticks = pb.loadTicks(fn);
      var done = [];
      var wrong = null;
      ticked(ticks).forEach(function (item) {
        var input = dateList.querySelector('input[name="' + item.id + '"]');
        var day = input ? input.value : pb.tickDate(ticks[item.id]) || pb.today();
        var problem = pb.dateMessage(day);
        if (problem && !wrong) wrong = { input: input, text: "Item " + item.number + ": " + problem + "." };
        done.push([item.id, day]);
      });
      if (wrong) {
        if (wrong.input) {
          wrong.input.setAttribute("aria-invalid", "true");
          wrong.input.focus();
        }
        return say(wrong.text + " Nothing was saved: correct the date, then save again.");
      }
      var record = pb.teamYaml(fn, { name: name, owner: owner, done: done });
      area.value = record.text;
      saved.querySelector(".pb-team-file").textContent = record.file;
      var link = saved.querySelector(".pb-team-download");
      if (downloadUrl) URL.revokeObjectURL(downloadUrl);
      downloadUrl = URL.createObjectURL(new Blob([record.text], { type: "text/yaml" }));
      link.href = downloadUrl;
      link.setAttribute("download", record.file);
      saved.hidden = false;
      say("The team record of " + record.name + " holds " + plural(done.length, "done item") + ". Copy it or download " + record.file + ".");
      area.focus();
      area.select();
    });

    var recordCopied = saved.querySelector(".pb-copied");
    saved.querySelector(".pb-team-copy").addEventListener("click", function () {
      pb.copy(area.value, area, function (text) { recordCopied.textContent = text; }, {
        done: "Copied the record.",
        manual: "Your browser did not let the page copy: the record is selected, press Ctrl+C (or Cmd+C) to copy it."
      });
    });

    /* Load a team's progress. */
    var pick = block.querySelector(".pb-team-pick");
    var paste = block.querySelector(".pb-team-paste");
    /* A team's page links here with ?team=<id>: that team is chosen, nothing loads until the reader asks. */
    var asked = new URLSearchParams(window.location.search).get("team");
    if (pick && asked && data.teams.some(function (t) { return t.id === asked; })) pick.value = asked;

    function chosen() {
      if (paste.value.trim()) {
        var parsed = pb.parseTeam(paste.value);
        if (!parsed.function) return { error: "This does not look like a team record: it has no line '" + pb.contract().team.function + ": <id>'." };
        var named = pb.fn(parsed.function);
        if (!named || named.id !== fn) {
          return { error: "This record is for the function '" + shown(parsed.function) + "', not " + functionName + ": open that function's page to load it." };
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
      var found = pb.migrate(fn, source.done);
      var incoming = pb.emptyTicks();
      var undated = [];
      found.ids.forEach(function (id) {
        var day = found.marks[id];
        if (day !== null && day !== undefined && pb.dateProblem(day) !== null) undated.push(day);
        incoming[id] = pb.tickDate(day) || pb.today();
      });
      var count = found.ids.length;
      var mine = Object.keys(pb.loadTicks(fn)).length;
      var question = mode === "replace"
        ? "Replace your " + plural(mine, "tick") + " on the " + functionName + " checklist with the " + plural(count, "tick") +
          " of " + source.label + "? Your own ticks will be lost."
        : "Add the " + plural(count, "tick") + " of " + source.label + " to your " + plural(mine, "tick") + " on the " +
          functionName + " checklist? Items you have ticked keep their tick.";
      if (!window.confirm(question)) return say("Nothing changed.");
      var now = mode === "replace" ? pb.replaceTicks(fn, incoming) : pb.changeTicks(fn, incoming);
      var left = found.unknown;
      say("Loaded " + plural(count, "tick") + " from " + source.label + "; " + plural(Object.keys(now).length, "item") + " ticked on this checklist now." +
        (undated.length ? " " + plural(undated.length, "date") + " in it " + (undated.length === 1 ? "is" : "are") +
          " not a date a record can carry (" + some(undated) + "): " + (undated.length === 1 ? "that item is" : "those items are") + " dated today." : "") +
        (left.length ? " Not on this checklist, left out: " + some(left) + "." : ""));
    }

    block.querySelector(".pb-team-merge").addEventListener("click", function () { load("merge"); });
    block.querySelector(".pb-team-replace").addEventListener("click", function () { load("replace"); });

    /* Share as a link. */
    var shareOut = block.querySelector(".pb-share-out");
    var shareUrl = block.querySelector(".pb-share-url");
    var shareCopied = block.querySelector(".pb-share-copied");
    block.querySelector(".pb-share-make").addEventListener("click", function () {
      var link = pb.shareLink(fn, pb.loadTicks(fn));
      shareUrl.value = link.url;
      shareOut.hidden = false;
      shareCopied.textContent = "";
      shareUrl.focus();
      shareUrl.select();
      say("The link holds your " + plural(link.count, "tick") + ". Copy it and send it; opening it changes nobody's ticks until they choose to merge.");
    });
    block.querySelector(".pb-share-copy").addEventListener("click", function () {
      pb.copy(shareUrl.value, shareUrl, function (text) { shareCopied.textContent = text; }, {
        done: "Copied the link.",
        manual: "Your browser did not let the page copy: the link is selected, press Ctrl+C (or Cmd+C) to copy it."
      });
    });

    block.addEventListener("pb:ticks", function (event) {
      if (event.detail.function === null || event.detail.function === fn) showDates();
    });
    block.querySelector(".pb-team-app").hidden = false;
    showDates();
    var shared = pb.readShare(fn, window.location.hash);
    if (shared) showShared(shared);

    /* Opened from a share link: say what it holds and let the reader choose. */
    function showShared(shared) {
      var checklist = document.querySelector('.pb-checklist[data-function="' + fn + '"]');
      if (!checklist || document.querySelector(".pb-shared")) return;
      var panel = el("div", null, "pb-shared admonition info");
      panel.setAttribute("role", "region");
      panel.setAttribute("aria-label", "Ticks shared with you");
      panel.tabIndex = -1;
      panel.appendChild(el("p", "Ticks shared with you", "admonition-title"));
      checklist.parentNode.insertBefore(panel, checklist);
      if (shared.damaged) {
        panel.appendChild(el("p", "This share link is damaged: its ticks cannot be read. Ask for the link again."));
        return;
      }
      var ids = shared.ids;
      var mine = pb.loadTicks(fn);
      var already = ids.filter(function (id) { return mine[id]; }).length;
      var holds = ids.length === 0 ? "This link holds no ticks on the " + functionName + " checklist."
        : "This link holds " + plural(ids.length, "tick") + " on the " + functionName + " checklist (" +
          (ids.length === 1 ? (already ? "ticked in this browser already" : "not yet ticked in this browser")
            : number(already) + " of them ticked in this browser already") + ").";
      var others = shared.unknown ? " " + plural(shared.unknown, "item") + " in it " + (shared.unknown === 1 ? "is" : "are") + " not on this checklist." : "";
      panel.appendChild(el("p", holds + others + " Your ticks do not change unless you merge.", "pb-shared-summary"));
      var actions = el("div", null, "pb-shared-actions");
      var view = el("button", "View them", "md-button pb-shared-view");
      var merge = el("button", "Merge into my ticks", "md-button md-button--primary pb-shared-merge");
      var ignore = el("button", "Ignore the link", "md-button pb-shared-ignore");
      [view, merge, ignore].forEach(function (b) { b.type = "button"; actions.appendChild(b); });
      if (!ids.length) view.hidden = merge.hidden = true;
      panel.appendChild(actions);
      var list = el("ol", null, "pb-shared-list");
      ids.forEach(function (id) {
        var li = el("li");
        var a = el("a", pb.itemText(fn, id));
        a.href = pb.itemHref(fn, id);
        li.appendChild(a);
        li.appendChild(el("span", " (" + pb.stageName(data.byId[id].stage) + ")", "pb-kind"));
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
        ids.forEach(function (id) { change[id] = pb.today(); });
        var now = pb.changeTicks(fn, change);
        forget();
        actions.remove();
        panel.querySelector(".pb-shared-summary").textContent = "Merged: " + plural(ids.length - already, "new tick") + " added; " +
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

  pb.onEveryPage(function () {
    document.querySelectorAll(".pb-team-tools[data-function]").forEach(setUp);
  });
})();
