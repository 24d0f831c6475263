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
// The menu's groups (<details> in the header) work without this; with it, a click elsewhere or Escape closes the one
// open, and on a phone the current entry of the sideways-scrolling bar is brought into view.
document.addEventListener("click", function (event) {
  document.querySelectorAll(".menu-group details[open]").forEach(function (group) {
    if (!group.contains(event.target)) { group.removeAttribute("open"); }
  });
});
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") { return; }
  var open = document.querySelector(".menu-group details[open]");
  if (open) { open.removeAttribute("open"); open.querySelector("summary").focus(); }
});
document.addEventListener("DOMContentLoaded", function () {
  var here = document.querySelector(".menu-bar > li > [aria-current], .menu-bar summary.here");
  var bar = here && here.closest(".menu-bar");
  if (bar && bar.scrollWidth > bar.clientWidth) {
    var shift = here.getBoundingClientRect().left - bar.getBoundingClientRect().left;
    bar.scrollLeft += shift - (bar.clientWidth - here.offsetWidth) / 2;
  }
});
// Folded sections print unfolded, and fold back after.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details.fold:not([open])").forEach(function (d) { d.setAttribute("open", ""); d.dataset.folded = "1"; });
});
window.addEventListener("afterprint", function () {
  document.querySelectorAll("details.fold[data-folded]").forEach(function (d) { d.removeAttribute("open"); delete d.dataset.folded; });
});
// «отметить всех» above a list of checkboxes (acknowledgement on a document's card): ticks or clears every one of the
// form's boxes of that name. It is hidden until this script shows it: without the script each is ticked by hand.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-check-all]").forEach(function (all) {
    var holder = all.closest("[hidden]");
    if (holder) { holder.hidden = false; }
  });
});
document.addEventListener("change", function (event) {
  var all = event.target.closest("[data-check-all]");
  if (!all || !all.form) { return; }
  all.form.querySelectorAll('input[type=checkbox][name="' + all.getAttribute("data-check-all") + '"]').forEach(function (box) {
    box.checked = all.checked;
  });
});
