/* Adoption checklists: ticks stored in this browser only, progress, reset, and printing.
 *
 * Every rule and every stored tick goes through window.playbook (playbook.js). The page works
 * without this script: the checklist is then a plain, readable list.
 */
(function () {
  "use strict";

  var pb = window.playbook;

  function done(count, total) {
    return count + " of " + total + " done";
  }

  function setUpChecklist(list) {
    var fn = list.getAttribute("data-function");
    if (!pb.fn(fn)) return;
    var ticks = pb.loadTicks(fn);
    var boxes = list.querySelectorAll(".pb-item input.pb-tick");
    var progress = list.querySelector(".pb-progress");
    var reset = list.querySelector(".pb-reset");
    var unsaved = list.querySelector(".pb-unsaved");

    function refresh() {
      var placed = pb.place(fn, ticks);
      list.querySelectorAll(".pb-stage").forEach(function (stage) {
        var count = placed.stages.filter(function (s) { return s.id === stage.getAttribute("data-stage"); })[0];
        var label = stage.querySelector(".pb-stage-progress");
        if (label && count) {
          label.textContent = done(count.done, count.total);
          label.hidden = false;
        }
      });
      if (progress) {
        progress.textContent = done(placed.done, pb.fn(fn).items.length);
        progress.hidden = false;
      }
      if (reset) reset.disabled = placed.done === 0;
      if (unsaved) unsaved.hidden = !pb.isUnsaved(fn);
    }

    function showStored() {
      ticks = pb.loadTicks(fn);
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
        var change = pb.emptyTicks();
        change[id] = box.checked ? pb.today() : null;
        ticks = pb.changeTicks(fn, change);
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
    /* The browser refused to store a tick: it stays ticked on this page, and the page says why. */
    list.addEventListener("pb:unsaved", function (event) {
      if (event.detail.function === fn) refresh();
    });

    if (reset) {
      reset.hidden = false;
      reset.addEventListener("click", function () {
        var count = Object.keys(pb.loadTicks(fn)).length;  /* what is stored, whichever tab ticked it */
        var name = (document.querySelector("h1") || {}).textContent || fn;
        if (!window.confirm("Clear all " + count + " ticks on the " + name.trim() + " checklist? This cannot be undone.")) return;
        ticks = pb.replaceTicks(fn, {});
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

    /* With "Include the ticks", each ticked item's box is ticked and its line says when it was done. */
    function mark() {
      document.querySelectorAll(".pb-sheet").forEach(function (sheet) {
        var fn = sheet.getAttribute("data-function");
        var ticks = include && include.checked && pb.fn(fn) ? pb.loadTicks(fn) : pb.emptyTicks();
        sheet.querySelectorAll(".pb-item").forEach(function (item) {
          var box = item.querySelector(".pb-box");
          var on = !!ticks[box.getAttribute("data-item")];
          box.classList.toggle("is-ticked", on);
          box.setAttribute("role", "img");
          box.setAttribute("aria-label", on ? "done" : "not done");
          var when = item.querySelector(".pb-done-on");
          if (when) {
            var date = on ? pb.tickDate(ticks[box.getAttribute("data-item")]) : null;
            when.textContent = on ? (date ? "Done " + date : "Done") : "";
            when.hidden = !on;
          }
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

  pb.onEveryPage(setUp);
})();
