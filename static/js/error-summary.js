// Progressive enhancement for the error summary (templates/includes/_error_summary.html).
// On a page sent back with errors, focus moves to the summary, so that a screen reader reads it
// first. A link in it then focuses its field with the question, hint and error still in view:
// these sit above the input, and a plain jump to the input would scroll them off the top.
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var input = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!input) {
      return;
    }
    event.preventDefault();
    (input.closest(".field-has-error") || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });
})();
