/* The playbook's one browser module, window.playbook: the page's contract and every rule the
 * other scripts apply. They use only this module; classes and data-* attributes on the page are
 * hooks for styling and events, never a source of rules.
 *
 * The contract is the data-contract of the page's one .pb-contract element, written by
 * playbook/render/client.py: functions with their items (id, stage, number, anchor, former ids),
 * the maturity rule's inputs, the date rule's bounds and a team record's field names. Ids and
 * numbers only: names and item texts are read from the page's text.
 *
 * The rules here (place and the words of a stage's count, migrate, the date rule, team records)
 * are those of playbook/maturity.py, playbook/dates.py and the model, written once in each
 * language; tests/test_browser_contract.py checks this module against a table made by Python.
 *
 * Ticks live in localStorage under "playbook-checklist:<function id>" as {"<item id>": "<date>"}
 * (older ticks hold true instead of a date). Each change re-reads the storage and writes only the
 * items it changes, so a tick made in another tab is never lost; the `storage` event tells the
 * other tabs. When the browser refuses to store, ticks are kept for the page's life and a
 * "pb:unsaved" event says so. Ticks are maps without a prototype: "constructor" is just an id.
 * Nothing is ever sent anywhere.
 */
window.playbook = (function () {
  "use strict";

  var PREFIX = "playbook-checklist:";
  var SHARE = "#ticks=";
  var DATE_SHAPE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
  /* The blocks that show ticks: each gets a "pb:ticks" event when a function's ticks change. */
  var SHOWS_TICKS = ".pb-checklist, .pb-assessment-overview, .pb-team-tools, .pb-sheet";
  var own = Object.prototype.hasOwnProperty;

  function emptyTicks() {
    return Object.create(null);
  }

  /* The contract ----------------------------------------------------------------------------- */

  var cached = { node: null, count: 0, value: null };

  /* The page's contract, read once per page (instant navigation brings new pages without a reload).
   * A hand-written page may hold more than one block that needs it: their functions are merged. */
  function contract() {
    var nodes = document.querySelectorAll(".pb-contract[data-contract]");
    if (!nodes.length) return null;
    if (cached.node === nodes[0] && cached.count === nodes.length) return cached.value;
    var merged = null;
    nodes.forEach(function (node) {
      var data;
      try {
        data = JSON.parse(node.getAttribute("data-contract"));
      } catch (e) {
        return;
      }
      if (!merged) merged = { maturity: data.maturity, dates: data.dates, team: data.team, functions: [], byId: emptyTicks(), answersTo: emptyTicks() };
      data.functions.forEach(function (fn) {
        if (own.call(merged.byId, fn.id)) return;
        merged.byId[fn.id] = prepared(fn);
        merged.functions.push(merged.byId[fn.id]);
      });
    });
    if (merged) {
      /* A function answers to its id and its former ids; an id in use now is never a former one. */
      merged.functions.slice().sort(function (a, b) { return a.id < b.id ? -1 : a.id > b.id ? 1 : 0; }).forEach(function (fn) {
        fn.formerly.forEach(function (old) { if (!own.call(merged.answersTo, old)) merged.answersTo[old] = fn.id; });
      });
      merged.functions.forEach(function (fn) { merged.answersTo[fn.id] = fn.id; });
    }
    cached = { node: nodes[0], count: nodes.length, value: merged };
    return merged;
  }

  /* A function with its items by id, and the id now of every id an item answers to. */
  function prepared(fn) {
    var byId = emptyTicks();
    var current = emptyTicks();
    fn.items.forEach(function (item) {
      byId[item.id] = item;
      item.formerly.forEach(function (old) { if (!own.call(current, old)) current[old] = item.id; });
    });
    fn.items.forEach(function (item) { current[item.id] = item.id; });
    return { id: fn.id, formerly: fn.formerly, items: fn.items, teams: fn.teams || [], byId: byId, current: current };
  }

  /* The function with id (or former id) `id` on this page, or null. */
  function fn(id) {
    var c = contract();
    if (!c || typeof id !== "string" || !own.call(c.answersTo, id)) return null;
    return c.byId[c.answersTo[id]];
  }

  function functions() {
    var c = contract();
    return c ? c.functions : [];
  }

  /* Former ids -------------------------------------------------------------------------------- */

  /* Marks (ticks, done items) made under any id an item answers to, moved to the item's id now:
   * `marks` is a list of [id, value]. A mark under the item's id now wins over one under a former
   * id; otherwise the first wins. Returns {marks: id -> value (current ids, checklist order),
   * ids: those ids, unknown: ids no item answers to, each once, in the order met}. */
  function migrate(fnId, marks) {
    var f = fn(fnId);
    var found = emptyTicks();
    var underCurrent = emptyTicks();
    var unknown = [];
    var seenUnknown = new Set();
    marks.forEach(function (mark) {
      var id = mark[0];
      var now = f && typeof id === "string" && own.call(f.current, id) ? f.current[id] : null;
      if (now === null) {
        var key = String(id);
        if (!seenUnknown.has(key)) {
          seenUnknown.add(key);
          unknown.push(key);
        }
      } else if (!own.call(found, now) || (id === now && !underCurrent[now])) {
        found[now] = mark[1];
        if (id === now) underCurrent[now] = true;
      }
    });
    var out = emptyTicks();
    var ids = [];
    (f ? f.items : []).forEach(function (item) {
      if (own.call(found, item.id)) {
        out[item.id] = found[item.id];
        ids.push(item.id);
      }
    });
    return { marks: out, ids: ids, unknown: unknown };
  }

  /* The maturity rule ------------------------------------------------------------------------- */

  /* One stage's count and the words that state it (maturity.StageCount). */
  function stageCount(stage, done, total) {
    var rule = contract().maturity;
    var needed = Math.floor((stage.percent * total + 99) / 100);
    var share = total ? Math.floor((done * 200 + total) / (2 * total)) : 100;
    var inCounts = total <= rule.counts_only_up_to;
    var neededText = inCounts ? String(needed) : needed + " (" + stage.percent + "%)";
    return {
      id: stage.id, percent: stage.percent, done: done, total: total, needed: needed, share: share, meets: done >= needed,
      doneText: inCounts ? done + " of " + total : done + " of " + total + " (" + share + "%)",
      neededText: neededText,
      progress: done + " of " + total + " done" + (inCounts ? "" : " (" + share + "%)") + ", needs " + neededText
    };
  }

  /* Where the ticks `ticks` (current item id -> truthy) place a team of function `fnId`:
   * {stages: counts, reached: how many stages in order, next: item ids, done: items ticked}. */
  function place(fnId, ticks) {
    var f = fn(fnId);
    var rule = contract().maturity;
    var order = emptyTicks();
    rule.stages.forEach(function (stage, n) { order[stage.id] = n; });
    var stages = rule.stages.map(function (stage) {
      var total = 0;
      var done = 0;
      f.items.forEach(function (item) {
        if (item.stage !== stage.id) return;
        total += 1;
        if (own.call(ticks, item.id) && ticks[item.id]) done += 1;
      });
      return stageCount(stage, done, total);
    });
    var reached = 0;
    while (reached < stages.length && stages[reached].meets) reached += 1;
    var next = f.items
      .map(function (item, n) { return { item: item, n: n, stage: own.call(order, item.stage) ? order[item.stage] : rule.stages.length }; })
      .filter(function (x) { return !(own.call(ticks, x.item.id) && ticks[x.item.id]); })
      .sort(function (a, b) { return (a.stage - b.stage) || (a.n - b.n); })
      .slice(0, rule.next_items)
      .map(function (x) { return x.item.id; });
    return { stages: stages, reached: reached, next: next, done: stages.reduce(function (sum, s) { return sum + s.done; }, 0) };
  }

  /* Addresses and names on the page ----------------------------------------------------------- */

  /* The link to an item on its function's page, from this page (urls.item_anchor). */
  function itemHref(fnId, itemId) {
    var f = fn(fnId);
    return f && own.call(f.byId, itemId) ? "#" + f.byId[itemId].anchor : null;
  }

  /* An item's text, as the page shows it (its element is found by its anchor). */
  function itemText(fnId, itemId) {
    var href = itemHref(fnId, itemId);
    var node = href && document.getElementById(href.slice(1));
    var textNode = node && node.querySelector(".pb-item-text");
    return textNode ? textNode.textContent : itemId;
  }

  /* A maturity stage's name, as the rule sentence on the page states it. */
  function stageName(stageId) {
    var found = null;
    document.querySelectorAll(".pb-rules [data-stage]").forEach(function (node) {
      if (!found && node.getAttribute("data-stage") === stageId) found = node.querySelector(".pb-rule-stage");
    });
    return found ? found.textContent : stageId;
  }

  /* The placement before the first stage, e.g. "Not yet customer-focused". */
  function notYet() {
    var node = document.querySelector(".pb-rules .pb-not-yet");
    return node ? node.textContent : "";
  }

  /* Dates ------------------------------------------------------------------------------------- */

  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  /* The latest date a thing can have been done on `day` (YYYY-MM-DD): dates.latest. */
  function latestDate(day) {
    var d = new Date(Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8) + contract().dates.days_after_today));
    return d.getUTCFullYear() + "-" + two(d.getUTCMonth() + 1) + "-" + two(d.getUTCDate());
  }

  function daysInMonth(year, month) {
    var leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  }

  /* What is wrong with `text` as the date a thing was done (dates.check), or null:
   * "shape" (not YYYY-MM-DD), "calendar" (no such day), "early" (before the earliest), "future". */
  function dateProblem(text, day) {
    if (typeof text !== "string" || !DATE_SHAPE.test(text)) return "shape";
    var month = +text.slice(5, 7);
    var date = +text.slice(8);
    if (month < 1 || month > 12 || date < 1 || date > daysInMonth(+text.slice(0, 4), month)) return "calendar";
    if (text < contract().dates.earliest) return "early";
    if (text > latestDate(day || today())) return "future";
    return null;
  }

  /* The problem in words, for a team lead. */
  function dateMessage(text, day) {
    var problem = dateProblem(text, day);
    var shown = String(text).slice(0, 40);
    if (problem === "shape") return "“" + shown + "” is not a date: write it as YYYY-MM-DD";
    if (problem === "calendar") return shown + " is not a day of the calendar";
    if (problem === "early") return shown + " is before " + contract().dates.earliest + ", the earliest date a record takes";
    if (problem === "future") return shown + " is in the future: " + latestDate(day || today()) + " at the latest";
    return null;
  }

  /* Ticks ------------------------------------------------------------------------------------- */

  /* A stored tick is true (older ticks) or its date; anything else ticks nothing. */
  function isTick(value) {
    return value === true || (typeof value === "string" && DATE_SHAPE.test(value));
  }

  /* The date a tick was made, or null for an older tick, or one whose date breaks the date rule. */
  function tickDate(value) {
    return typeof value === "string" && dateProblem(value) === null ? value : null;
  }

  var unsaved = emptyTicks();  /* function id -> ticks the browser refused to store, for the page's life */

  function stored(key) {
    var ticks = emptyTicks();
    try {
      var saved = JSON.parse(window.localStorage.getItem(PREFIX + key) || "{}");
      if (saved && typeof saved === "object" && !Array.isArray(saved)) {
        Object.keys(saved).forEach(function (id) {
          if (own.call(saved, id) && isTick(saved[id])) ticks[id] = saved[id];
        });
      }
    } catch (e) {
      /* Unreadable storage counts as no ticks. */
    }
    return ticks;
  }

  function loadTicks(fnId) {
    if (own.call(unsaved, fnId)) return copyOf(unsaved[fnId]);
    return stored(fnId);
  }

  function copyOf(ticks) {
    var out = emptyTicks();
    Object.keys(ticks).forEach(function (id) { out[id] = ticks[id]; });
    return out;
  }

  /* Store a function's ticks; if the browser refuses, keep them for the page's life and say so. */
  function write(fnId, ticks) {
    try {
      if (Object.keys(ticks).length) {
        window.localStorage.setItem(PREFIX + fnId, JSON.stringify(ticks));
      } else {
        window.localStorage.removeItem(PREFIX + fnId);
      }
      delete unsaved[fnId];
      return true;
    } catch (e) {
      unsaved[fnId] = copyOf(ticks);
      document.querySelectorAll(SHOWS_TICKS).forEach(function (block) {
        block.dispatchEvent(new CustomEvent("pb:unsaved", { detail: { function: fnId } }));
      });
      return false;
    }
  }

  /* Whether this page holds ticks of `fnId` that the browser refused to store. */
  function isUnsaved(fnId) {
    return own.call(unsaved, fnId);
  }

  /* Change some items, read-modify-write: `changes` maps item id -> a date or true (tick) or null
   * (untick). A tick already stored keeps its date. Returns the ticks as they are now. */
  function changeTicks(fnId, changes) {
    var ticks = loadTicks(fnId);
    Object.keys(changes).forEach(function (id) {
      if (changes[id]) {
        if (!ticks[id]) ticks[id] = tickDate(changes[id]) || today();
      } else {
        delete ticks[id];
      }
    });
    write(fnId, ticks);
    announce(fnId);
    return ticks;
  }

  /* Replace every tick of a function (`ticks` maps item id -> date); {} clears them. */
  function replaceTicks(fnId, ticks) {
    var clean = emptyTicks();
    Object.keys(ticks).forEach(function (id) {
      if (own.call(ticks, id) && ticks[id]) clean[id] = tickDate(ticks[id]) || today();
    });
    write(fnId, clean);
    announce(fnId);
    return clean;
  }

  /* Set the date of ticked items (`dates` maps item id -> YYYY-MM-DD; dates that break the rule are ignored). */
  function setTickDates(fnId, dates) {
    var ticks = loadTicks(fnId);
    Object.keys(dates).forEach(function (id) {
      if (own.call(ticks, id) && dateProblem(dates[id]) === null) ticks[id] = dates[id];
    });
    write(fnId, ticks);
    announce(fnId);
    return ticks;
  }

  /* Tell the blocks on this page that `fnId`'s ticks changed (null: every function's). */
  function announce(fnId) {
    document.querySelectorAll(SHOWS_TICKS).forEach(function (block) {
      block.dispatchEvent(new CustomEvent("pb:ticks", { detail: { function: fnId } }));
    });
  }

  window.addEventListener("storage", function (event) {
    if (event.storageArea && event.storageArea !== window.localStorage) return;
    if (event.key === null) announce(null);
    else if (event.key.indexOf(PREFIX) === 0) announce(event.key.slice(PREFIX.length));
  });

  /* Renames keep ticks: ticks stored under a function's former ids, or under an item's, move to its
   * id now, by `migrate`'s rule (ticks under the current ids first). Ticks of ids that no item
   * answers to stay stored as they are. Safe on every page: once moved, nothing is left to move. */
  function migrateStored(fnId) {
    var f = fn(fnId);
    if (!f || f.id !== fnId || isUnsaved(fnId)) return;
    var sources = [f.id].concat(f.formerly.filter(function (old) { return old !== f.id && !own.call(contract().byId, old); }));
    var marks = [];
    var kept = emptyTicks();
    var movedFunctions = [];
    sources.forEach(function (key, n) {
      var ticks = stored(key);
      var ids = Object.keys(ticks);
      if (n > 0 && ids.length) movedFunctions.push(key);
      ids.forEach(function (id) { marks.push([id, ticks[id]]); });
      if (n === 0) ids.forEach(function (id) { if (!own.call(f.current, id)) kept[id] = ticks[id]; });
    });
    var moved = migrate(f.id, marks).marks;
    var before = JSON.stringify(stored(f.id));
    Object.keys(moved).forEach(function (id) { kept[id] = moved[id]; });
    if (JSON.stringify(kept) !== before || movedFunctions.length) {
      if (write(f.id, kept)) movedFunctions.forEach(function (old) { write(old, emptyTicks()); });
    }
  }

  /* Share links ------------------------------------------------------------------------------- */

  function encodeIds(ids) {
    return window.btoa(ids.join(",")).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  /* A link to this page that carries the ticked items of `fnId` after # and nothing else. */
  function shareLink(fnId, ticks) {
    var f = fn(fnId);
    var ids = f.items.filter(function (item) { return own.call(ticks, item.id) && ticks[item.id]; }).map(function (item) { return item.id; });
    return { url: window.location.origin + window.location.pathname + SHARE + encodeIds(ids), count: ids.length };
  }

  /* What a share link's fragment holds for `fnId`: null when it is no share link; {damaged: true}
   * when it cannot be read; else {ids: the items it ticks (current ids, each once, checklist order),
   * unknown: how many other distinct ids it names}. The work is one pass over the fragment. */
  function readShare(fnId, hash) {
    if (typeof hash !== "string" || hash.indexOf(SHARE) !== 0) return null;
    var raw;
    try {
      raw = window.atob(hash.slice(SHARE.length).replace(/-/g, "+").replace(/_/g, "/"));
    } catch (e) {
      return { damaged: true };
    }
    var marks = raw ? raw.split(",").map(function (id) { return [id, true]; }) : [];
    var found = migrate(fnId, marks);
    return { ids: found.ids, unknown: found.unknown.length };
  }

  /* Team records ------------------------------------------------------------------------------ */

  /* Text a record can hold: every character the playbook's one character policy refuses in a line
   * (playbook/characters.py, carried by the page's contract) becomes a space, then spaces are
   * folded as the model folds them. */
  function recordText(value) {
    return String(value)
      .replace(new RegExp(contract().team.refused_in_line, "gu"), " ")
      .replace(/\s+/g, " ")
      .trim();
  }

  /* A YAML string that reads back exactly: JSON's double-quoted strings are YAML's too. */
  function yamlString(value) {
    return JSON.stringify(value);
  }

  function slug(text) {
    var base = text.normalize ? text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "") : text;
    return base.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  /* The team's file name without .yml: the function's id first, so teams of different functions never clash. */
  function recordId(fnId, name) {
    var s = slug(recordText(name)).slice(0, 60).replace(/-+$/, "") || "team";
    var id = s === fnId || s.indexOf(fnId + "-") === 0 ? s : fnId + "-" + s;
    return new RegExp(contract().team.id_pattern).test(id) ? id : fnId + "-team";
  }

  /* The record as `python -m playbook new team` lays it out, from the model's field names.
   * `record` = {name, owner, done: [[item id, date], ...] in checklist order, today}; the caller
   * checks the dates first (dateProblem). Returns {text, name, owner, file}. */
  function teamYaml(fnId, record) {
    var t = contract().team;
    var name = recordText(record.name);
    var owner = recordText(record.owner);
    var lines = [t.schema_line, t.name + ": " + yamlString(name), t.function + ": " + fnId];
    if (record.done.length) {
      lines.push(t.done + ":");
      record.done.forEach(function (pair) { lines.push("  - " + t.item + ": " + pair[0], "    " + t.date + ": " + pair[1]); });
    }
    lines.push(t.owner + ": " + yamlString(owner), t.last_reviewed + ": " + (record.today || today()));
    return { text: lines.join("\n") + "\n", name: name, owner: owner, file: recordId(fnId, name) + ".yml" };
  }

  function scalar(text) {
    var value = text.trim();
    var first = value.charAt(0);
    if (first !== '"' && first !== "'") return value.indexOf("#") < 0 ? value : value.replace(/\s+#.*$/, "").trim();
    var quoted = /^"((?:[^"\\]|\\.)*)"|^'((?:[^']|'')*)'/.exec(value);
    if (!quoted) return value;
    if (quoted[2] !== undefined) return quoted[2].replace(/''/g, "'");
    try { return JSON.parse('"' + quoted[1] + '"'); } catch (e) { return quoted[1]; }
  }

  /* Reads what loading a team record needs out of its YAML: its function and its done items
   * ([id, date or null] as written, block or flow style). Anything else is left to `validate`,
   * the judge of the whole record. Two passes of the browser's own regular expressions over the
   * text: linear in its length, and quick on a paste of many megabytes. */
  function parseTeam(text) {
    var t = contract().team;
    var source = String(text).replace(/^\uFEFF/, "");
    /* Keys at the start of a line are the record's fields; the done items lie between "done:" and the next. */
    var field = /^(["']?)([A-Za-z_][A-Za-z0-9_]*)\1[ \t]*:(?=[ \t\r\n]|$)[ \t]*([^\r\n]*)/gm;
    var fnId = null;
    var region = null;
    var m;
    while ((m = field.exec(source)) !== null) {
      if (region !== null && region.end === null) region.end = m.index;
      if (m[2] === t.function && m[3]) fnId = scalar(m[3]);
      if (m[2] === t.done) region = { start: m.index + m[0].length - m[3].length, end: null };
    }
    var done = [];
    if (region === null) return { function: fnId, done: done };
    var body = source.slice(region.start, region.end === null ? source.length : region.end);
    /* A comment line; a "- " at a line's start or a "{", each beginning a done item; or one of its keys. */
    var token = new RegExp("((?:^|\\n)[ \\t]*#[^\\r\\n]*)|(?:^|\\n)[ \\t]*-(?=[ \\t\\r\\n]|$)|\\{|(?<![^\\s,{])([\"']?)(" + t.item + "|" +
      t.date + ")\\2[ \\t]*:[ \\t]*(\"(?:[^\"\\\\\\r\\n]|\\\\.)*\"|'(?:[^'\\r\\n]|'')*'|[^\\s,{}\\[\\]#][^,{}\\[\\]\\r\\n]*)", "g");
    var entry = null;
    while ((m = token.exec(body)) !== null) {
      if (m[1] !== undefined) continue;
      if (m[3] === undefined) {
        if (entry && entry[0] !== null) done.push(entry);
        entry = null;
        continue;
      }
      if (!entry) entry = [null, null];
      if (m[3] === t.item && entry[0] === null) entry[0] = scalar(m[4]);
      if (m[3] === t.date && entry[1] === null) entry[1] = scalar(m[4]);
    }
    if (entry && entry[0] !== null) done.push(entry);
    return { function: fnId, done: done };
  }

  /* Copying ------------------------------------------------------------------------------------ */

  /* Copy `text` to the clipboard and say so with `say`; where the browser refuses (no permission,
   * or a plain-http intranet), show and select it in `field` for the reader to copy with the
   * keyboard. `options` = {done: "Copied …", manual: "Press Ctrl+C …", reveal: shows `field`}. */
  function copy(text, field, say, options) {
    function fallback() {
      var ok = false;
      if (options.reveal) options.reveal();
      field.focus();
      field.select();
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      say(ok ? options.done : options.manual);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { say(options.done); }, fallback);
    } else {
      fallback();
    }
  }

  /* Pages ------------------------------------------------------------------------------------- */

  /* Material's instant navigation swaps pages without reloading: it announces each new page on document$. */
  function onEveryPage(setUp) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(setUp);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", setUp);
    } else {
      setUp();
    }
  }

  onEveryPage(function () {  /* first: the other scripts read the ticks after it */
    functions().forEach(function (f) { migrateStored(f.id); });
  });

  return {
    contract: contract, fn: fn, functions: functions,
    migrate: migrate, place: place, stageCount: stageCount,
    itemHref: itemHref, itemText: itemText, stageName: stageName, notYet: notYet,
    today: today, latestDate: latestDate, dateProblem: dateProblem, dateMessage: dateMessage,
    isTick: isTick, tickDate: tickDate, emptyTicks: emptyTicks, loadTicks: loadTicks, changeTicks: changeTicks,
    replaceTicks: replaceTicks, setTickDates: setTickDates, isUnsaved: isUnsaved,
    shareLink: shareLink, readShare: readShare,
    recordText: recordText, recordId: recordId, teamYaml: teamYaml, parseTeam: parseTeam,
    copy: copy, onEveryPage: onEveryPage
  };
})();
