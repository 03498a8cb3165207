// Progressive enhancement: a live word count under any textarea with data-word-limit.
// Without JavaScript the hint still states the limit, and the server checks it.
(function () {
  "use strict";
  function words(text) {
    var trimmed = text.trim();
    return trimmed ? trimmed.split(/\s+/).length : 0;
  }
  document.querySelectorAll("textarea[data-word-limit]").forEach(function (area) {
    var limit = parseInt(area.getAttribute("data-word-limit"), 10);
    var counter = document.createElement("p");
    counter.className = "word-count";
    counter.id = area.id + "_count";
    counter.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", counter);
    var describedBy = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (describedBy ? describedBy + " " : "") + counter.id);
    function update() {
      var left = limit - words(area.value);
      counter.textContent = left >= 0
        ? "You have " + left + " word" + (left === 1 ? "" : "s") + " left."
        : "You have " + (-left) + " word" + (left === -1 ? "" : "s") + " too many.";
      counter.classList.toggle("word-count-over", left < 0);
    }
    area.addEventListener("input", update);
    update();
  });
})();
