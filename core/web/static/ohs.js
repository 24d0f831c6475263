// Progressive enhancement only: every page works without this file.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) { window.print(); }
});
document.addEventListener("submit", function (event) {
  var text = event.target.getAttribute("data-confirm");
  if (text && !window.confirm(text)) { event.preventDefault(); }
});
// «Что нужно» on the documents list: each kind asked separately, so the list itself opens at once.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-fill]").forEach(function (cell) {
    fetch(cell.getAttribute("data-fill"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) { if (html) { cell.innerHTML = html; } });
  });
});
