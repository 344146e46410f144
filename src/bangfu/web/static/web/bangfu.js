/* Behaviour every page shares, kept out of the HTML: the Content-Security-Policy allows no inline scripts
   or event handler attributes (onchange=…). */
(function () {
  "use strict";
  // <select data-submit-on-change>: choosing an option submits its form (language, result filters).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-submit-on-change]") && field.form) {
      field.form.requestSubmit();
    }
  });

  // A table wider than the screen scrolls inside its .table-wrap box: that box takes the keyboard focus so
  // that it can be scrolled without a mouse (WCAG 2.1.1), and is named after its table's caption or heading.
  function scrollableTables(root) {
    (root || document).querySelectorAll(".table-wrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
        if (!box.hasAttribute("role")) { box.setAttribute("role", "region"); }
        if (!box.hasAttribute("aria-label")) {
          var section = box.closest("section, details, main");
          var heading = section && section.querySelector("h1, h2, h3, summary");
          if (heading) { box.setAttribute("aria-label", heading.textContent.trim()); }
        }
      } else if (box.hasAttribute("tabindex")) {
        box.removeAttribute("tabindex");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { scrollableTables(document); });
  document.addEventListener("htmx:afterSettle", function (event) { scrollableTables(event.target); });
  window.addEventListener("resize", function () { scrollableTables(document); });
  document.addEventListener("toggle", function (event) { scrollableTables(event.target); }, true);

  // <button data-print>: opens the browser's print dialogue (the printable household and village files).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) { event.preventDefault(); window.print(); }
  });
})();
