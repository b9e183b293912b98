/* Journey map: highlight one function's row (?function=<id>) or one journey stage's column
 * (?journey=<id>), as the links on function and journey pages ask, and let the reader show only
 * that row or column. Without this script the link still scrolls to the row or column.
 */
(function () {
  "use strict";

  function param(name) {
    var match = new RegExp("[?&]" + name + "=([a-z0-9-]+)(&|$)").exec(window.location.search);
    return match ? match[1] : null;
  }

  function setUp() {
    var table = document.querySelector("table.pb-map");
    var bar = document.querySelector(".pb-map-focus");
    if (!table || !bar) return;
    var fn = param("function");
    var journeyStage = param("journey");
    var row = fn ? table.querySelector('tr[data-function="' + fn + '"]') : null;
    var col = journeyStage ? table.querySelector('th[data-journey="' + journeyStage + '"]') : null;
    if (!row && !col) return;

    var cells = [];
    if (row) cells = Array.prototype.slice.call(row.children);
    if (col) cells = cells.concat(Array.prototype.slice.call(table.querySelectorAll('[data-journey="' + journeyStage + '"]')));
    cells.forEach(function (cell) { cell.classList.add("pb-hl"); });

    var names = [];
    if (row) names.push(row.querySelector("th").textContent.trim());
    if (col) names.push(col.textContent.trim());
    var what = row && col ? "this row and column" : row ? "this row" : "this column";
    bar.querySelector(".pb-map-focus-text").textContent = "Highlighted: " + names.join(" at ") + ".";
    var only = bar.querySelector(".pb-map-only");
    var all = bar.querySelector(".pb-map-all");
    only.textContent = "Show only " + what;

    function filter(on) {
      if (row) {
        table.querySelectorAll("tbody tr").forEach(function (tr) { tr.hidden = on && tr !== row; });
      }
      if (col) {
        table.querySelectorAll("[data-journey]").forEach(function (cell) {
          cell.classList.toggle("pb-map-hidden", on && cell.getAttribute("data-journey") !== journeyStage);
        });
      }
      only.hidden = on;
      all.hidden = !on;
      table.classList.toggle("pb-map-filtered", on);
    }

    only.addEventListener("click", function () { filter(true); all.focus(); });
    all.addEventListener("click", function () { filter(false); only.focus(); });
    filter(false);
    bar.hidden = false;
  }

  window.playbook.onEveryPage(setUp);
})();
