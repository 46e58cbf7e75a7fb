/* Koers: the little the pages need beyond HTML, without a framework.
   Loaded in <head> (not deferred) so the phone layout is known before the first paint.
   - The main menu folds behind a button on a phone (aria-expanded, Escape closes it).
   - A table wider than the screen scrolls sideways; it gets tabindex="0" so a keyboard
     user can scroll it too (WCAG 2.1.1). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setOpen(button, open) {
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (menu) { menu.classList.toggle("open", open); }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".menu-toggle");
    if (button) { setOpen(button, button.getAttribute("aria-expanded") !== "true"); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var button = document.querySelector('.menu-toggle[aria-expanded="true"]');
    if (button) { setOpen(button, false); button.focus(); }
  });

  function scrollableTables() {
    var tables = document.querySelectorAll("main table:not(.print-frame)");
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      if (table.scrollWidth > table.clientWidth + 1) {
        if (!table.hasAttribute("tabindex")) { table.setAttribute("tabindex", "0"); table.dataset.scrolls = "1"; }
      } else if (table.dataset.scrolls) {
        table.removeAttribute("tabindex"); delete table.dataset.scrolls;
      }
    }
  }
  document.addEventListener("DOMContentLoaded", scrollableTables);
  window.addEventListener("resize", scrollableTables);
  document.addEventListener("htmx:afterSettle", scrollableTables);
})();
