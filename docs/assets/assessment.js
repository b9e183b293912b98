/* Maturity self-assessment, on each function page and on the overview of every function.
 *
 * The rule and its words are window.playbook's (`place`, the same rule as playbook/maturity.py);
 * the ticks are those stored in this browser. Stage names and item texts are read from the page.
 * Until the first tick the result invites the reader to tick instead of showing a verdict.
 * Everything happens here; nothing is sent anywhere. Record text is only ever written with textContent.
 */
(function () {
  "use strict";

  var pb = window.playbook;

  function names(result) {
    return result.stages.map(function (s) { return pb.stageName(s.id); });
  }

  function stageNow(result) {
    return result.reached ? pb.stageName(result.stages[result.reached - 1].id) : pb.notYet();
  }

  function why(result) {
    var all = names(result);
    var reached = all.slice(0, result.reached);
    var missing = result.stages[result.reached];
    var text = "";
    if (reached.length) text += (reached.length === 1 ? reached[0] + " is" : reached.slice(0, -1).join(", ") + " and " +
      reached[reached.length - 1] + " are") + " reached. ";
    if (!missing) return text + "Every stage is reached.";
    text += all[result.reached] + " is not yet reached: " + missing.progress + ".";
    var later = result.stages.slice(result.reached + 1).filter(function (s) { return s.meets && s.total; });
    if (later.length) text += " " + later.map(function (s) { return pb.stageName(s.id); }).join(" and ") +
      " would meet " + (later.length === 1 ? "its" : "their") + " share, but a stage counts only when every earlier stage is reached.";
    return text;
  }

  function escapeMarkdown(text) {
    return String(text).replace(/([\\`*_[\]<>|#])/g, "\\$1");
  }

  function stageOf(fn, itemId) {
    return pb.stageName(pb.fn(fn).items.filter(function (i) { return i.id === itemId; })[0].stage);
  }

  /* The summary as Markdown, for a team's notes. Tests compare it character by character. */
  function markdown(fn, name, result, basis) {
    var lines = ["## " + escapeMarkdown(name) + ": maturity self-assessment", "",
      "**Stage: " + escapeMarkdown(stageNow(result)) + "** (from " + basis + ", " + pb.today() + ")", "",
      escapeMarkdown(why(result)), "",
      "| Stage | Done | Needed | Reached |", "| --- | --- | --- | --- |"];
    result.stages.forEach(function (s, n) {
      lines.push("| " + escapeMarkdown(pb.stageName(s.id)) + " | " + s.doneText + " | " + s.neededText + " | " + (n < result.reached ? "yes" : "no") + " |");
    });
    lines.push("");
    if (result.next.length) {
      lines.push("Next items to work on:", "");
      result.next.forEach(function (id, n) {
        lines.push((n + 1) + ". " + escapeMarkdown(pb.itemText(fn, id)) + " (" + escapeMarkdown(stageOf(fn, id)) + ")");
      });
    } else {
      lines.push("Every item on the checklist is done.");
    }
    lines.push("", "Rule: a stage is reached when at least its share of the checklist items is done and every earlier stage is reached.");
    return lines.join("\n") + "\n";
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function renderResult(box, fn, result, basis) {
    box.textContent = "";
    var title = el("h3", "Result: ");
    title.appendChild(el("span", stageNow(result), "pb-result-stage"));
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
      var name = el("th", pb.stageName(s.id));
      name.setAttribute("scope", "row");
      row.appendChild(name);
      row.appendChild(el("td", s.doneText));
      row.appendChild(el("td", s.neededText));
      row.appendChild(el("td", n < result.reached ? "yes" : "no"));
      row.setAttribute("data-stage", s.id);
      tbody.appendChild(row);
    });
    table.appendChild(tbody);
    box.appendChild(table);
    box.appendChild(el("h4", result.next.length ? "Next items to work on" : "Nothing left to do"));
    if (result.next.length) {
      var list = el("ol", null, "pb-next");
      result.next.forEach(function (id) {
        var li = el("li");
        var link = el("a", pb.itemText(fn, id));
        link.href = pb.itemHref(fn, id);
        li.appendChild(link);
        li.appendChild(el("span", " (" + stageOf(fn, id) + ")", "pb-kind"));
        list.appendChild(li);
      });
      box.appendChild(list);
    } else {
      box.appendChild(el("p", "Every item on the checklist is done."));
    }
  }

  function printSummary(block, name) {
    var old = document.getElementById("pb-print-summary");
    if (old) old.remove();
    var sheet = el("div");
    sheet.id = "pb-print-summary";
    sheet.className = "md-typeset";
    sheet.appendChild(el("p", document.title.split(" - ").pop() + " · self-assessment · " + pb.today(), "pb-sheet-meta"));
    sheet.appendChild(el("h1", name + ": maturity self-assessment"));
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

  function setUpFunction(block) {
    var fn = block.getAttribute("data-function");
    if (!pb.fn(fn)) return;
    var nameNode = block.querySelector(".pb-function-name");
    var name = nameNode ? nameNode.textContent : fn;
    var app = block.querySelector(".pb-assessment-app");
    var box = block.querySelector(".pb-result");
    var invite = box.querySelector(".pb-invite");
    var actions = block.querySelector(".pb-result-actions");
    var area = block.querySelector(".pb-markdown");
    var status = block.querySelector(".pb-copy-status");
    var basis = "the ticks saved in this browser";
    var current = null;

    function update() {
      var result = pb.place(fn, pb.loadTicks(fn));
      if (!result.done) {
        /* A first visit is invited to tick, not told it has not started. */
        box.textContent = "";
        if (invite) box.appendChild(invite);
        actions.hidden = true;
        area.closest(".pb-markdown-label").hidden = true;
        current = null;
        return;
      }
      renderResult(box, fn, result, basis);
      current = markdown(fn, name, result, basis);
      area.value = current;
      actions.hidden = false;
    }

    var checklist = document.querySelector('.pb-checklist[data-function="' + fn + '"]');
    if (checklist) {
      /* checklist.js handles the box or the reset button first; the result follows. */
      checklist.addEventListener("change", update);
      checklist.addEventListener("click", function (event) {
        if (event.target.closest && event.target.closest(".pb-reset")) update();
      });
    }
    block.querySelector(".pb-copy").addEventListener("click", function () {
      pb.copy(current, area, function (text) { status.textContent = text; }, {
        done: "Copied the summary as Markdown.",
        manual: "Press Ctrl+C (or Cmd+C) to copy the selected Markdown.",
        reveal: function () { area.closest(".pb-markdown-label").hidden = false; }
      });
    });
    block.querySelector(".pb-print-summary").addEventListener("click", function () { printSummary(block, name); });
    app.hidden = false;
    update();
  }

  function setUpOverview(block) {
    pb.functions().forEach(function (f) {
      var row = null;
      block.querySelectorAll("tr[data-function]").forEach(function (tr) { if (tr.getAttribute("data-function") === f.id) row = tr; });
      if (!row) return;
      var ticks = pb.loadTicks(f.id);
      var result = pb.place(f.id, ticks);
      var any = result.done > 0;
      row.querySelector(".pb-ov-result").textContent = any ? stageNow(result) : "No ticks saved";
      row.classList.toggle("pb-ov-empty", !any);
      result.stages.forEach(function (s, n) {
        row.querySelectorAll(".pb-ov-stage").forEach(function (cell) {
          if (cell.getAttribute("data-stage") !== s.id) return;
          cell.textContent = s.doneText;
          cell.classList.toggle("pb-ov-reached", any && n < result.reached);
        });
      });
    });
  }

  function setUp() {
    document.querySelectorAll(".pb-assessment[data-function]").forEach(setUpFunction);
    document.querySelectorAll(".pb-assessment-overview").forEach(function (block) {
      setUpOverview(block);
      block.addEventListener("pb:ticks", function () { setUpOverview(block); });  /* another tab ticked */
    });
  }

  pb.onEveryPage(setUp);
})();
