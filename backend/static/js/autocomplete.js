/* Autocomplete (communes, ROME job titles, skills): the server sends the suggestions (htmx); here the
   keyboard moves through them and a pick fills the field. */
(function () {
  "use strict";

  // Typing again forgets the previously picked code, so the server resolves the text.
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(".autocomplete input[type=text]")) return;
    var hidden = input.closest(".autocomplete").querySelector("input[type=hidden]");
    if (hidden) hidden.value = "";
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!target.matches) return;
    if (target.matches(".autocomplete input[type=text]")) fieldKey(event, target);
    else if (target.matches(".suggestions button")) suggestionKey(event, target);
  });

  // In the field: Enter picks the first suggestion instead of submitting half a word; Escape closes
  // the list; ArrowDown enters it.
  function fieldKey(event, input) {
    var list = input.closest(".autocomplete").querySelector(".suggestions");
    var first = list && list.querySelector("button");
    if (event.key === "Enter" && (first || input.closest("[data-skill-picker]"))) {
      // A skill search never submits the whole offer.
      event.preventDefault();
      if (first) first.click();
    } else if (event.key === "Escape" && list) {
      list.innerHTML = "";
    } else if (event.key === "ArrowDown" && first) {
      event.preventDefault();
      first.focus();
    }
  }

  // On a suggestion: arrows move between them (up from the first returns to the field), Escape closes.
  function suggestionKey(event, button) {
    var item = button.closest("li");
    if (event.key === "ArrowDown" && item.nextElementSibling) {
      event.preventDefault();
      var next = item.nextElementSibling.querySelector("button");
      if (next) next.focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      var prev = item.previousElementSibling && item.previousElementSibling.querySelector("button");
      (prev || button.closest(".autocomplete").querySelector("input[type=text]")).focus();
    } else if (event.key === "Escape") {
      var input = button.closest(".autocomplete").querySelector("input[type=text]");
      button.closest("ul").innerHTML = "";
      input.focus();
    }
  }

  // A commune or job title picked fills the hidden code and the visible label, and focus returns to
  // the field. (Skills are picked by skill-picker.js.)
  document.addEventListener("click", function (event) {
    var pick = event.target.closest(".suggestions button[data-insee], .suggestions button[data-code]");
    if (!pick) return;
    var box = pick.closest(".autocomplete");
    if (!box) return;
    var input = box.querySelector("input[type=text]");
    box.querySelector("input[type=hidden]").value = pick.dataset.insee || pick.dataset.code;
    input.value = pick.dataset.label;
    var list = pick.closest("ul");
    if (list) list.innerHTML = "";
    // At once, in this handler: a deferred focus could land after the person (or a test) has
    // already moved to the next field, and send what they type into this one.
    input.focus();
  });
})();
