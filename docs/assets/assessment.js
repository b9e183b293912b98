/* Maturity self-assessment, on each function page and on the overview of every function.
 *
 * The rules come from the page (data-assessment / data-overview, written from the stage
 * records): a stage is reached when at least its percentage of the function's items for it
 * is done and every earlier stage is reached; a stage with no items counts as reached. The
 * ticks are those checklist.js keeps in localStorage ("playbook-checklist:<function id>").
 * Until the first tick the result invites the reader to tick instead of showing a verdict.
 * Everything happens here; nothing is sent anywhere.
 * Record text is only ever written with textContent.
 */
(function () {
  "use strict";

  var storedTicks = window.playbook.loadTicks;

  /* The placement, per-stage counts, the explanation and the next items, for one set of ticks. */
  function assess(rules, items, ticks) {
    var stages = rules.stages.map(function (stage) {
      var mine = items.filter(function (item) { return item.stage === stage.id; });
      var done = mine.filter(function (item) { return !!ticks[item.id]; }).length;
      return {
        id: stage.id, name: stage.name, percent: stage.percent, total: mine.length, done: done,
        share: mine.length ? Math.floor((done * 100) / mine.length) : 100,
        meets: done * 100 >= stage.percent * mine.length
      };
    });
    var placed = -1;
    while (placed + 1 < stages.length && stages[placed + 1].meets) placed += 1;
    var order = Object.create(null);
    rules.stages.forEach(function (stage, n) { order[stage.id] = n; });
    var next = items
      .map(function (item, n) { return { item: item, n: n }; })
      .filter(function (x) { return !ticks[x.item.id]; })
      .sort(function (a, b) { return (order[a.item.stage] - order[b.item.stage]) || (a.n - b.n); })
      .slice(0, 3)
      .map(function (x) { return x.item; });
    return { stages: stages, placed: placed, stage: placed >= 0 ? stages[placed].name : rules.notYet, next: next,
             done: stages.reduce(function (sum, s) { return sum + s.done; }, 0) };
  }

  function counts(s) {
    return s.done + " of " + s.total + " done (" + s.share + "%, needs " + s.percent + "%)";
  }

  function why(result) {
    var reached = result.stages.slice(0, result.placed + 1).map(function (s) { return s.name; });
    var missing = result.stages[result.placed + 1];
    var text = "";
    if (reached.length) text += (reached.length === 1 ? reached[0] + " is" : reached.slice(0, -1).join(", ") + " and " +
      reached[reached.length - 1] + " are") + " reached. ";
    if (!missing) return text + "Every stage is reached.";
    text += missing.name + " is not yet reached: " + counts(missing) + ".";
    var later = result.stages.slice(result.placed + 2).filter(function (s) { return s.meets && s.total; });
    if (later.length) text += " " + later.map(function (s) { return s.name; }).join(" and ") +
      " would meet " + (later.length === 1 ? "its" : "their") + " share, but a stage counts only when every earlier stage is reached.";
    return text;
  }

  function escapeMarkdown(text) {
    return String(text).replace(/([\\`*_[\]<>|#])/g, "\\$1");
  }

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  /* The summary as Markdown, for a team's notes. Tests compare it character by character. */
  function markdown(rules, result, basis) {
    var lines = ["## " + escapeMarkdown(rules.name) + ": maturity self-assessment", "",
      "**Stage: " + escapeMarkdown(result.stage) + "** (from " + basis + ", " + today() + ")", "",
      escapeMarkdown(why(result)), "",
      "| Stage | Done | Needed | Reached |", "| --- | --- | --- | --- |"];
    result.stages.forEach(function (s, n) {
      lines.push("| " + escapeMarkdown(s.name) + " | " + s.done + " of " + s.total + " (" + s.share + "%) | " + s.percent + "% | " +
        (n <= result.placed ? "yes" : "no") + " |");
    });
    lines.push("");
    if (result.next.length) {
      lines.push("Next items to work on:", "");
      result.next.forEach(function (item, n) {
        lines.push((n + 1) + ". " + escapeMarkdown(item.text) + " (" + escapeMarkdown(stageName(rules, item.stage)) + ")");
      });
    } else {
      lines.push("Every item on the checklist is done.");
    }
    lines.push("", "Rule: a stage is reached when at least its share of the checklist items is done and every earlier stage is reached.");
    return lines.join("\n") + "\n";
  }

  function stageName(rules, id) {
    var found = rules.stages.filter(function (s) { return s.id === id; })[0];
    return found ? found.name : id;
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function renderResult(box, rules, result, basis) {
    box.textContent = "";
    var title = el("h3", "Result: ");
    title.appendChild(el("span", result.stage, "pb-result-stage"));
    box.appendChild(title);
    box.appendChild(el("p", "From " + basis + ".", "pb-result-basis"));
    box.appendChild(el("p", why(result), "pb-result-why"));
    var table = el("table", null, "pb-result-table");  /* our class: Material would make it scroll sideways on a phone */
    table.appendChild(el("caption", "Items done per stage"));
    var head = el("tr");
    ["Stage", "Done", "Needed", "Reached"].forEach(function (h) {
      var th = el("th", h);
      th.setAttribute("scope", "col");
      head.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var tbody = el("tbody");
    result.stages.forEach(function (s, n) {
      var row = el("tr");
      var name = el("th", s.name);
      name.setAttribute("scope", "row");
      row.appendChild(name);
      row.appendChild(el("td", s.done + " of " + s.total + " (" + s.share + "%)"));
      row.appendChild(el("td", s.percent + "%"));
      row.appendChild(el("td", n <= result.placed ? "yes" : "no"));
      row.setAttribute("data-stage", s.id);
      tbody.appendChild(row);
    });
    table.appendChild(tbody);
    box.appendChild(table);
    box.appendChild(el("h4", result.next.length ? "Next items to work on" : "Nothing left to do"));
    if (result.next.length) {
      var list = el("ol", null, "pb-next");
      result.next.forEach(function (item) {
        var li = el("li");
        var link = el("a", item.text);
        link.href = "#item-" + item.id;
        li.appendChild(link);
        li.appendChild(el("span", " (" + stageName(rules, item.stage) + ")", "pb-kind"));
        list.appendChild(li);
      });
      box.appendChild(list);
    } else {
      box.appendChild(el("p", "Every item on the checklist is done."));
    }
  }

  function copyText(text, area, status) {
    function fallback() {
      area.closest(".pb-markdown-label").hidden = false;
      area.focus();
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      status.textContent = ok ? "Copied the summary as Markdown." : "Press Ctrl+C (or Cmd+C) to copy the selected Markdown.";
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        status.textContent = "Copied the summary as Markdown.";
      }, fallback);
    } else {
      fallback();
    }
  }

  function printSummary(block, rules) {
    var old = document.getElementById("pb-print-summary");
    if (old) old.remove();
    var sheet = el("div");
    sheet.id = "pb-print-summary";
    sheet.className = "md-typeset";
    sheet.appendChild(el("p", document.title.split(" - ").pop() + " · self-assessment · " + today(), "pb-sheet-meta"));
    sheet.appendChild(el("h1", rules.name + ": maturity self-assessment"));
    sheet.appendChild(block.querySelector(".pb-result").cloneNode(true));
    var rulesCopy = block.querySelector(".pb-rules");
    if (rulesCopy) {
      sheet.appendChild(el("h4", "The rules"));
      sheet.appendChild(rulesCopy.cloneNode(true));
    }
    document.body.appendChild(sheet);
    document.documentElement.classList.add("pb-printing-summary");
    window.addEventListener("afterprint", function done() {
      document.documentElement.classList.remove("pb-printing-summary");
      sheet.remove();
      window.removeEventListener("afterprint", done);
    });
    window.print();
  }

  /* Stage names, the "not yet" placement and item texts are read from the page's text. */
  function withNames(rules, block) {
    rules.stages.forEach(function (stage) {
      var rule = block.querySelector('.pb-rules [data-stage="' + stage.id + '"] .pb-rule-stage');
      stage.name = rule ? rule.textContent : stage.id;
    });
    var notYet = block.querySelector(".pb-not-yet");
    rules.notYet = notYet ? notYet.textContent : "";
    return rules;
  }

  function setUpFunction(block) {
    var rules = withNames(JSON.parse(block.getAttribute("data-assessment")), block);
    var name = block.querySelector(".pb-function-name");
    rules.name = name ? name.textContent : rules.function;
    rules.items.forEach(function (item) {
      var text = document.querySelector('.pb-item[data-item="' + item.id + '"] .pb-item-text');
      item.text = text ? text.textContent : item.id;
    });
    var app = block.querySelector(".pb-assessment-app");
    var box = block.querySelector(".pb-result");
    var invite = box.querySelector(".pb-invite");
    var actions = block.querySelector(".pb-result-actions");
    var area = block.querySelector(".pb-markdown");
    var status = block.querySelector(".pb-copy-status");
    var basis = "the ticks saved in this browser";
    var current = null;

    function ticksNow() {
      /* On the page the boxes are the truth (checklist.js keeps them and the storage in step). */
      var ticks = storedTicks(rules.function);
      document.querySelectorAll('.pb-checklist[data-function="' + rules.function + '"] .pb-item').forEach(function (li) {
        var box = li.querySelector("input.pb-tick");
        if (box && !box.disabled) ticks[li.getAttribute("data-item")] = box.checked;
      });
      return ticks;
    }

    function update() {
      var result = assess(rules, rules.items, ticksNow());
      if (!result.done) {
        /* A first visit is invited to tick, not told it has not started. */
        box.textContent = "";
        if (invite) box.appendChild(invite);
        actions.hidden = true;
        area.closest(".pb-markdown-label").hidden = true;
        current = null;
        return;
      }
      renderResult(box, rules, result, basis);
      current = markdown(rules, result, basis);
      area.value = current;
      actions.hidden = false;
    }

    var checklist = document.querySelector('.pb-checklist[data-function="' + rules.function + '"]');
    if (checklist) {
      /* checklist.js handles the box or the reset button first; the result follows. */
      checklist.addEventListener("change", update);
      checklist.addEventListener("click", function (event) {
        if (event.target.closest && event.target.closest(".pb-reset")) update();
      });
    }
    block.querySelector(".pb-copy").addEventListener("click", function () { copyText(current, area, status); });
    block.querySelector(".pb-print-summary").addEventListener("click", function () { printSummary(block, rules); });
    app.hidden = false;
    update();
  }

  function setUpOverview(block) {
    var data = withNames(JSON.parse(block.getAttribute("data-overview")), block);
    data.functions.forEach(function (fn) {
      var row = block.querySelector('tr[data-function="' + fn.id + '"]');
      if (!row) return;
      var ticks = storedTicks(fn.id);
      var any = fn.items.some(function (item) { return !!ticks[item.id]; });
      var result = assess(data, fn.items, ticks);
      row.querySelector(".pb-ov-result").textContent = any ? result.stage : "No ticks saved";
      row.classList.toggle("pb-ov-empty", !any);
      result.stages.forEach(function (s, n) {
        var cell = row.querySelector('.pb-ov-stage[data-stage="' + s.id + '"]');
        if (!cell) return;
        cell.textContent = s.done + " of " + s.total + (s.total ? " (" + s.share + "%)" : "");
        cell.classList.toggle("pb-ov-reached", any && n <= result.placed);
      });
    });
  }

  function setUp() {
    document.querySelectorAll(".pb-assessment[data-assessment]").forEach(setUpFunction);
    document.querySelectorAll(".pb-assessment-overview[data-overview]").forEach(function (block) {
      setUpOverview(block);
      block.addEventListener("pb:ticks", function () { setUpOverview(block); });  /* another tab ticked */
    });
  }

  window.playbook.onEveryPage(setUp);
})();
