/* Adoption checklists: ticks stored in this browser only, progress, reset, and printing.
 *
 * Ticks are stored by playbook.js, in this browser only. The page works without this script:
 * the checklist is then a plain, readable list.
 */
(function () {
  "use strict";

  var load = window.playbook.loadTicks;

  function done(count, total) {
    return count + " of " + total + " done";
  }

  function setUpChecklist(list) {
    var fn = list.getAttribute("data-function");
    var ticks = load(fn);
    var boxes = list.querySelectorAll(".pb-item input.pb-tick");
    var progress = list.querySelector(".pb-progress");
    var reset = list.querySelector(".pb-reset");

    function refresh() {
      var total = 0;
      var count = 0;
      list.querySelectorAll(".pb-stage").forEach(function (stage) {
        var items = stage.querySelectorAll(".pb-item");
        var ticked = 0;
        items.forEach(function (item) {
          if (ticks[item.getAttribute("data-item")]) ticked += 1;
        });
        var label = stage.querySelector(".pb-stage-progress");
        if (label) {
          label.textContent = done(ticked, items.length);
          label.hidden = false;
        }
        total += items.length;
        count += ticked;
      });
      if (progress) {
        progress.textContent = done(count, total);
        progress.hidden = false;
      }
      if (reset) reset.disabled = count === 0;
    }

    function showStored() {
      ticks = load(fn);
      boxes.forEach(function (box) {
        box.checked = !!ticks[box.closest(".pb-item").getAttribute("data-item")];
      });
      refresh();
    }

    boxes.forEach(function (box) {
      var id = box.closest(".pb-item").getAttribute("data-item");
      box.disabled = false;
      box.checked = !!ticks[id];
      box.addEventListener("change", function () {
        /* Only this item is written, onto what is stored now: another tab's ticks stay. */
        var change = window.playbook.emptyTicks();
        change[id] = box.checked ? window.playbook.today() : null;
        ticks = window.playbook.changeTicks(fn, change);
        refresh();
      });
    });

    /* Another tab, or a team record loaded on this page, changed the stored ticks. */
    list.addEventListener("pb:ticks", function (event) {
      if (event.detail.function !== null && event.detail.function !== fn) return;
      showStored();
      /* The self-assessment follows the checklist's change events. */
      list.dispatchEvent(new Event("change", { bubbles: true }));
    });

    if (reset) {
      reset.hidden = false;
      reset.addEventListener("click", function () {
        var count = Object.keys(load(fn)).length;  /* what is stored, whichever tab ticked it */
        var name = (document.querySelector("h1") || {}).textContent || fn;
        if (!window.confirm("Clear all " + count + " ticks on the " + name.trim() + " checklist? This cannot be undone.")) return;
        ticks = window.playbook.replaceTicks(fn, {});
        showStored();
        if (progress) progress.focus();
      });
    }
    refresh();
  }

  function setUpPrintView() {
    var include = document.querySelector(".pb-include-ticks");
    var button = document.querySelector(".pb-print-button");
    if (!include && !button) return;

    function mark() {
      document.querySelectorAll(".pb-sheet").forEach(function (sheet) {
        var ticks = include && include.checked ? load(sheet.getAttribute("data-function")) : window.playbook.emptyTicks();
        sheet.querySelectorAll(".pb-box").forEach(function (box) {
          var on = !!ticks[box.getAttribute("data-item")];
          box.classList.toggle("is-ticked", on);
          box.setAttribute("role", "img");
          box.setAttribute("aria-label", on ? "done" : "not done");
        });
      });
    }

    document.querySelectorAll(".pb-sheet").forEach(function (sheet) { sheet.addEventListener("pb:ticks", mark); });
    if (include) {
      include.checked = /(^|[?&])ticks=1(&|$)/.test(window.location.search.slice(1));
      include.closest(".pb-include").hidden = false;
      include.addEventListener("change", mark);
    }
    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    }
    mark();
  }

  function setUp() {
    document.querySelectorAll(".pb-checklist[data-function]").forEach(setUpChecklist);
    setUpPrintView();
  }

  window.playbook.onEveryPage(setUp);
})();
