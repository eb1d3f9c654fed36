// Sorting for tables marked data-sortable (the overview of every goal): an enhancement
// only. Without JavaScript the table is in its published order and the filter pages
// narrow it. Each column heading becomes a button; aria-sort says the order.
(function () {
  "use strict";
  var collator = new Intl.Collator(document.documentElement.lang || "da", {numeric: true});
  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    var body = table.tBodies[0];
    if (!body) { return; }
    var hint = table.querySelector(".sort-hint");
    if (hint) { hint.hidden = false; }
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var order = collator.compare(a.cells[column].textContent.trim(),
                                       b.cells[column].textContent.trim());
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
