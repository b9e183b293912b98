/* Journey map: highlight one function's row (?function=<id>) or one journey stage's column
 * (?journey=<id>), as the links on function and journey pages ask, and let the reader show only
 * that row or column. Without this script the link still scrolls to the row or column.
 * On a narrow screen (a phone) it shows one function's journey as a list, read from the table's
 * row, with a choice of function; the whole table stays one choice away.
 */
(function () {
  "use strict";

  function param(name) {
    var match = new RegExp("[?&]" + name + "=([a-z0-9-]+)(&|$)").exec(window.location.search);
    return match ? match[1] : null;
  }

  var PHONE = "(max-width: 44.9375em)";  /* Material's breakpoint for its own phone layout */

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  /* One function's row of the map as a list of journey stages, each with that cell's content. */
  function showOne(table, box, fn) {
    box.textContent = "";
    var row = table.querySelector('tr[data-function="' + fn + '"]');
    if (!row) return;
    box.appendChild(el("h2", row.querySelector("th").textContent.trim() + " across the customer journey", "pb-map-one-title"));
    var list = el("ol", null, "pb-map-one-list");
    table.querySelectorAll("thead th[data-journey]").forEach(function (th) {
      var stage = th.getAttribute("data-journey");
      var cell = row.querySelector('td[data-journey="' + stage + '"]');
      var li = el("li", null, cell && cell.classList.contains("pb-gap") ? "pb-gap" : null);
      var name = el("strong");
      name.appendChild(th.querySelector("a").cloneNode(true));
      li.appendChild(name);
      if (cell) Array.prototype.forEach.call(cell.childNodes, function (n) { li.appendChild(n.cloneNode(true)); });
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  function setUpPhone(table) {
    var phone = document.querySelector(".pb-map-phone");
    var frame = document.querySelector(".pb-map-scroll");
    if (!phone || !frame) return;
    var pick = phone.querySelector(".pb-map-pick");
    var box = phone.querySelector(".pb-map-one");
    var wanted = param("function");
    if (wanted && pick.querySelector('option[value="' + wanted + '"]')) pick.value = wanted;
    function apply() {
      var one = pick.value !== "" && window.matchMedia(PHONE).matches;
      frame.classList.toggle("pb-map-phone-hidden", one);
      box.hidden = !one;
      if (one) showOne(table, box, pick.value);
    }
    pick.addEventListener("change", apply);
    window.matchMedia(PHONE).addEventListener("change", apply);
    phone.hidden = false;
    apply();
  }

  function setUp() {
    var table = document.querySelector("table.pb-map");
    if (table) setUpPhone(table);
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
