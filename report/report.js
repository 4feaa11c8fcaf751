"use strict";
// Sorting and filtering of the report's tables. Cells are only ever read with
// textContent and rows moved, never parsed as HTML.
(function () {
  function key(cell, numeric) {
    var v = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (numeric) {
      var n = parseFloat(v);
      return isNaN(n) ? Infinity : n;
    }
    return v.toLowerCase();
  }
  function sortBy(table, th, index) {
    var numeric = th.getAttribute("data-type") === "num";
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute("aria-sort");
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows = rows.map(function (r, i) { return { r: r, k: key(r.cells[index], numeric), i: i }; });
    rows.sort(function (a, b) {
      if (a.k < b.k) return -dir;
      if (a.k > b.k) return dir;
      return a.i - b.i;
    });
    rows.forEach(function (x) { body.appendChild(x.r); });
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, index) {
      var b = th.querySelector("button");
      if (b) b.addEventListener("click", function () { sortBy(table, th, index); });
    });
  });

  var text = document.getElementById("failure-filter");
  var sector = document.getElementById("failure-sector");
  var count = document.getElementById("failure-count");
  var table = document.getElementById("failure-table");
  function filter() {
    if (!table) return;
    var q = text.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var s = sector.value;
    var shown = 0, rows = table.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i], hay = r.getAttribute("data-search");
      var ok = (!s || r.getAttribute("data-sector") === s) && q.every(function (w) { return hay.indexOf(w) >= 0; });
      r.hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = shown + " of " + rows.length + " rows";
  }
  if (text && sector) {
    text.addEventListener("input", filter);
    sector.addEventListener("change", filter);
  }

  // Printed, every causal chain is shown.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; opened.push(d); });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
