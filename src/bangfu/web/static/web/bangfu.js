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
})();
