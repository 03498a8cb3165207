// Beside each deadline in the admin, the sentence the public will read, kept up to date as the
// organiser types (seminars/deadlines.py writes the saved one; this only updates it).
(function () {
  var DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function dayInWords(date) {
    return DAYS[date.getUTCDay()] + " " + date.getUTCDate() + " " +
      MONTHS[date.getUTCMonth()] + " " + date.getUTCFullYear();
  }

  function said(field) {
    var inputs = field.querySelectorAll("input");
    var day = inputs[0].value;  // yyyy-mm-dd, or "" while incomplete
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return "";
    var date = new Date(day + "T00:00:00Z");
    if (field.hasAttribute("data-day-only")) return dayInWords(date);
    var time = inputs[1] ? inputs[1].value : "";
    if (time === "") return "23:59 on " + dayInWords(date);
    if (time === "00:00") {  // closing at midnight: the day before was the last day
      date.setUTCDate(date.getUTCDate() - 1);
      return "23:59 on " + dayInWords(date);
    }
    return time + " on " + dayInWords(date);
  }

  // One listener for the page: the admin loads this in <head>, before the fields exist.
  document.addEventListener("input", function (event) {
    var field = event.target.closest && event.target.closest(".deadline-field");
    if (!field) return;
    var words = said(field);
    field.querySelector(".deadline-sentence").textContent =
      words ? field.getAttribute("data-sentence").replace("{}", words) : "";
  });
})();
