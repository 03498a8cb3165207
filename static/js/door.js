// The door list on a phone: find a name as you type, and record arrivals and companions with one
// small request each, updating the row in place. Without this script the page works by reloading.
(function () {
  var list = document.querySelector("[data-door-list]");
  if (!list) return;
  var rows = Array.prototype.slice.call(list.querySelectorAll(".door-person"));

  function plain(text) {  // accents and case aside, as the server compares names
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var search = document.querySelector("[data-door-search]");
  var none = document.querySelector("[data-door-none]");
  search.addEventListener("input", function () {
    var wanted = plain(search.value.trim());
    var shown = 0;
    rows.forEach(function (row) {
      var match = plain(row.dataset.name).indexOf(wanted) !== -1;
      row.hidden = !match;
      shown += match ? 1 : 0;
    });
    if (none) none.hidden = shown > 0 || wanted === "";
  });

  function recount() {
    var arrived = rows.filter(function (row) { return row.dataset.arrived === "yes"; });
    var companions = arrived.filter(function (row) { return row.dataset.companion === "yes"; });
    document.querySelector("[data-arrived]").textContent = arrived.length;
    document.querySelector("[data-companions]").textContent = companions.length
      ? ", with " + companions.length + " companion" + (companions.length === 1 ? "" : "s")
      : "";
  }

  function show(row) {
    var arrived = row.dataset.arrived === "yes";
    var companion = row.dataset.companion === "yes";
    var name = row.dataset.name;
    row.classList.toggle("is-arrived", arrived);
    row.querySelector("[data-state]").textContent = arrived
      ? "Arrived" + (companion ? ", with a companion" : "")
      : "Not arrived yet";
    var forms = row.querySelectorAll("[data-door-action]");
    var arrival = forms[0], withCompanion = forms[1];
    arrival.querySelector("[name=arrived]").value = arrived ? "no" : "yes";
    var button = arrival.querySelector("button");
    button.className = arrived ? "btn btn-outline-secondary" : "btn btn-primary";
    button.firstChild.textContent = arrived ? "Undo arrived" : "Arrived";
    withCompanion.querySelector("[name=companion]").value = companion ? "no" : "yes";
    withCompanion.querySelector("button").firstChild.textContent =
      companion ? "Remove companion" : "Add a companion";
    recount();
  }

  list.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-door-action]");
    if (!form) return;
    event.preventDefault();
    var row = form.closest(".door-person");
    var error = row.querySelector("[data-error]");
    var button = form.querySelector("button");
    button.disabled = true;
    error.textContent = "";
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (response.redirected) {  // the session ended: the sign-in page came back
          throw { said: "You have been signed out. Reload the page and sign in again." };
        }
        return response.json().then(function (answer) {
          if (!response.ok) throw { said: answer.error };
          return answer;
        });
      })
      .then(function (answer) {
        row.dataset.arrived = answer.arrived ? "yes" : "no";
        row.dataset.companion = answer.companion ? "yes" : "no";
        show(row);
      })
      .catch(function (problem) {  // a refusal says why; anything else is the connection
        error.textContent = (problem && problem.said) ||
          "That was not saved: check the connection and try again.";
      })
      .finally(function () { button.disabled = false; });
  });
})();
